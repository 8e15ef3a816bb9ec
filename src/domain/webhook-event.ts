/**
 * @module The body of an outbound webhook: the contract's event envelope around an `order_events`
 * row's stored snapshot, assembled as text like the read envelopes (docs/decisions/0041-webhook-event-body.md).
 */
import { formatNanos } from './clock.js';
import { SPEC_VERSION } from './envelope.js';
import type { FieldChanges, OrderEventType } from './order-event.js';

/** What a webhook body is made of: one stored order event. */
export interface WebhookEventSource {
  id: string;
  organization_id: string;
  organization_app_id: string | null;
  app_slug: string | null;
  event_type: OrderEventType;
  /**
   * The order's version after this change: the number its ETag names (`"v3"`), one more with each
   * change of the order. A consumer keeps the highest it has seen and drops older deliveries.
   */
  order_version: number;
  /** When the change happened, in Unix nanoseconds. */
  occurred_at_nanos: bigint;
  changes: FieldChanges | null;
  snapshot: string;
}

export const STATUS_FIELDS = ['order_status', 'payment_status', 'fulfillment_status'] as const;

const text = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * The three statuses as they were before a status change: a changed one from the event's `changes`,
 * an unchanged one from the order as it is now.
 */
export function previousStatuses(changes: FieldChanges | null, snapshot: string): Record<string, unknown> {
  const after = JSON.parse(snapshot) as Record<string, unknown>;
  return Object.fromEntries(
    STATUS_FIELDS.map((field) => [field, changes?.[field] ? changes[field].from : (after[field] ?? null)]),
  );
}

export function renderWebhookEvent(event: WebhookEventSource): string {
  const previous =
    event.event_type === 'order.status_changed'
      ? `,"previous":${JSON.stringify(previousStatuses(event.changes, event.snapshot))}`
      : '';
  return (
    `{"spec_version":"${SPEC_VERSION}","event_id":${text(event.id)},` +
    `"event_type":${text(event.event_type)},"occurred_at":"${formatNanos(event.occurred_at_nanos)}",` +
    `"organization_id":${text(event.organization_id)},"organization_app_id":${text(event.organization_app_id)},` +
    `"app_slug":${text(event.app_slug)},"order_version":${Number(event.order_version)}${previous},` +
    `"order":${event.snapshot}}`
  );
}
