/**
 * @module Exact `total_items` without counting on every page. A count is cached per organization and
 * filter set together with the organization's ledger version it was read at; the ledger version
 * changes in every transaction that writes the organization's orders (a trigger, migration 0002), so
 * a cached count is served only while it is still exact — in every process over the same database.
 */
import { LRUCache } from 'lru-cache';
import { filterKey, type OrderFilter } from '../domain/order-filter.js';
import type { OrdersRepository } from '../storage/orders-repository.js';

interface CachedCount {
  count: number;
  version: number;
}

export function createOrderCountCache(
  orders: Pick<OrdersRepository, 'ledgerVersion' | 'countAtVersion'>,
  options: { maxEntries?: number } = {},
) {
  const cache = new LRUCache<string, CachedCount>({ max: options.maxEntries ?? 10_000 });

  return {
    async count(organizationId: string, filter: OrderFilter): Promise<number> {
      const key = `${organizationId}\u0000${filterKey(filter)}`;
      const cached = cache.get(key);
      if (cached && cached.version === (await orders.ledgerVersion(organizationId))) {
        return cached.count;
      }
      const fresh = await orders.countAtVersion(organizationId, filter);
      cache.set(key, fresh);
      return fresh.count;
    },
  };
}

export type OrderCountCache = ReturnType<typeof createOrderCountCache>;
