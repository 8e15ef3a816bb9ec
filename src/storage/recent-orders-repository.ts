/** @module The newest live orders of an organization, for the polling view (src/polling/). */
import { and, sql } from 'drizzle-orm';
import type { SnapshotSource } from '../domain/envelope.js';
import { toSortSpec } from '../domain/order-filter.js';
import type { Executor } from './db.js';
import { filterConditions, sortOrder } from './order-filter-sql.js';
import { toSnapshotSource } from './orders-repository.js';
import { orders } from './schema.js';

export interface RecentOrder extends SnapshotSource {
  /** `created_at` in Unix microseconds: PostgreSQL's own precision, so comparisons stay exact. */
  createdMicros: bigint;
}

export function createRecentOrdersRepository(db: Executor) {
  return {
    /**
     * Live orders created at or after `since` (RFC 3339), in the list's `-created` order, at most
     * `limit`. The same filter and order SQL as the list, so both paths agree on ties and bounds.
     */
    async createdSince(organizationId: string, since: string, limit: number): Promise<RecentOrder[]> {
      const rows = await db
        .select({
          id: orders.id,
          organization_id: orders.organization_id,
          source: orders.source,
          app_slug: orders.app_slug,
          snapshot: orders.snapshot,
          created_micros: sql<string>`(extract(epoch from ${orders.created_at}) * 1000000)::bigint::text`,
        })
        .from(orders)
        .where(and(filterConditions(organizationId, { from: since })))
        .orderBy(...sortOrder(toSortSpec('-created')))
        .limit(limit);
      return rows.map((row) => ({ ...toSnapshotSource(row), createdMicros: BigInt(row.created_micros) }));
    },
  };
}
