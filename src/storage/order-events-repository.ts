/** @module Reading the order event log (`order_events`); events are written with the orders they describe. */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from './db.js';
import { orderEvents } from './schema.js';

export function createOrderEventsRepository(db: Executor) {
  return {
    /** Events of one order after version `afterVersion`, oldest first, without their snapshots. */
    async listForOrder(
      organizationId: string,
      orderId: string,
      page: { afterVersion: number; limit: number },
    ) {
      return db
        .select({
          id: orderEvents.id,
          event_type: orderEvents.event_type,
          occurred_at: orderEvents.occurred_at,
          order_version: orderEvents.order_version,
          actor_api_key_id: orderEvents.actor_api_key_id,
          actor_account_id: orderEvents.actor_account_id,
          actor_app_id: orderEvents.actor_app_id,
          changes: orderEvents.changes,
        })
        .from(orderEvents)
        .where(
          and(
            eq(orderEvents.organization_id, organizationId),
            eq(orderEvents.order_id, orderId),
            gt(orderEvents.order_version, page.afterVersion),
          ),
        )
        .orderBy(asc(orderEvents.seq))
        .limit(page.limit);
    },
  };
}

export type OrderEventsRepository = ReturnType<typeof createOrderEventsRepository>;
