/**
 * @module Stock levels and the stock movements of orders. Every method takes the organization first.
 * Rows that a reservation decides on are read with `lockLevels` (FOR UPDATE, in key order) so that
 * concurrent orders for the last units queue on the row instead of both seeing it free.
 */
import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { StockLevel, StockLine, StockMovementKind } from '../domain/stock.js';
import { type Executor, queryRows } from './db.js';
import { insertFromJson } from './json-rows.js';
import { stockLevels, stockMovements } from './schema.js';

export interface StoredStockLevel extends StockLevel {
  low_stock_threshold: number | null;
  updated_at: Date;
}

export interface StockLevelWrite {
  sku: string;
  location_id: string;
  on_hand: number;
  /** Undefined keeps the stored threshold (none for a new row). */
  low_stock_threshold?: number | null | undefined;
}

export interface NewStockMovement extends StockLine {
  organization_id: string;
  order_id: string;
  order_version: number;
  kind: StockMovementKind;
  occurred_at: Date;
}

export interface StockListQuery {
  skus?: readonly string[] | undefined;
  lowStock?: boolean | undefined;
  limit: number;
}

/** Low stock: available at or under the row's threshold (0 when it has none). */
const isLowStock = sql`${stockLevels.on_hand} - ${stockLevels.reserved} <= coalesce(${stockLevels.low_stock_threshold}, 0)`;

/** The columns a stock level is returned with. */
const levelColumns = {
  sku: stockLevels.sku,
  location_id: stockLevels.location_id,
  on_hand: stockLevels.on_hand,
  reserved: stockLevels.reserved,
  low_stock_threshold: stockLevels.low_stock_threshold,
  updated_at: stockLevels.updated_at,
};

export function createStockRepository(db: Executor) {
  return {
    /**
     * Locks and returns the rows of these SKUs at these locations. Always in (sku, location) order,
     * so two transactions that want overlapping rows take them in the same order and cannot deadlock.
     */
    async lockLevels(
      organizationId: string,
      skus: readonly string[],
      locationIds: readonly string[],
    ): Promise<StockLevel[]> {
      if (skus.length === 0) {
        return [];
      }
      return db
        .select({
          sku: stockLevels.sku,
          location_id: stockLevels.location_id,
          on_hand: stockLevels.on_hand,
          reserved: stockLevels.reserved,
        })
        .from(stockLevels)
        .where(
          and(
            eq(stockLevels.organization_id, organizationId),
            inArray(stockLevels.sku, [...skus]),
            inArray(stockLevels.location_id, [...locationIds]),
          ),
        )
        .orderBy(asc(stockLevels.sku), asc(stockLevels.location_id))
        .for('update');
    },

    /** Adds to a row's on-hand and reserved counts (negative to take away). */
    async adjust(
      organizationId: string,
      line: Pick<StockLine, 'sku' | 'location_id'>,
      delta: { onHand: number; reserved: number },
      now: Date,
    ): Promise<void> {
      await db
        .update(stockLevels)
        .set({
          on_hand: sql`${stockLevels.on_hand} + ${delta.onHand}`,
          reserved: sql`${stockLevels.reserved} + ${delta.reserved}`,
          updated_at: now,
        })
        .where(
          and(
            eq(stockLevels.organization_id, organizationId),
            eq(stockLevels.sku, line.sku),
            eq(stockLevels.location_id, line.location_id),
          ),
        );
    },

    /** Sets on-hand counts (creating rows as needed); reservations are left as they are. */
    async upsertLevels(
      organizationId: string,
      rows: readonly StockLevelWrite[],
      now: Date,
    ): Promise<StoredStockLevel[]> {
      if (rows.length === 0) {
        return [];
      }
      // Rows that leave the threshold out keep the stored one: they go in a statement that doesn't set it.
      const keep = rows.filter((row) => row.low_stock_threshold === undefined);
      const set = rows.filter((row) => row.low_stock_threshold !== undefined);
      const upsert = async (group: readonly StockLevelWrite[], setThreshold: boolean) =>
        group.length === 0
          ? []
          : queryRows<StoredStockLevel>(
              db,
              insertFromJson(
                stockLevels,
                group.map((row) => ({
                  organization_id: organizationId,
                  sku: row.sku,
                  location_id: row.location_id,
                  on_hand: row.on_hand,
                  low_stock_threshold: row.low_stock_threshold ?? null,
                  updated_at: now,
                })),
                sql`on conflict (organization_id, sku, location_id) do update set on_hand = excluded.on_hand,
                  ${setThreshold ? sql`low_stock_threshold = excluded.low_stock_threshold,` : sql``}
                  updated_at = excluded.updated_at
                  returning sku, location_id, on_hand, reserved, low_stock_threshold, updated_at`,
              ),
            );
      return [...(await upsert(set, true)), ...(await upsert(keep, false))];
    },

    async findLevels(organizationId: string, sku: string): Promise<StoredStockLevel[]> {
      return db
        .select(levelColumns)
        .from(stockLevels)
        .where(and(eq(stockLevels.organization_id, organizationId), eq(stockLevels.sku, sku)))
        .orderBy(asc(stockLevels.location_id));
    },

    async listLevels(organizationId: string, query: StockListQuery): Promise<StoredStockLevel[]> {
      const conditions: SQL[] = [eq(stockLevels.organization_id, organizationId)];
      if (query.skus && query.skus.length > 0) {
        conditions.push(inArray(stockLevels.sku, [...query.skus]));
      }
      if (query.lowStock !== undefined) {
        conditions.push(query.lowStock ? isLowStock : sql`not (${isLowStock})`);
      }
      return db
        .select(levelColumns)
        .from(stockLevels)
        .where(and(...conditions))
        .orderBy(asc(stockLevels.sku), asc(stockLevels.location_id))
        .limit(query.limit);
    },

    async appendMovements(movements: readonly NewStockMovement[]): Promise<void> {
      if (movements.length > 0) {
        await db.execute(insertFromJson(stockMovements, movements));
      }
    },

    /**
     * What an order still holds per stock row: units reserved and not yet released or committed, and
     * units committed and not yet restocked.
     */
    async holdingsOf(
      organizationId: string,
      orderId: string,
    ): Promise<Array<{ sku: string; location_id: string; reserved: number; committed: number }>> {
      const rows = await queryRows<{ sku: string; location_id: string; reserved: string; committed: string }>(
        db,
        sql`select sku, location_id,
              sum(case kind when 'reserved' then quantity when 'released' then -quantity when 'committed' then -quantity else 0 end) as reserved,
              sum(case kind when 'committed' then quantity when 'restocked' then -quantity else 0 end) as committed
            from ${stockMovements}
            where organization_id = ${organizationId} and order_id = ${orderId}
            group by sku, location_id
            order by sku, location_id`,
      );
      return rows.map((row) => ({
        sku: row.sku,
        location_id: row.location_id,
        reserved: Number(row.reserved),
        committed: Number(row.committed),
      }));
    },

    /** An order's movements for versions after `afterVersion`, oldest first. */
    async movementsOf(organizationId: string, orderId: string, afterVersion: number) {
      return db
        .select({
          order_version: stockMovements.order_version,
          kind: stockMovements.kind,
          sku: stockMovements.sku,
          location_id: stockMovements.location_id,
          quantity: stockMovements.quantity,
        })
        .from(stockMovements)
        .where(
          and(
            eq(stockMovements.organization_id, organizationId),
            eq(stockMovements.order_id, orderId),
            gt(stockMovements.order_version, afterVersion),
          ),
        )
        .orderBy(asc(stockMovements.seq));
    },
  };
}

export type StockRepository = ReturnType<typeof createStockRepository>;
