/**
 * @module Reading every order of a filter for an export: keyset batches (sort key + id, as cursor
 * pagination does) on both engines, so memory holds one batch whatever the row count, and a consumer
 * that stops iterating stops the reads. See docs/decisions/0050-order-export.md.
 */
import type { SnapshotSource } from '../domain/envelope.js';
import type { Actor } from '../domain/order-event.js';
import { type OrderFilter, type OrderSort, toSortSpec } from '../domain/order-filter.js';
import type { Db } from '../storage/db.js';
import { createOrdersRepository } from '../storage/orders-repository.js';

/** Rows per query: large enough that round trips don't dominate, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 1000;

export interface ExportSelection {
  filter: OrderFilter;
  sort: OrderSort;
}

export function createOrdersExportService(deps: { db: Db; batchSize?: number }) {
  const orders = createOrdersRepository(deps.db);
  const batchSize = deps.batchSize ?? EXPORT_BATCH_SIZE;

  return {
    /** The matching orders in sort order, one batch at a time; `return()` ends it between batches. */
    async *exportBatches(actor: Actor, selection: ExportSelection): AsyncGenerator<SnapshotSource[]> {
      const sort = toSortSpec(selection.sort);
      let after: { key: string; id: string } | undefined;
      for (;;) {
        const rows = await orders.listPage(actor.organizationId, selection.filter, {
          sort,
          limit: batchSize,
          after,
        });
        if (rows.length > 0) {
          yield rows;
        }
        const last = rows.at(-1);
        if (!last || rows.length < batchSize) {
          return;
        }
        after = { key: last.sort_key, id: last.id };
      }
    },
  };
}

export type OrdersExportService = ReturnType<typeof createOrdersExportService>;
