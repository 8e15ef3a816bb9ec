/**
 * @module The inventory API: on-hand counts per SKU and location, and what is reserved against them.
 * Setting on hand never touches reservations; availability is on hand − reserved.
 */
import { formatTimestamp } from '../domain/clock.js';
import type { Actor } from '../domain/order-event.js';
import { POOL_LOCATION, stockKey } from '../domain/stock.js';
import { notFound, validationFailed } from '../errors.js';
import type { Db } from '../storage/db.js';
import { createStockRepository, type StoredStockLevel } from '../storage/stock-repository.js';

export interface StockLevelInput {
  sku: string;
  /** Null or absent: the organization's pool. */
  destination_id?: string | null | undefined;
  on_hand: number;
  /** Absent keeps the stored threshold. */
  low_stock_threshold?: number | null | undefined;
}

export interface StockLevelView {
  sku: string;
  destination_id: string | null;
  on_hand: number;
  reserved: number;
  available: number;
  low_stock_threshold: number | null;
  low_stock: boolean;
  updated_at: string;
}

function toView(level: StoredStockLevel): StockLevelView {
  const available = level.on_hand - level.reserved;
  return {
    sku: level.sku,
    destination_id: level.location_id === POOL_LOCATION ? null : level.location_id,
    on_hand: level.on_hand,
    reserved: level.reserved,
    available,
    low_stock_threshold: level.low_stock_threshold,
    low_stock: available <= (level.low_stock_threshold ?? 0),
    // Raw rows hand timestamps back as text on one engine and Dates on the other.
    updated_at: formatTimestamp(new Date(level.updated_at)),
  };
}

export function createInventoryService(deps: { db: Db; clock?: () => Date }) {
  const stock = createStockRepository(deps.db);
  const clock = deps.clock ?? (() => new Date());

  /** Sets on-hand counts; a (sku, location) named twice in one request is refused as ambiguous. */
  async function setLevels(actor: Actor, inputs: readonly StockLevelInput[]): Promise<StockLevelView[]> {
    const seen = new Map<string, number>();
    const duplicates: Record<string, string> = {};
    inputs.forEach((input, index) => {
      const key = stockKey(input.sku, input.destination_id ?? POOL_LOCATION);
      const first = seen.get(key);
      if (first !== undefined) {
        duplicates[`items[${index}]`] = `repeats items[${first}] (same sku and destination_id)`;
      }
      seen.set(key, first ?? index);
    });
    if (Object.keys(duplicates).length > 0) {
      throw validationFailed(duplicates);
    }
    const rows = await stock.upsertLevels(
      actor.organizationId,
      inputs.map((input) => ({
        sku: input.sku,
        location_id: input.destination_id ?? POOL_LOCATION,
        on_hand: input.on_hand,
        low_stock_threshold: input.low_stock_threshold,
      })),
      clock(),
    );
    // Answered in request order (the upsert returns rows grouped by statement).
    const byKey = new Map(rows.map((row) => [stockKey(row.sku, row.location_id), row]));
    return inputs.map((input) =>
      toView(byKey.get(stockKey(input.sku, input.destination_id ?? POOL_LOCATION)) as StoredStockLevel),
    );
  }

  return {
    async setLevel(actor: Actor, input: StockLevelInput): Promise<StockLevelView> {
      const [view] = await setLevels(actor, [input]);
      return view as StockLevelView;
    },

    setLevels,

    /** Every location's row of one SKU; 404 when the SKU is not tracked. */
    async getSku(actor: Actor, sku: string): Promise<StockLevelView[]> {
      const rows = await stock.findLevels(actor.organizationId, sku);
      if (rows.length === 0) {
        throw notFound('SKU', { sku });
      }
      return rows.map(toView);
    },

    async listLevels(
      actor: Actor,
      query: { skus?: readonly string[] | undefined; lowStock?: boolean | undefined; limit: number },
    ): Promise<StockLevelView[]> {
      return (await stock.listLevels(actor.organizationId, query)).map(toView);
    },
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
