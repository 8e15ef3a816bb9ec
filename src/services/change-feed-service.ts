/**
 * @module The change feed: an organization's order events after a durable cursor, each rendered as
 * the outbound webhook body (docs/decisions/0061-change-feed.md).
 */
import type { Actor } from '../domain/order-event.js';
import { renderWebhookEvent } from '../domain/webhook-event.js';
import { validationFailed } from '../errors.js';
import { createChangeFeedRepository, type FeedPosition } from '../storage/change-feed-repository.js';
import type { Db } from '../storage/db.js';

export interface FeedEvent {
  /** Resume after this event with `after=<cursor>` (or SSE `Last-Event-ID`). */
  cursor: string;
  eventType: string;
  /** The webhook envelope, as JSON text. */
  body: string;
}

export interface FeedPage {
  events: FeedEvent[];
  /** The cursor to ask with next: the last event's, or the one asked with when nothing was new. */
  nextCursor: string;
  /** More events are already readable after `nextCursor`. */
  hasMore: boolean;
}

const START: FeedPosition = { txid: '0', seq: '0' };
const CURSOR = /^(\d{1,20})-(\d{1,19})$/;

const encodeCursor = (position: FeedPosition) => `${position.txid}-${position.seq}`;

/** An absent or empty cursor is the start of the feed. */
export function parseFeedCursor(cursor: string | undefined): FeedPosition {
  if (cursor === undefined || cursor === '') {
    return START;
  }
  const match = CURSOR.exec(cursor);
  if (!match) {
    throw validationFailed({ after: 'is not a change-feed cursor this service issued' });
  }
  return { txid: match[1] as string, seq: match[2] as string };
}

export function createChangeFeedService(deps: { db: Db }) {
  const feed = createChangeFeedRepository(deps.db);

  return {
    async readChanges(actor: Actor, after: FeedPosition, limit: number): Promise<FeedPage> {
      // One row more than asked says whether more are readable.
      const rows = await feed.eventsAfter(actor.organizationId, after, limit + 1);
      const events = rows.slice(0, limit).map((row) => ({
        cursor: encodeCursor(row),
        eventType: row.event_type,
        body: renderWebhookEvent({ ...row, occurred_at_nanos: BigInt(row.occurred_at_micros) * 1000n }),
      }));
      return {
        events,
        nextCursor: events.at(-1)?.cursor ?? encodeCursor(after),
        hasMore: rows.length > limit,
      };
    },
  };
}

export type ChangeFeedService = ReturnType<typeof createChangeFeedService>;
