/**
 * @module Bearer-key authentication. Runs before body parsing, so an anonymous caller learns nothing
 * about validation; a route opts in by naming the scope it needs in `config.scope`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Scope, Tenant } from '../../domain/tenant.js';
import { ApiError } from '../../errors.js';
import type { ApiKeysService } from '../../services/api-keys-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
  }
  interface FastifyContextConfig {
    /** The scope the route requires; routes without one are public. */
    scope?: Scope;
  }
}

function bearerSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new ApiError('unauthenticated', 'INVALID_AUTH', { reason: 'malformed_authorization_header' });
  }
  return match[1];
}

/** Every later line of this request (the completion line too) says who called which route. */
function bindLog(request: FastifyRequest, reply: FastifyReply, bindings: Record<string, string>): void {
  const child = request.log.child(bindings);
  request.log = child;
  reply.log = child;
}

export function registerApiKeyAuth(app: FastifyInstance, apiKeys: ApiKeysService): void {
  app.decorateRequest('tenant', null as unknown as Tenant);
  app.addHook('onRequest', async (request, reply) => {
    const scope = request.routeOptions.config.scope;
    const route = request.routeOptions.url ?? 'unmatched';
    bindLog(request, reply, { route });
    if (!scope) {
      return;
    }
    const override = request.headers['x-organization-id'];
    const tenant = await apiKeys.authenticate(
      bearerSecret(request),
      typeof override === 'string' ? override : undefined,
    );
    if (!tenant.scopes.includes(scope)) {
      throw new ApiError('forbidden', 'INSUFFICIENT_SCOPE', { required_scope: scope });
    }
    request.tenant = tenant;
    bindLog(request, reply, { organization_id: tenant.organizationId, api_key_id: tenant.apiKeyId });
  });
}
