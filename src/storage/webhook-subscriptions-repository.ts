/** @module Outbound webhook subscriptions. Every method takes the organization first. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from './db.js';
import { webhookSubscriptions } from './schema.js';

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;

export type SubscriptionChanges = Partial<
  Pick<WebhookSubscriptionRow, 'url' | 'events' | 'description' | 'active' | 'disabled_reason'>
>;

const byId = (organizationId: string, id: string) =>
  and(eq(webhookSubscriptions.organization_id, organizationId), eq(webhookSubscriptions.id, id));

export function createWebhookSubscriptionsRepository(db: Executor) {
  return {
    async insert(row: typeof webhookSubscriptions.$inferInsert): Promise<WebhookSubscriptionRow> {
      const [inserted] = await db.insert(webhookSubscriptions).values(row).returning();
      return inserted as WebhookSubscriptionRow;
    },

    list(organizationId: string): Promise<WebhookSubscriptionRow[]> {
      return db
        .select()
        .from(webhookSubscriptions)
        .where(eq(webhookSubscriptions.organization_id, organizationId))
        .orderBy(asc(webhookSubscriptions.created_at), asc(webhookSubscriptions.id));
    },

    async find(organizationId: string, id: string): Promise<WebhookSubscriptionRow | undefined> {
      const [row] = await db.select().from(webhookSubscriptions).where(byId(organizationId, id));
      return row;
    },

    async update(
      organizationId: string,
      id: string,
      changes: SubscriptionChanges,
    ): Promise<WebhookSubscriptionRow | undefined> {
      const [row] = await db
        .update(webhookSubscriptions)
        .set({ ...changes, updated_at: sql`now()` })
        .where(byId(organizationId, id))
        .returning();
      return row;
    },

    /** Makes `secret` the signing secret; the current one keeps signing for `overlapMs`. */
    async rotateSecret(
      organizationId: string,
      id: string,
      secret: string,
      overlapMs: number,
    ): Promise<WebhookSubscriptionRow | undefined> {
      const [row] = await db
        .update(webhookSubscriptions)
        .set({
          previous_secret: overlapMs > 0 ? sql`${webhookSubscriptions.secret}` : null,
          previous_secret_expires_at:
            overlapMs > 0 ? sql`now() + ${overlapMs} * interval '1 millisecond'` : null,
          secret,
          updated_at: sql`now()`,
        })
        .where(byId(organizationId, id))
        .returning();
      return row;
    },

    /** Deletes the subscription with its deliveries and their attempts (foreign keys cascade). */
    async remove(organizationId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(webhookSubscriptions)
        .where(byId(organizationId, id))
        .returning({ id: webhookSubscriptions.id });
      return rows.length > 0;
    },
  };
}

export type WebhookSubscriptionsRepository = ReturnType<typeof createWebhookSubscriptionsRepository>;
