/** @module API keys: looked up by the SHA-256 of the presented secret; the secret is never stored. */
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from './db.js';
import { apiKeys } from './schema.js';

export interface NewApiKey {
  id: string;
  keyHash: string;
  prefix: string;
  name: string | null;
  accountId: string;
  organizationId: string;
  scopes: string[];
  expiresAt: Date | null;
}

export function createApiKeysRepository(db: Executor) {
  return {
    async insert(key: NewApiKey): Promise<void> {
      await db.insert(apiKeys).values(key);
    },

    async findByHash(keyHash: string) {
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
      return row;
    },

    async listForOrganization(organizationId: string) {
      return db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.organizationId, organizationId))
        .orderBy(desc(apiKeys.createdAt));
    },

    async findById(id: string) {
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
      return row;
    },

    async findInOrganization(organizationId: string, id: string) {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, id)));
      return row;
    },

    /** Revokes an organization's key; an already revoked key keeps its first `revoked_at`. */
    async revokeInOrganization(organizationId: string, id: string) {
      const [row] = await db
        .update(apiKeys)
        .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
        .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, id)))
        .returning();
      return row;
    },

    /**
     * Replaces a live key in one transaction (never one without the other): inserts `next` with the old
     * key's name, scopes and account (and its expiry unless `next.expiresAt` is given), and moves the old
     * key's expiry to `oldExpiresAt` unless it already expires sooner. Returns the new row, or undefined
     * when the organization has no live key with that id.
     */
    async rotate(
      organizationId: string,
      id: string,
      next: { id: string; keyHash: string; prefix: string; expiresAt?: Date | null },
      oldExpiresAt: Date,
    ) {
      return db.transaction(async (tx) => {
        const [old] = await tx
          .select()
          .from(apiKeys)
          .where(
            and(
              eq(apiKeys.organizationId, organizationId),
              eq(apiKeys.id, id),
              isNull(apiKeys.revokedAt),
              or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
            ),
          )
          .for('update');
        if (!old) {
          return undefined;
        }
        if (!old.expiresAt || old.expiresAt > oldExpiresAt) {
          await tx.update(apiKeys).set({ expiresAt: oldExpiresAt }).where(eq(apiKeys.id, id));
        }
        const [row] = await tx
          .insert(apiKeys)
          .values({
            id: next.id,
            keyHash: next.keyHash,
            prefix: next.prefix,
            name: old.name,
            accountId: old.accountId,
            organizationId,
            scopes: old.scopes,
            expiresAt: next.expiresAt === undefined ? old.expiresAt : next.expiresAt,
          })
          .returning();
        return row;
      });
    },

    /** Revokes by id (ids are global); returns whether a live key was revoked. */
    async revoke(id: string): Promise<boolean> {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length > 0;
    },

    async touch(id: string, at: Date): Promise<void> {
      await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
