/**
 * @module The `Idempotency-Key` header on authenticated POST / PUT / PATCH / DELETE routes. Runs after
 * authentication and body validation, so a key is only taken by a request that will actually run.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import stringify from 'safe-stable-stringify';
import { validationFailed } from '../../errors.js';
import { type IdempotencyService, requestFingerprint } from '../../services/idempotency-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request holds an idempotency key and must record its response. */
    idempotencyClaim: { key: string; claimToken: string } | null;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Printable ASCII, as Stripe and the IETF draft use (UUIDs, ULIDs, hashes…). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Response headers a replay must repeat to mean the same thing. */
const REPLAYED_HEADERS = ['content-type', 'etag'] as const;

function replay(
  reply: FastifyReply,
  response: { status: number; headers: Record<string, string>; body: string },
) {
  return reply
    .status(response.status)
    .headers(response.headers)
    .header('idempotent-replayed', 'true')
    .send(response.body);
}

export function registerIdempotency(app: FastifyInstance, idempotency: IdempotencyService): void {
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITE_METHODS.has(request.method) || !request.routeOptions.config.scope) {
      return;
    }
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw validationFailed({ 'idempotency-key': 'must be 1 to 255 printable ASCII characters' });
    }
    const fingerprint = requestFingerprint(
      request.method,
      request.url,
      stringify(request.body ?? null) ?? 'null',
    );
    const outcome = await idempotency.begin(request.tenant.organizationId, header, fingerprint);
    if (outcome.kind === 'replay') {
      return replay(reply, outcome.response);
    }
    request.idempotencyClaim = { key: header, claimToken: outcome.claimToken };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) {
      return payload;
    }
    request.idempotencyClaim = null;
    const organizationId = request.tenant.organizationId;
    try {
      // A 5xx is our failure, not an answer: give the key back so that a retry runs again.
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        await idempotency.release(organizationId, claim.key, claim.claimToken);
      } else {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) {
            headers[name] = String(value);
          }
        }
        await idempotency.complete(organizationId, claim.key, claim.claimToken, {
          status: reply.statusCode,
          headers,
          body: payload,
        });
      }
    } catch (error) {
      // The response itself is fine; an unrecorded key is taken over once it counts as abandoned.
      request.log.warn({ err: error, idempotencyKey: claim.key }, 'could not record idempotent response');
    }
    return payload;
  });
}
