/** @module Stored `Idempotency-Key` requests and their responses (`idempotency_keys`). */
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from './db.js';
import { idempotencyKeys } from './schema.js';

export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function createIdempotencyRepository(db: Executor) {
  return {
    /**
     * Takes the key for a request, atomically: inserts it, or takes over an expired record, or one
     * whose request with the same fingerprint started before `abandonedBefore` and never answered (its
     * process died). Returns false when someone else holds the key.
     */
    async claim(
      record: Pick<
        IdempotencyRecord,
        'organization_id' | 'key' | 'fingerprint' | 'claim_token' | 'created_at' | 'expires_at'
      >,
      abandonedBefore: Date,
    ): Promise<boolean> {
      // A Date inside raw SQL reaches postgres.js unconverted, so the bound is passed as text.
      const rows = await db
        .insert(idempotencyKeys)
        .values(record)
        .onConflictDoUpdate({
          target: [idempotencyKeys.organization_id, idempotencyKeys.key],
          set: {
            fingerprint: sql`excluded.fingerprint`,
            claim_token: sql`excluded.claim_token`,
            response_status: null,
            response_headers: null,
            response_body: null,
            created_at: sql`excluded.created_at`,
            expires_at: sql`excluded.expires_at`,
          },
          setWhere: sql`${idempotencyKeys.expires_at} <= excluded.created_at or (
            ${idempotencyKeys.response_status} is null
            and ${idempotencyKeys.fingerprint} = excluded.fingerprint
            and ${idempotencyKeys.created_at} < ${abandonedBefore.toISOString()}::timestamptz)`,
        })
        .returning({ key: idempotencyKeys.key });
      return rows.length > 0;
    },

    async find(organizationId: string, key: string): Promise<IdempotencyRecord | undefined> {
      const [row] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.organization_id, organizationId), eq(idempotencyKeys.key, key)));
      return row;
    },

    /** Records the response, if this claim still holds the key. */
    async complete(organizationId: string, key: string, claimToken: string, response: StoredResponse) {
      await db
        .update(idempotencyKeys)
        .set({
          response_status: response.status,
          response_headers: response.headers,
          response_body: response.body,
        })
        .where(
          and(
            eq(idempotencyKeys.organization_id, organizationId),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.claim_token, claimToken),
          ),
        );
    },

    /** Gives the key up (the request failed on our side), so that a retry runs again. */
    async release(organizationId: string, key: string, claimToken: string) {
      await db
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.organization_id, organizationId),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.claim_token, claimToken),
          ),
        );
    },

    async purgeExpired(now: Date): Promise<void> {
      await db.delete(idempotencyKeys).where(lte(idempotencyKeys.expires_at, now));
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
