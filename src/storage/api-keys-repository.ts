/** @module API keys: looked up by the SHA-256 of the presented secret; the secret is never stored. */
import { and, desc, eq, isNull } from 'drizzle-orm';
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
