/**
 * @module The timeline of one order, read from its events: who did what, when. Deleted orders keep
 * their history (docs/decisions/0025-deletion-and-history.md); an id that never existed is a 404.
 */
import { formatTimestamp } from '../domain/clock.js';
import type { Actor, FieldChanges, OrderEventType } from '../domain/order-event.js';
import { POOL_LOCATION, type StockMovementKind } from '../domain/stock.js';
import { notFound } from '../errors.js';
import type { Db } from '../storage/db.js';
import { createOrderEventsRepository } from '../storage/order-events-repository.js';
import { createOrdersRepository } from '../storage/orders-repository.js';
import { createStockRepository } from '../storage/stock-repository.js';

/** A stock movement an event caused (docs/decisions/0070-stock.md). */
export interface HistoryStockMovement {
  kind: StockMovementKind;
  sku: string;
  destination_id: string | null;
  quantity: number;
}

export interface HistoryEntry {
  id: string;
  event_type: OrderEventType;
  occurred_at: string;
  /** The order's version after this event. */
  version: number;
  actor: { api_key_id: string | null; account_id: string | null; app_id: string | null };
  /** `{field: {from, to}}`; null for creation and deletion. */
  changes: FieldChanges | null;
  /** What this event did to stock: reservations, releases, commits, restocks (empty: nothing). */
  stock_movements: HistoryStockMovement[];
}

export interface OrderHistory {
  order_id: string;
  organization_id: string;
  deleted: boolean;
  events: HistoryEntry[];
  /** True when more events follow: ask again with `after_version` = the last event's version. */
  has_more: boolean;
}

export function createOrderHistoryService(deps: { db: Db }) {
  const orders = createOrdersRepository(deps.db);
  const events = createOrderEventsRepository(deps.db);
  const stock = createStockRepository(deps.db);

  return {
    async getHistory(
      actor: Actor,
      orderId: string,
      page: { afterVersion: number; limit: number },
    ): Promise<OrderHistory> {
      const order = await orders.findSnapshot(actor.organizationId, orderId);
      if (!order) {
        throw notFound('Order', { id: orderId });
      }
      // One row more than asked tells whether another page exists without counting.
      const rows = await events.listForOrder(actor.organizationId, orderId, {
        afterVersion: page.afterVersion,
        limit: page.limit + 1,
      });
      const movementsByVersion = new Map<number, HistoryStockMovement[]>();
      for (const movement of await stock.movementsOf(actor.organizationId, orderId, page.afterVersion)) {
        const list = movementsByVersion.get(movement.order_version) ?? [];
        list.push({
          kind: movement.kind as StockMovementKind,
          sku: movement.sku,
          destination_id: movement.location_id === POOL_LOCATION ? null : movement.location_id,
          quantity: movement.quantity,
        });
        movementsByVersion.set(movement.order_version, list);
      }
      return {
        order_id: orderId,
        organization_id: actor.organizationId,
        deleted: order.deleted_at !== null,
        events: rows.slice(0, page.limit).map((row) => ({
          id: row.id,
          event_type: row.event_type as OrderEventType,
          occurred_at: formatTimestamp(row.occurred_at),
          version: row.order_version,
          actor: {
            api_key_id: row.actor_api_key_id,
            account_id: row.actor_account_id,
            app_id: row.actor_app_id,
          },
          changes: row.changes,
          stock_movements: movementsByVersion.get(row.order_version) ?? [],
        })),
        has_more: rows.length > page.limit,
      };
    },
  };
}

export type OrderHistoryService = ReturnType<typeof createOrderHistoryService>;
