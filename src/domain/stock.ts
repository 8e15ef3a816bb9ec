/**
 * @module Stock rules, free of storage: what an order asks for, whether a batch of orders fits the
 * stock it found, and which movement an order's new state calls for (docs/decisions/0070-stock.md).
 */
import type { OrderRecord, ProductLine } from './order.js';

/** The location key of the organization's pool (an order's `destination_id` names any other). */
export const POOL_LOCATION = '';

export const STOCK_MOVEMENT_KINDS = ['reserved', 'released', 'committed', 'restocked'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** One SKU at one location, as stored: available = on hand − reserved. */
export interface StockLevel {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

export interface StockLine {
  sku: string;
  location_id: string;
  quantity: number;
}

/** `{sku: {requested, available}}`: the 422 OUT_OF_STOCK details. */
export type Shortage = Record<string, { requested: number; available: number }>;

/** Units per SKU an order asks for, summed over its lines; lines without a SKU ask for nothing. */
export function demandOf(products: readonly ProductLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const line of products) {
    if (line.sku && line.quantity > 0) {
      demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.quantity);
    }
  }
  return demand;
}

export const stockKey = (sku: string, locationId: string) => `${sku}\u0000${locationId}`;

export interface ReservationRequest {
  products: readonly ProductLine[];
  /** The order's `destination_id`: its own stock is used when it has a row for the SKU, else the pool. */
  destinationId: string | null;
  /** False for sales that already happened elsewhere: they reserve even past what is available. */
  strict: boolean;
}

/**
 * Decides, in request order, which orders fit: an order reserves every tracked line or nothing, and
 * what earlier orders of the batch took is no longer available to later ones. `levels` is updated in
 * place with the reservations it grants. SKUs with no stock row are not tracked and never refuse.
 */
export function planReservations(
  requests: readonly ReservationRequest[],
  levels: Map<string, StockLevel>,
): Array<{ ok: true; lines: StockLine[] } | { ok: false; shortage: Shortage }> {
  return requests.map((request) => {
    const lines: StockLine[] = [];
    const shortage: Shortage = {};
    for (const [sku, quantity] of demandOf(request.products)) {
      const level =
        (request.destinationId !== null ? levels.get(stockKey(sku, request.destinationId)) : undefined) ??
        levels.get(stockKey(sku, POOL_LOCATION));
      if (!level) {
        continue;
      }
      const available = level.on_hand - level.reserved;
      if (request.strict && available < quantity) {
        shortage[sku] = { requested: quantity, available: Math.max(available, 0) };
      }
      lines.push({ sku, location_id: level.location_id, quantity });
    }
    if (Object.keys(shortage).length > 0) {
      return { ok: false, shortage };
    }
    for (const line of lines) {
      (levels.get(stockKey(line.sku, line.location_id)) as StockLevel).reserved += line.quantity;
    }
    return { ok: true, lines };
  });
}

/**
 * What an order's state asks of the stock it holds: a deleted or cancelled order releases its
 * reservation, a shipped or delivered one commits it (the goods left), a returned one restocks what
 * it committed. Any other state holds the reservation as it is.
 */
export function stockActionFor(
  order: Pick<OrderRecord, 'order_status' | 'deleted_at'>,
): StockMovementKind | null {
  if (order.deleted_at !== null) {
    return 'released';
  }
  switch (order.order_status) {
    case 'cancelled':
      return 'released';
    case 'shipped':
    case 'delivered':
      return 'committed';
    case 'returned':
      return 'restocked';
    case 'pending':
    case 'confirmed':
    case 'preparing':
    case 'ready':
      return null;
  }
}

/** How a movement changes a stock row. */
export function levelDelta(kind: StockMovementKind, quantity: number): { onHand: number; reserved: number } {
  switch (kind) {
    case 'reserved':
      return { onHand: 0, reserved: quantity };
    case 'released':
      return { onHand: 0, reserved: -quantity };
    case 'committed':
      return { onHand: -quantity, reserved: -quantity };
    case 'restocked':
      return { onHand: quantity, reserved: 0 };
  }
}
