import { describe, expect, it, vi } from 'vitest';
import type { ApiKeysRepository } from './api-keys-repository.js';
import { createCachedApiKeysRepository } from './cached-api-keys-repository.js';

type Row = NonNullable<Awaited<ReturnType<ApiKeysRepository['findByHash']>>>;

function setup(ttlMs = 60_000) {
  const row = { id: 'key_1', keyHash: 'h1', lastUsedAt: null } as unknown as Row;
  const repository = {
    findByHash: vi.fn(async (hash: string) => (hash === 'h1' ? { ...row } : undefined)),
    revoke: vi.fn(async () => true),
    touch: vi.fn(async () => {}),
  } as unknown as ApiKeysRepository;
  const channel: { notify?: (payload: string) => void; relisten?: () => void } = {};
  const database = {
    async listen(_: string, onNotify: (payload: string) => void, onListen: () => void) {
      channel.notify = onNotify;
      channel.relisten = onListen;
      onListen();
      return async () => {};
    },
  };
  return { repository, channel, database, ttlMs };
}

describe('cached API key lookups', () => {
  it('serve a known key from memory until a change is announced, a reconnect, or a revocation here', async () => {
    const { repository, channel, database } = setup();
    const cached = await createCachedApiKeysRepository(repository, database);
    await cached.findByHash('h1');
    await cached.findByHash('h1');
    expect(repository.findByHash).toHaveBeenCalledTimes(1);
    channel.notify?.('h1');
    await cached.findByHash('h1');
    expect(repository.findByHash).toHaveBeenCalledTimes(2);
    channel.relisten?.();
    await cached.findByHash('h1');
    expect(repository.findByHash).toHaveBeenCalledTimes(3);
    await cached.revoke('key_1');
    await cached.findByHash('h1');
    expect(repository.findByHash).toHaveBeenCalledTimes(4);
  });

  it('never caches unknown keys, and forgets known ones after the TTL', async () => {
    const { repository, database } = setup();
    const cached = await createCachedApiKeysRepository(repository, database, { ttlMs: 20 });
    await cached.findByHash('nope');
    await cached.findByHash('nope');
    expect(repository.findByHash).toHaveBeenCalledTimes(2);
    await cached.findByHash('h1');
    await new Promise((resolve) => setTimeout(resolve, 40));
    await cached.findByHash('h1');
    expect(repository.findByHash).toHaveBeenCalledTimes(4);
  });

  it('records a touch on the cached row, so the next request does not touch again', async () => {
    const { repository, database } = setup();
    const cached = await createCachedApiKeysRepository(repository, database);
    await cached.findByHash('h1');
    const at = new Date();
    await cached.touch('key_1', at);
    expect((await cached.findByHash('h1'))?.lastUsedAt).toBe(at);
    expect(repository.touch).toHaveBeenCalledWith('key_1', at);
  });
});
