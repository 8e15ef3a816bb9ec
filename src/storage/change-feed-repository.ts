/**
 * @module Reading an organization's order events in change-feed order: (writing transaction, seq),
 * only of transactions older than every transaction still in flight (docs/decisions/0061-change-feed.md).
 */
import { sql } from 'drizzle-orm';
import type { FieldChanges, OrderEventType } from '../domain/order-event.js';
import { type Executor, queryRows } from './db.js';

/** A position in the feed: the transaction and sequence number of the last event read. */
export interface FeedPosition {
  txid: string;
  seq: string;
}

export interface FeedEventRow {
  id: string;
  organization_id: string;
  organization_app_id: string | null;
  app_slug: string | null;
  event_type: OrderEventType;
  order_version: number;
  occurred_at_micros: string;
  changes: FieldChanges | null;
  snapshot: string;
  txid: string;
  seq: string;
}

export function createChangeFeedRepository(db: Executor) {
  return {
    /**
     * Up to `limit` events after `after`. A transaction id below the snapshot's xmin belongs to a
     * finished transaction, and every later one gets a larger id: so the served prefix never grows
     * in the middle, and a cursor past it skips nothing. The order names the table's columns: a bare
     * `txid, seq` would mean the text aliases of the select list, where "1000" sorts before "997".
     */
    async eventsAfter(organizationId: string, after: FeedPosition, limit: number): Promise<FeedEventRow[]> {
      return queryRows<FeedEventRow>(
        db,
        sql`select id, organization_id, organization_app_id, app_slug, event_type, order_version,
            (extract(epoch from occurred_at) * 1000000)::bigint::text as occurred_at_micros,
            changes, snapshot, txid::text as txid, seq::text as seq
          from order_events
          where organization_id = ${organizationId}
            and (txid, seq) > (${after.txid}::xid8, ${after.seq}::bigint)
            and txid < pg_snapshot_xmin(pg_current_snapshot())
          order by order_events.txid, order_events.seq
          limit ${limit}`,
      );
    },
  };
}
