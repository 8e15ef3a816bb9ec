/**
 * @module Retention sweeps (docs/decisions/0224-retention.md): each deletes one batch of records past
 * their retention that no consumer still needs, and says how many. Batches keep transactions and
 * locks short; the caller repeats until a batch comes back short. These queries span organizations
 * (a background sweep, never a request path).
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './db.js';

async function deleted(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const rows = await queryRows<{ n: string | number }>(db, query);
  return Number(rows[0]?.n ?? 0);
}

const olderThan = (days: number) => sql`now() - ${days} * interval '1 day'`;

export function createRetentionRepository(db: Db) {
  return {
    /** Idempotency records whose replay window has ended (decision 0024: 24 hours). */
    purgeIdempotencyKeys(batch: number): Promise<number> {
      return deleted(
        db,
        sql`with gone as (
              delete from idempotency_keys k using (
                select organization_id, key from idempotency_keys where expires_at <= now() limit ${batch}
              ) old
              where k.organization_id = old.organization_id and k.key = old.key
              returning 1)
            select count(*) as n from gone`,
      );
    },

    /**
     * Finished deliveries (succeeded or dead-lettered) older than `days`, with their attempts (cascade).
     * A pending delivery is never deleted, however old: it is still owed to its receiver.
     */
    purgeWebhookDeliveries(days: number, batch: number): Promise<number> {
      return deleted(
        db,
        sql`with gone as (
              delete from webhook_deliveries d using (
                select organization_id, id from webhook_deliveries
                where created_at < ${olderThan(days)} and status <> 'pending' and completed_at < ${olderThan(days)}
                limit ${batch}
              ) old
              where d.organization_id = old.organization_id and d.id = old.id
              returning 1)
            select count(*) as n from gone`,
      );
    },

    /**
     * Intake captures that reached an end (promoted, stale, skipped) longer than `days` ago. A failed
     * capture is kept until it is retried or its install is removed: the merchant still needs it.
     */
    purgeIntake(days: number, batch: number): Promise<number> {
      return deleted(
        db,
        sql`with gone as (
              delete from order_intake i using (
                select organization_id, id from order_intake
                where received_at < ${olderThan(days)} and status in ('promoted', 'stale', 'skipped')
                  and processed_at < ${olderThan(days)}
                limit ${batch}
              ) old
              where i.organization_id = old.organization_id and i.id = old.id
              returning 1)
            select count(*) as n from gone`,
      );
    },

    /**
     * Order events older than `days`, except what is still needed: an order's latest event (its
     * history keeps at least the current state) and any event a webhook delivery still refers to
     * (a pending delivery is built from it; a finished one can be redelivered).
     */
    purgeOrderEvents(days: number, batch: number): Promise<number> {
      return deleted(
        db,
        sql`with gone as (
              delete from order_events e using (
                select o.organization_id, o.seq from order_events o
                where o.occurred_at < ${olderThan(days)}
                  and exists (select 1 from order_events later
                    where later.organization_id = o.organization_id and later.order_id = o.order_id
                      and later.seq > o.seq)
                  and not exists (select 1 from webhook_deliveries d
                    where d.organization_id = o.organization_id and d.event_seq = o.seq)
                limit ${batch}
              ) old
              where e.organization_id = old.organization_id and e.seq = old.seq
              returning 1)
            select count(*) as n from gone`,
      );
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
