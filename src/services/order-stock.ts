/**
 * @module The stock side of order writes, run inside the order's own transaction: creates reserve
 * (all tracked lines or none), and later changes release, commit or restock what the order holds.
 * Each movement is recorded against the order version that caused it (docs/decisions/0070-stock.md).
 */
import type { OrderRecord } from '../domain/order.js';
import {
  demandOf,
  levelDelta,
  POOL_LOCATION,
  planReservations,
  type ReservationRequest,
  type StockLevel,
  type StockLine,
  type StockMovementKind,
  stockActionFor,
  stockKey,
} from '../domain/stock.js';
import { ApiError } from '../errors.js';
import type { Tx } from '../storage/db.js';
import { createStockRepository, type NewStockMovement } from '../storage/stock-repository.js';

export type ReservationOutcome = { ok: true; lines: StockLine[] } | { ok: false; error: ApiError };

/** The contract-shaped refusal: `422 {error: "OUT_OF_STOCK", details: {<sku>: {requested, available}}}`. */
export function outOfStock(details: Record<string, { requested: number; available: number }>): ApiError {
  return new ApiError('validation', 'OUT_OF_STOCK', details);
}

/**
 * Locks the stock rows a batch of new orders could draw on and decides which orders fit. Nothing is
 * written yet: `recordCreatedOrders` writes the reservations of the orders that were inserted.
 */
export async function reserveForNewOrders(
  tx: Tx,
  organizationId: string,
  requests: ReadonlyArray<ReservationRequest & { order_status: OrderRecord['order_status'] }>,
): Promise<ReservationOutcome[]> {
  // An order created cancelled or returned holds nothing, so it asks for nothing.
  const asking = requests.map((request) => {
    const action = stockActionFor({ order_status: request.order_status, deleted_at: null });
    return action === 'released' || action === 'restocked' ? { ...request, products: [] } : request;
  });
  const skus = new Set<string>();
  const locations = new Set<string>([POOL_LOCATION]);
  for (const request of asking) {
    for (const line of request.products) {
      if (line.sku) {
        skus.add(line.sku);
      }
    }
    if (request.destinationId !== null) {
      locations.add(request.destinationId);
    }
  }
  const rows = await createStockRepository(tx).lockLevels(organizationId, [...skus].sort(), [...locations]);
  const levels = new Map<string, StockLevel>(rows.map((row) => [stockKey(row.sku, row.location_id), row]));
  return planReservations(asking, levels).map((plan) =>
    plan.ok ? plan : { ok: false, error: outOfStock(plan.shortage) },
  );
}

/** Writes the movements and applies them to the stock rows, one update per row in key order. */
async function applyMovements(tx: Tx, organizationId: string, movements: readonly NewStockMovement[]) {
  if (movements.length === 0) {
    return;
  }
  const deltas = new Map<string, { line: StockLine; onHand: number; reserved: number }>();
  for (const movement of movements) {
    const key = stockKey(movement.sku, movement.location_id);
    const delta = levelDelta(movement.kind, movement.quantity);
    const total = deltas.get(key) ?? { line: movement, onHand: 0, reserved: 0 };
    total.onHand += delta.onHand;
    total.reserved += delta.reserved;
    deltas.set(key, total);
  }
  const stock = createStockRepository(tx);
  const now = (movements[0] as NewStockMovement).occurred_at;
  for (const key of [...deltas.keys()].sort()) {
    const { line, onHand, reserved } = deltas.get(key) as {
      line: StockLine;
      onHand: number;
      reserved: number;
    };
    await stock.adjust(organizationId, line, { onHand, reserved }, now);
  }
  await stock.appendMovements(movements);
}

function movement(order: OrderRecord, kind: StockMovementKind, line: StockLine, now: Date): NewStockMovement {
  return {
    organization_id: order.organization_id,
    order_id: order.id,
    order_version: order.version,
    kind,
    sku: line.sku,
    location_id: line.location_id,
    quantity: line.quantity,
    occurred_at: now,
  };
}

/** Records the reservations of inserted orders; one created already shipped commits them at once. */
export async function recordCreatedOrders(
  tx: Tx,
  organizationId: string,
  created: ReadonlyArray<{ order: OrderRecord; lines: readonly StockLine[] }>,
  now: Date,
): Promise<void> {
  const movements = created.flatMap(({ order, lines }) =>
    lines.flatMap((line) => {
      const reserved = movement(order, 'reserved', line, now);
      return stockActionFor(order) === 'committed'
        ? [reserved, movement(order, 'committed', line, now)]
        : [reserved];
    }),
  );
  await applyMovements(tx, organizationId, movements);
}

/** Whether two versions of an order ask the same stock: the same units per SKU, at the same destination. */
function sameDemand(before: OrderRecord, after: OrderRecord): boolean {
  if (before.destination_id !== after.destination_id) {
    return false;
  }
  const was = demandOf(before.products);
  const now = demandOf(after.products);
  return was.size === now.size && [...now].every(([sku, quantity]) => was.get(sku) === quantity);
}

/**
 * Moves an order's reservation to its new lines when a full update changed what it asks for (products
 * or destination): what it holds is released and the new lines reserved, all or nothing. What it held
 * counts as available to its new lines. A `strict` change the stock can't cover is refused with
 * OUT_OF_STOCK, and the whole update with it. Only while the order holds a reservation and keeps one
 * (pending to ready, or shipped by this update): goods that left are not re-planned, and an update that
 * cancels releases what was held (`followOrderChange`).
 */
export async function moveReservation(
  tx: Tx,
  before: OrderRecord,
  after: OrderRecord,
  strict: boolean,
  now: Date,
): Promise<void> {
  const next = stockActionFor(after);
  if (
    stockActionFor(before) !== null ||
    (next !== null && next !== 'committed') ||
    sameDemand(before, after)
  ) {
    return;
  }
  const stock = createStockRepository(tx);
  const held = (await stock.holdingsOf(after.organization_id, after.id)).filter((row) => row.reserved > 0);
  const skus = new Set([...held.map((row) => row.sku), ...demandOf(after.products).keys()]);
  const locations = new Set([POOL_LOCATION, ...held.map((row) => row.location_id)]);
  if (after.destination_id !== null) {
    locations.add(after.destination_id);
  }
  const rows = await stock.lockLevels(after.organization_id, [...skus].sort(), [...locations]);
  const levels = new Map<string, StockLevel>(rows.map((row) => [stockKey(row.sku, row.location_id), row]));
  for (const row of held) {
    const level = levels.get(stockKey(row.sku, row.location_id));
    if (level) {
      level.reserved -= row.reserved;
    }
  }
  const [plan] = planReservations(
    [{ products: after.products, destinationId: after.destination_id, strict }],
    levels,
  );
  if (!plan?.ok) {
    throw outOfStock(plan?.shortage ?? {});
  }
  await applyMovements(tx, after.organization_id, [
    ...held.map((row) =>
      movement(
        after,
        'released',
        { sku: row.sku, location_id: row.location_id, quantity: row.reserved },
        now,
      ),
    ),
    ...plan.lines.map((line) => movement(after, 'reserved', line, now)),
  ]);
}

/**
 * Moves what a changed order holds to match its new state: released when deleted or cancelled,
 * committed when shipped, restocked when returned. Holding nothing, or already matching, is a no-op.
 */
export async function followOrderChange(tx: Tx, order: OrderRecord, now: Date): Promise<void> {
  const action = stockActionFor(order);
  if (action === null) {
    return;
  }
  const holdings = await createStockRepository(tx).holdingsOf(order.organization_id, order.id);
  const movements = holdings.flatMap(({ sku, location_id, reserved, committed }) => {
    const moves: NewStockMovement[] = [];
    if (reserved > 0) {
      // A returned order can't still hold a reservation in the workflow, but if it does, free it.
      const kind = action === 'committed' ? 'committed' : 'released';
      moves.push(movement(order, kind, { sku, location_id, quantity: reserved }, now));
    }
    if (action === 'restocked' && committed > 0) {
      moves.push(movement(order, 'restocked', { sku, location_id, quantity: committed }, now));
    }
    return moves;
  });
  await applyMovements(tx, order.organization_id, movements);
}
