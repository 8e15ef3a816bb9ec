/**
 * @module `Idempotency-Key`: the first request with a key runs; later ones with the same request get its
 * response replayed for 24 hours, and the same key with a different request is refused.
 * docs/decisions/0024-idempotency-keys.md.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../errors.js';
import type { IdempotencyRepository, StoredResponse } from '../storage/idempotency-repository.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request that has held its key this long without answering is taken to have died with its process. */
const ABANDONED_AFTER_MS = 60_000;
/** How long a duplicate waits for the first request to answer before it is told to retry (409). */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;
const PURGE_EVERY_MS = 60 * 60 * 1000;

export type IdempotencyOutcome =
  | { kind: 'claimed'; claimToken: string }
  | { kind: 'replay'; response: StoredResponse };

/** SHA-256 over what makes two requests "the same": method, URL and the canonical JSON body. */
export function requestFingerprint(method: string, url: string, canonicalBody: string): string {
  return createHash('sha256').update(`${method} ${url}\n${canonicalBody}`).digest('hex');
}

export function createIdempotencyService(deps: {
  repository: IdempotencyRepository;
  clock?: () => Date;
  onPurgeError?: (error: unknown) => void;
}) {
  const { repository } = deps;
  const clock = deps.clock ?? (() => new Date());
  let lastPurge = 0;

  /** Expired keys are overwritten on reuse anyway; an hourly sweep keeps unused ones from piling up. */
  function purgeOccasionally(now: Date) {
    if (now.getTime() - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now.getTime();
      repository.purgeExpired(now).catch((error) => deps.onPurgeError?.(error));
    }
  }

  return {
    async begin(organizationId: string, key: string, fingerprint: string): Promise<IdempotencyOutcome> {
      const deadline = Date.now() + WAIT_FOR_FIRST_MS;
      for (;;) {
        const now = clock();
        const claimToken = randomUUID();
        const claimed = await repository.claim(
          {
            organization_id: organizationId,
            key,
            fingerprint,
            claim_token: claimToken,
            created_at: now,
            expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
          },
          new Date(now.getTime() - ABANDONED_AFTER_MS),
        );
        if (claimed) {
          purgeOccasionally(now);
          return { kind: 'claimed', claimToken };
        }
        const existing = await repository.find(organizationId, key);
        if (existing && existing.fingerprint !== fingerprint) {
          throw new ApiError('validation', 'Idempotency-Key reused with a different request', {
            idempotency_key: key,
          });
        }
        if (existing && existing.response_status !== null && existing.response_body !== null) {
          return {
            kind: 'replay',
            response: {
              status: existing.response_status,
              headers: existing.response_headers ?? {},
              body: existing.response_body,
            },
          };
        }
        // The first request is still running (or the record vanished): wait for its answer.
        if (Date.now() >= deadline) {
          throw new ApiError('conflict', 'A request with this Idempotency-Key is in progress', {
            idempotency_key: key,
          });
        }
        await sleep(POLL_MS);
      }
    },

    complete: (organizationId: string, key: string, claimToken: string, response: StoredResponse) =>
      repository.complete(organizationId, key, claimToken, response),

    release: (organizationId: string, key: string, claimToken: string) =>
      repository.release(organizationId, key, claimToken),
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
