/**
 * @module What a stored capture says: the vendor order inside it, the vendor's event name and the
 * vendor's event time. API intake carries bare orders; webhook deliveries wrap them in an envelope
 * (Salla: `{event, merchant, created_at, data}`; Standard Webhooks: `{type, timestamp, data}`).
 */
import { DateTime } from 'luxon';
import type { WebhookScheme } from '../domain/app-catalog.js';
import { isObject, NormalizationError, object, optionalText } from './vendor-json.js';

/** How a capture arrived: the intake route, a signed webhook, or a sync run's pull (bare orders, like the API). */
export type IntakeChannel = 'api' | 'webhook' | 'pull';

export interface Delivery {
  /** Null for API intake, which carries no event. */
  eventType: string | null;
  /** False for events that are not about an order's contents (`order.deleted`, `app.installed`…). */
  promotable: boolean;
  order: unknown;
  /** When the vendor emitted the event: orders versions more finely than the order's own times. */
  eventTime: Date | null;
}

/** Salla order events whose `data` is the whole order as it now stands. */
const SALLA_ORDER_EVENTS = new Set([
  'order.created',
  'order.updated',
  'order.status.updated',
  'order.cancelled',
  'order.refunded',
  'order.payment.updated',
  'order.products.updated',
  'order.total.price.updated',
]);

const STANDARD_ORDER_EVENTS = new Set(['order.created', 'order.updated', 'order.status_changed']);

/** Salla writes event times like `2024-01-15 10:30:00` (Riyadh) or JavaScript's `Date#toString`. */
function sallaEventTime(value: unknown): Date | null {
  const raw = optionalText(value, 'created_at');
  if (raw === null) {
    return null;
  }
  const sql = DateTime.fromSQL(raw, { zone: 'Asia/Riyadh' });
  if (sql.isValid) {
    return sql.toJSDate();
  }
  const iso = DateTime.fromISO(raw, { setZone: true });
  if (iso.isValid) {
    return iso.toJSDate();
  }
  const parsed = new Date(raw.replace(/\s*\(.*\)$/, ''));
  if (Number.isNaN(parsed.getTime())) {
    throw new NormalizationError('created_at', 'is not a time');
  }
  return parsed;
}

export function unwrapDelivery(channel: IntakeChannel, scheme: WebhookScheme, payload: unknown): Delivery {
  if (channel === 'api' || channel === 'pull') {
    return { eventType: null, promotable: true, order: payload, eventTime: null };
  }
  const envelope = object(payload, 'body');
  if (scheme === 'shopify' || scheme === 'woocommerce') {
    // The body is the order itself (the topic travels in a header); a deletion carries only `{id}`.
    const promotable =
      envelope.line_items !== undefined || envelope.total_price !== undefined || envelope.total !== undefined;
    return { eventType: null, promotable, order: envelope, eventTime: null };
  }
  if (scheme === 'zid') {
    // The body is the order itself (Zid's webhook "Order schema"); other events carry no order.
    const promotable = isObject(envelope.order_status) || envelope.order_total !== undefined;
    return { eventType: null, promotable, order: envelope, eventTime: null };
  }
  if (scheme === 'salla') {
    const eventType = optionalText(envelope.event, 'event');
    const data = object(envelope.data, 'data');
    // Some status events nest the order beside the status change.
    const order = !isObject(data.status) && isObject(data.order) ? data.order : data;
    return {
      eventType,
      promotable: eventType !== null && SALLA_ORDER_EVENTS.has(eventType),
      order,
      eventTime: sallaEventTime(envelope.created_at),
    };
  }
  const eventType = optionalText(envelope.type, 'type');
  const timestamp = optionalText(envelope.timestamp, 'timestamp');
  const eventTime = timestamp === null ? null : DateTime.fromISO(timestamp, { setZone: true });
  if (eventTime && !eventTime.isValid) {
    throw new NormalizationError('timestamp', 'must be an ISO 8601 time');
  }
  return {
    eventType,
    promotable: eventType !== null && STANDARD_ORDER_EVENTS.has(eventType),
    order: envelope.data,
    eventTime: eventTime?.toJSDate() ?? null,
  };
}
