/**
 * @module API key lookups cached per process, because every authenticated request needs one. A key
 * row is cached for a few seconds at most; any change that can end its validity (revocation, expiry,
 * scopes) is announced by a trigger over NOTIFY (migration 0002) and evicts it in every process at
 * once. The TTL only bounds the damage of a notification lost while the listener reconnects, and the
 * cache is emptied whenever listening (re)starts. See docs/decisions/0013-api-key-cache.md.
 */
import { LRUCache } from 'lru-cache';
import type { ApiKeysRepository } from './api-keys-repository.js';
import type { Database } from './db.js';

export const API_KEYS_CHANNEL = 'api_keys_changed';

type ApiKeyRow = NonNullable<Awaited<ReturnType<ApiKeysRepository['findByHash']>>>;

export interface CachedApiKeysRepository extends ApiKeysRepository {
  /** Stops listening for changes. */
  close(): Promise<void>;
}

export async function createCachedApiKeysRepository(
  repository: ApiKeysRepository,
  database: Pick<Database, 'listen'>,
  options: { ttlMs?: number; maxEntries?: number } = {},
): Promise<CachedApiKeysRepository> {
  const hashById = new Map<string, string>();
  // Only known keys are cached, so random bearer strings can't flush real entries or grow memory.
  const byHash = new LRUCache<string, ApiKeyRow>({
    max: options.maxEntries ?? 10_000,
    ttl: options.ttlMs ?? 5_000,
    dispose: (row, hash) => {
      if (hashById.get(row.id) === hash) {
        hashById.delete(row.id);
      }
    },
  });
  const cachedById = (id: string) => {
    const hash = hashById.get(id);
    return hash === undefined ? undefined : byHash.peek(hash);
  };
  const forget = (id: string) => {
    const hash = hashById.get(id);
    if (hash !== undefined) {
      byHash.delete(hash);
    }
  };
  const unlisten = await database.listen(
    API_KEYS_CHANNEL,
    (hash) => byHash.delete(hash),
    () => byHash.clear(),
  );

  return {
    ...repository,

    async findByHash(keyHash: string) {
      const cached = byHash.get(keyHash);
      if (cached) {
        return cached;
      }
      const row = await repository.findByHash(keyHash);
      if (row) {
        byHash.set(keyHash, row);
        hashById.set(row.id, keyHash);
      }
      return row;
    },

    /** Revocations through this process take effect here before the notification arrives. */
    async revoke(id: string) {
      const revoked = await repository.revoke(id);
      forget(id);
      return revoked;
    },

    async revokeInOrganization(organizationId: string, id: string) {
      const row = await repository.revokeInOrganization(organizationId, id);
      forget(id);
      return row;
    },

    /** A rotation shortens the old key's expiry: with no overlap it must stop working at once. */
    async rotate(...args: Parameters<ApiKeysRepository['rotate']>) {
      const row = await repository.rotate(...args);
      forget(args[1]);
      return row;
    },

    /** Keeps the cached `last_used_at` current, so a cached key isn't touched on every request. */
    async touch(id: string, at: Date) {
      const row = cachedById(id);
      if (row) {
        row.lastUsedAt = at;
      }
      await repository.touch(id, at);
    },

    close: unlisten,
  };
}
