/**
 * @module Webhook deliveries: the dispatcher's queue (claim, record an outcome) and the per-subscription
 * delivery log. Rows are created by the `order_events` trigger of migration 0005, never here. The
 * queue spans tenants, because one dispatcher serves them all; the log takes the organization first.
 */
import { and, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { OrderEventType } from '../domain/order-event.js';
import type { DeliveryStatus } from '../domain/webhook-delivery.js';
import { type Db, type Executor, queryRows } from './db.js';
import { webhookDeliveries, webhookDeliveryAttempts, webhookSubscriptions } from './schema.js';

/** A claimed delivery with everything needed to send it: the event and the subscription's target. */
export interface ClaimedDelivery {
  organization_id: string;
  id: string;
  subscription_id: string;
  /** This attempt's number within the current round (1 for the first). */
  attempts: number;
  event_id: string;
  event_type: OrderEventType;
  occurred_at_micros: string;
  organization_app_id: string | null;
  app_slug: string | null;
  changes: string | null;
  snapshot: string;
  url: string;
  secret: string;
  /** The pre-rotation secret while its overlap lasts, else null. */
  previous_secret: string | null;
}

export interface DeliveryOutcome {
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** What happens next: done (succeeded or dead-lettered), or another attempt after `retryInMs`. */
  next: { status: 'succeeded' | 'dead_lettered' } | { status: 'pending'; retryInMs: number };
  /** Switch the subscription off with this reason (a receiver's 410). */
  disableSubscription?: string;
}

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

const millis = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;

export function createWebhookDeliveriesRepository(db: Db) {
  return {
    /**
     * Leases up to `limit` due deliveries of active subscriptions for `leaseMs` and returns them.
     * A delivery waits while an earlier one of the same subscription and order is pending, so each
     * receiver sees an order's events in order. SKIP LOCKED lets several dispatchers claim side by
     * side without taking the same row; the lease (a future `next_attempt_at`) keeps it theirs after
     * commit, and hands it to another dispatcher if this process dies mid-delivery.
     */
    claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      return queryRows<ClaimedDelivery>(
        db,
        sql`
        with due as (
          select d.organization_id, d.id
          from webhook_deliveries d
          join webhook_subscriptions s
            on s.organization_id = d.organization_id and s.id = d.subscription_id and s.active
          where d.status = 'pending' and d.next_attempt_at <= now()
            and not exists (
              select 1 from webhook_deliveries p
              where p.organization_id = d.organization_id and p.subscription_id = d.subscription_id
                and p.order_id = d.order_id and p.status = 'pending' and p.event_seq < d.event_seq)
          order by d.next_attempt_at, d.event_seq
          limit ${limit}
          for update of d skip locked
        )
        update webhook_deliveries w
        set attempts = w.attempts + 1, last_attempt_at = now(), next_attempt_at = ${millis(leaseMs)}
        from due, order_events e, webhook_subscriptions s
        where w.organization_id = due.organization_id and w.id = due.id
          and e.organization_id = w.organization_id and e.seq = w.event_seq
          and s.organization_id = w.organization_id and s.id = w.subscription_id
        returning w.organization_id, w.id, w.subscription_id, w.attempts, e.id as event_id, e.event_type,
          (extract(epoch from e.occurred_at) * 1000000)::bigint::text as occurred_at_micros,
          e.organization_app_id, e.app_slug, e.changes::text as changes, e.snapshot, s.url, s.secret,
          case when s.previous_secret_expires_at > now() then s.previous_secret end as previous_secret`,
      );
    },

    /**
     * Records one attempt and what follows. A failure only applies while this dispatcher still holds
     * the lease (same attempt number); a success applies to any pending row, so it is never re-sent.
     */
    async recordOutcome(delivery: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
      const { next } = outcome;
      const leaseHeld = next.status === 'succeeded' ? sql`` : sql` and attempts = ${delivery.attempts}`;
      // One statement: the delivery's new state and its attempt row land together or not at all.
      const recorded = await queryRows<{ delivery_id: string }>(
        db,
        sql`
        with updated as (
          update webhook_deliveries
          set status = ${next.status},
            next_attempt_at = ${next.status === 'pending' ? millis(next.retryInMs) : sql`next_attempt_at`},
            completed_at = ${next.status === 'pending' ? null : sql`now()`},
            last_status_code = ${outcome.statusCode}, last_latency_ms = ${outcome.latencyMs},
            last_error = ${outcome.error}
          where organization_id = ${delivery.organization_id} and id = ${delivery.id}
            and status = 'pending'${leaseHeld}
          returning organization_id, id
        )
        insert into webhook_delivery_attempts
          (organization_id, delivery_id, attempt, attempted_at, status_code, latency_ms, error)
        select organization_id, id, ${delivery.attempts}::int, ${outcome.attemptedAt.toISOString()}::timestamptz,
          ${outcome.statusCode}::int, ${outcome.latencyMs}::int, ${outcome.error}::text
        from updated
        returning delivery_id`,
      );
      // Rare (a 410), so outside that statement: a crash in between only means the next event's 410
      // disables the subscription instead.
      if (recorded.length > 0 && outcome.disableSubscription) {
        await db
          .update(webhookSubscriptions)
          .set({ active: false, disabled_reason: outcome.disableSubscription, updated_at: sql`now()` })
          .where(
            and(
              eq(webhookSubscriptions.organization_id, delivery.organization_id),
              eq(webhookSubscriptions.id, delivery.subscription_id),
            ),
          );
      }
    },
  };
}

/** The delivery log of one subscription, for the API. */
export function createDeliveryLogRepository(db: Executor) {
  const ofSubscription = (organizationId: string, subscriptionId: string, status?: DeliveryStatus) =>
    and(
      eq(webhookDeliveries.organization_id, organizationId),
      eq(webhookDeliveries.subscription_id, subscriptionId),
      status ? eq(webhookDeliveries.status, status) : undefined,
    );

  return {
    /** Newest events first, each with its attempts (oldest first). */
    async find(organizationId: string, subscriptionId: string, id: string): Promise<DeliveryRow | undefined> {
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(and(ofSubscription(organizationId, subscriptionId), eq(webhookDeliveries.id, id)));
      return row;
    },

    async listPage(
      organizationId: string,
      subscriptionId: string,
      page: { limit: number; offset: number; status?: DeliveryStatus | undefined },
    ): Promise<{ deliveries: Array<DeliveryRow & { attempt_log: AttemptRow[] }>; total: number }> {
      const where = ofSubscription(organizationId, subscriptionId, page.status);
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(webhookDeliveries)
          .where(where)
          .orderBy(desc(webhookDeliveries.event_seq))
          .limit(page.limit)
          .offset(page.offset),
        db.select({ value: count() }).from(webhookDeliveries).where(where),
      ]);
      const attempts =
        rows.length === 0
          ? []
          : await db
              .select()
              .from(webhookDeliveryAttempts)
              .where(
                and(
                  eq(webhookDeliveryAttempts.organization_id, organizationId),
                  inArray(
                    webhookDeliveryAttempts.delivery_id,
                    rows.map((row) => row.id),
                  ),
                ),
              )
              .orderBy(webhookDeliveryAttempts.seq);
      return {
        deliveries: rows.map((row) => ({
          ...row,
          attempt_log: attempts.filter((attempt) => attempt.delivery_id === row.id),
        })),
        total: total?.value ?? 0,
      };
    },

    /**
     * Queues a finished (succeeded or dead-lettered) delivery again now, as a new round of attempts;
     * its attempt log is kept. A pending one is left alone: it may be in flight.
     */
    async redeliver(
      organizationId: string,
      subscriptionId: string,
      id: string,
    ): Promise<DeliveryRow | undefined> {
      const [row] = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', attempts: 0, next_attempt_at: sql`now()`, completed_at: null })
        .where(
          and(
            eq(webhookDeliveries.organization_id, organizationId),
            eq(webhookDeliveries.subscription_id, subscriptionId),
            eq(webhookDeliveries.id, id),
            ne(webhookDeliveries.status, 'pending'),
          ),
        )
        .returning();
      if (row) {
        await db.execute(sql`select pg_notify('webhook_deliveries', '')`);
      }
      return row;
    },
  };
}
