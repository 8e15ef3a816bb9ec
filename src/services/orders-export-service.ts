/**
 * @module Reading every order of a filter for an export. On PostgreSQL the server's COPY writes CSV and
 * JSON Lines itself; everywhere else (PGlite, and XLSX on both engines) keyset batches (sort key + id,
 * as cursor pagination does) hold one batch in memory whatever the row count, and a consumer that stops
 * iterating stops the reads. See docs/decisions/0050, 0051 and 0052.
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Actor } from '../domain/order-event.js';
import { type OrderFilter, type OrderSort, toSortSpec } from '../domain/order-filter.js';
import type { CopyOut } from '../storage/copy-out.js';
import { type Db, queryRows } from '../storage/db.js';
import {
  type ExportLines,
  type ExportRowsShape,
  exportRowsQuery,
  exportSheetRowsQuery,
  exportSnapshotsQuery,
} from '../storage/order-export-sql.js';
import { createOrdersRepository } from '../storage/orders-repository.js';

/** Orders per query: large enough that round trips don't dominate, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 1000;

export interface ExportSelection {
  filter: OrderFilter;
  sort: OrderSort;
}

/** A cell as PostgreSQL renders it for the export: text in the order JSON's form, or null. */
export type Cell = string | null;

type PositionedRow = Record<string, Cell> & { export_sort_key: string; export_id: string };

export function createOrdersExportService(deps: {
  db: Db;
  copyOut?: CopyOut | undefined;
  batchSize?: number;
}) {
  const orders = createOrdersRepository(deps.db);
  const batchSize = deps.batchSize ?? EXPORT_BATCH_SIZE;
  const { copyOut } = deps;

  return {
    /** Whether `copyCsv` and `copyJsonl` are available (PostgreSQL). */
    canCopy: copyOut !== undefined,

    /** The matching orders' stored snapshots in sort order, one batch at a time. */
    async *snapshotBatches(actor: Actor, selection: ExportSelection): AsyncGenerator<string[]> {
      const sort = toSortSpec(selection.sort);
      let after: { key: string; id: string } | undefined;
      for (;;) {
        const rows = await orders.listPage(actor.organizationId, selection.filter, {
          sort,
          limit: batchSize,
          after,
        });
        if (rows.length > 0) {
          yield rows.map((row) => row.snapshot);
        }
        const last = rows.at(-1);
        if (!last || rows.length < batchSize) {
          return;
        }
        after = { key: last.sort_key, id: last.id };
      }
    },

    /** The export's rows (cells in `exportColumns` order), a batch of orders at a time. */
    async *rowBatches(
      actor: Actor,
      selection: ExportSelection,
      shape: ExportRowsShape,
    ): AsyncGenerator<Cell[][]> {
      const sort = toSortSpec(selection.sort);
      let after: { key: string; id: string } | undefined;
      for (;;) {
        const query = exportRowsQuery(actor.organizationId, selection.filter, sort, shape, {
          limit: batchSize,
          after,
        });
        const rows = await queryRows<PositionedRow>(deps.db, query);
        if (rows.length > 0) {
          // The position is the last two columns; the cells are the rest, in select order.
          yield rows.map((row) => Object.values(row).slice(0, -2));
        }
        const last = rows.at(-1);
        if (!last || ordersIn(rows) < batchSize) {
          return;
        }
        after = { key: last.export_sort_key, id: last.export_id };
      }
    },

    /** The CSV file, header first, as PostgreSQL's COPY writes it (records end with LF). */
    copyCsv(actor: Actor, selection: ExportSelection, lines: ExportLines): Promise<Readable> {
      const query = exportRowsQuery(actor.organizationId, selection.filter, toSortSpec(selection.sort), {
        lines,
        neutralize: true,
      });
      return requireCopy()(sql`copy (${query}) to stdout with (format csv, header)`);
    },

    /** The XLSX sheet's rows as XML, one per line (see copyJsonl for why COPY never quotes one). */
    copySheetRows(actor: Actor, selection: ExportSelection, lines: ExportLines): Promise<Readable> {
      const query = exportSheetRowsQuery(
        actor.organizationId,
        selection.filter,
        toSortSpec(selection.sort),
        lines,
      );
      return requireCopy()(
        sql`copy (${query}) to stdout with (format csv, delimiter E'\\x01', quote E'\\x02')`,
      );
    },

    /**
     * The stored snapshots, one per line. Snapshots are compact JSON, which has no byte below 0x20, so
     * with control characters as COPY's quote and delimiter a snapshot is never quoted: COPY writes it
     * as it is, followed by LF.
     */
    copyJsonl(actor: Actor, selection: ExportSelection): Promise<Readable> {
      const query = exportSnapshotsQuery(actor.organizationId, selection.filter, toSortSpec(selection.sort));
      return requireCopy()(
        sql`copy (${query}) to stdout with (format csv, delimiter E'\\x01', quote E'\\x02')`,
      );
    },
  };

  function requireCopy(): CopyOut {
    if (!copyOut) {
      throw new Error('COPY needs the PostgreSQL engine');
    }
    return copyOut;
  }
}

/** How many orders a page of rows holds (with `lines=items`, an order's lines are adjacent rows). */
function ordersIn(rows: readonly PositionedRow[]): number {
  let count = 0;
  let previous: string | undefined;
  for (const row of rows) {
    if (row.export_id !== previous) {
      count += 1;
      previous = row.export_id;
    }
  }
  return count;
}

export type OrdersExportService = ReturnType<typeof createOrdersExportService>;
