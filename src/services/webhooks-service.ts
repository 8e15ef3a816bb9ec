/**
 * @module Outbound webhook subscriptions and their delivery logs, for a tenant. Deliveries themselves
 * are created by the database in each order write's transaction and sent by `webhooks/dispatcher.ts`.
 */
import { pageBlock } from '../domain/envelope.js';
import { newId } from '../domain/ids.js';
import type { OrderEventType } from '../domain/order-event.js';
import type { Tenant } from '../domain/tenant.js';
import type { DeliveryStatus } from '../domain/webhook-delivery.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import type { Db } from '../storage/db.js';
import { SECRET_CONTEXTS, type SecretBox } from '../storage/secret-box.js';
import {
  type AttemptRow,
  createDeliveryLogRepository,
  type DeliveryRow,
} from '../storage/webhook-deliveries-repository.js';
import {
  createWebhookSubscriptionsRepository,
  type SubscriptionChanges,
  type WebhookSubscriptionRow,
} from '../storage/webhook-subscriptions-repository.js';
import { newWebhookSecret } from '../webhooks/signature.js';
import { checkTargetUrl, type TargetPolicy, TargetRefusedError } from '../webhooks/target-guard.js';

/** `*` subscribes to every event type, including ones added later. */
export type SubscribedEvent = OrderEventType | '*';

export interface SubscriptionInput {
  url: string;
  events?: SubscribedEvent[] | undefined;
  description?: string | null | undefined;
  active?: boolean | undefined;
}

export interface SubscriptionView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  disabled_reason: string | null;
  /** Until when the secret before the last rotation still signs deliveries, or null. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttemptView {
  attempt: number;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

export interface DeliveryView {
  id: string;
  event_id: string;
  event_type: string;
  order_id: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
  attempts: AttemptView[];
}

/** The default rotation overlap: a day for receivers to switch to the new secret. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

function toSubscriptionView(row: WebhookSubscriptionRow, now = new Date()): SubscriptionView {
  const overlapEnds = row.previous_secret_expires_at;
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    disabled_reason: row.disabled_reason,
    previous_secret_expires_at: overlapEnds && overlapEnds > now ? overlapEnds.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function toAttemptView(row: AttemptRow): AttemptView {
  return {
    attempt: row.attempt,
    attempted_at: row.attempted_at.toISOString(),
    status_code: row.status_code,
    latency_ms: row.latency_ms,
    error: row.error,
  };
}

function toDeliveryView(row: DeliveryRow, attempts: AttemptRow[]): DeliveryView {
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    order_id: row.order_id,
    status: row.status as DeliveryStatus,
    attempt_count: row.attempts,
    next_attempt_at: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    last_attempt_at: iso(row.last_attempt_at),
    last_status_code: row.last_status_code,
    last_latency_ms: row.last_latency_ms,
    last_error: row.last_error,
    created_at: row.created_at.toISOString(),
    completed_at: iso(row.completed_at),
    attempts: attempts.map(toAttemptView),
  };
}

/** `["order.created", "*"]` is just `["*"]`; repeated types count once. */
function normalizeEvents(events: SubscribedEvent[]): string[] {
  return events.includes('*') ? ['*'] : [...new Set(events)];
}

export function createWebhooksService(deps: { db: Db; targets: TargetPolicy; secretBox: SecretBox }) {
  const { secretBox } = deps;
  const subscriptions = createWebhookSubscriptionsRepository(deps.db);
  const log = createDeliveryLogRepository(deps.db);

  async function checkedUrl(url: string): Promise<string> {
    try {
      return (await checkTargetUrl(url, deps.targets)).toString();
    } catch (error) {
      if (error instanceof TargetRefusedError) {
        throw validationFailed({ url: error.message });
      }
      throw error;
    }
  }

  async function existing(tenant: Tenant, id: string): Promise<WebhookSubscriptionRow> {
    const row = await subscriptions.find(tenant.organizationId, id);
    if (!row) {
      throw notFound('Webhook', { id });
    }
    return row;
  }

  return {
    /** Creates a subscription; the signing secret is in this answer only. */
    async createSubscription(tenant: Tenant, input: SubscriptionInput) {
      const id = newId('whk');
      const secret = newWebhookSecret();
      const row = await subscriptions.insert({
        organization_id: tenant.organizationId,
        id,
        url: await checkedUrl(input.url),
        events: normalizeEvents(input.events ?? ['*']),
        description: input.description ?? null,
        active: input.active ?? true,
        secret: secretBox.seal(secret, SECRET_CONTEXTS.subscriptionSecret(id)),
      });
      return { ...toSubscriptionView(row), secret };
    },

    async listSubscriptions(tenant: Tenant): Promise<SubscriptionView[]> {
      const now = new Date();
      return (await subscriptions.list(tenant.organizationId)).map((row) => toSubscriptionView(row, now));
    },

    async getSubscription(tenant: Tenant, id: string): Promise<SubscriptionView> {
      return toSubscriptionView(await existing(tenant, id));
    },

    /** Switching a subscription back on clears why it was switched off. */
    async updateSubscription(
      tenant: Tenant,
      id: string,
      patch: Partial<SubscriptionInput>,
    ): Promise<SubscriptionView> {
      const changes: SubscriptionChanges = {};
      if (patch.url !== undefined) {
        changes.url = await checkedUrl(patch.url);
      }
      if (patch.events !== undefined) {
        changes.events = normalizeEvents(patch.events);
      }
      if (patch.description !== undefined) {
        changes.description = patch.description;
      }
      if (patch.active !== undefined) {
        changes.active = patch.active;
        changes.disabled_reason = null;
      }
      const row = await subscriptions.update(tenant.organizationId, id, changes);
      if (!row) {
        throw notFound('Webhook', { id });
      }
      return toSubscriptionView(row);
    },

    async deleteSubscription(tenant: Tenant, id: string): Promise<void> {
      if (!(await subscriptions.remove(tenant.organizationId, id))) {
        throw notFound('Webhook', { id });
      }
    },

    /** A new signing secret (shown once); the old one also signs for `overlapSeconds`. */
    async rotateSecret(tenant: Tenant, id: string, overlapSeconds = DEFAULT_ROTATION_OVERLAP_SECONDS) {
      const secret = newWebhookSecret();
      const row = await subscriptions.rotateSecret(
        tenant.organizationId,
        id,
        secretBox.seal(secret, SECRET_CONTEXTS.subscriptionSecret(id)),
        overlapSeconds * 1000,
      );
      if (!row) {
        throw notFound('Webhook', { id });
      }
      return { ...toSubscriptionView(row), secret };
    },

    async listDeliveries(
      tenant: Tenant,
      id: string,
      query: { page: number; limit: number; status?: DeliveryStatus | undefined },
    ) {
      await existing(tenant, id);
      const { deliveries, total } = await log.listPage(tenant.organizationId, id, {
        limit: query.limit,
        offset: (query.page - 1) * query.limit,
        status: query.status,
      });
      return {
        deliveries: deliveries.map((row) => toDeliveryView(row, row.attempt_log)),
        pagination: pageBlock(query.page, query.limit, total),
      };
    },

    /** Sends a finished delivery again (same event id), with a fresh round of retries. */
    async redeliver(tenant: Tenant, id: string, deliveryId: string): Promise<DeliveryView> {
      await existing(tenant, id);
      const row = await log.redeliver(tenant.organizationId, id, deliveryId);
      if (row) {
        return toDeliveryView(row, []);
      }
      const current = await log.find(tenant.organizationId, id, deliveryId);
      if (!current) {
        throw notFound('Delivery', { id: deliveryId });
      }
      throw new ApiError('conflict', 'Delivery is already queued', {
        id: deliveryId,
        next_attempt_at: current.next_attempt_at.toISOString(),
      });
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
