/** @module Request and response schemas of the webhook subscription routes. */
import { type TSchema, Type } from '@sinclair/typebox';
import { ORDER_EVENT_TYPES } from '../../domain/order-event.js';
import { DELIVERY_STATUSES } from '../../domain/webhook-delivery.js';
import { Nullable, OptionalNullable } from './common.js';

const EventName = Type.Union([...ORDER_EVENT_TYPES.map((event) => Type.Literal(event)), Type.Literal('*')], {
  description: 'An order event type, or `*` for all of them',
});

const subscriptionFields = {
  url: Type.String({
    minLength: 1,
    maxLength: 2048,
    description: 'https URL of the receiver; private, loopback and link-local targets are refused',
  }),
  events: Type.Array(EventName, {
    minItems: 1,
    maxItems: 5,
    uniqueItems: true,
    description: 'Event types to deliver; default `["*"]`',
  }),
  description: OptionalNullable(Type.String({ maxLength: 500 })),
  active: Type.Boolean({ description: 'Inactive subscriptions are not sent new events' }),
};

export const WebhookCreateBody = Type.Object(
  {
    url: subscriptionFields.url,
    events: Type.Optional(subscriptionFields.events),
    description: subscriptionFields.description,
    active: Type.Optional(subscriptionFields.active),
  },
  { additionalProperties: false },
);

export const WebhookUpdateBody = Type.Object(
  {
    url: Type.Optional(subscriptionFields.url),
    events: Type.Optional(subscriptionFields.events),
    description: subscriptionFields.description,
    active: Type.Optional(subscriptionFields.active),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WebhookRotateBody = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 7 * 86_400,
        description: 'How long the old secret keeps signing too (default 86400, at most 7 days)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const WebhookIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const DeliveryIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  deliveryId: Type.String({ minLength: 1, maxLength: 100 }),
});

export const DeliveriesListQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((status) => Type.Literal(status)))),
  },
  { additionalProperties: false },
);

const Timestamp = Type.String({ format: 'date-time' });

export const WebhookSubscription = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  active: Type.Boolean(),
  disabled_reason: Nullable(Type.String({ description: 'Why the service switched it off (410)' })),
  previous_secret_expires_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const WebhookSubscriptionWithSecret = Type.Intersect([
  WebhookSubscription,
  Type.Object({
    secret: Type.String({ description: 'Signing secret (`whsec_…`): shown in this response only' }),
  }),
]);

export const WebhookDelivery = Type.Object({
  id: Type.String(),
  event_id: Type.String({ description: 'The `webhook-id` header and body `event_id`' }),
  event_type: Type.String(),
  order_id: Type.String(),
  status: Type.Union(DELIVERY_STATUSES.map((status) => Type.Literal(status))),
  attempt_count: Type.Integer({ description: 'Attempts in the current round' }),
  next_attempt_at: Nullable(Timestamp),
  last_attempt_at: Nullable(Timestamp),
  last_status_code: Nullable(Type.Integer()),
  last_latency_ms: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: Timestamp,
  completed_at: Nullable(Timestamp),
  attempts: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      attempted_at: Timestamp,
      status_code: Nullable(Type.Integer()),
      latency_ms: Type.Integer(),
      error: Nullable(Type.String()),
    }),
  ),
});

/** The same pagination block as the order list's. */
export { PaginationBlock as Pagination } from './envelope.js';

/** `{success, timestamp, data}`, like the contract's write responses. */
export const Success = <T extends TSchema>(data: T) =>
  Type.Object({ success: Type.Literal(true), timestamp: Timestamp, data });

export const success = <T>(data: T) => ({
  success: true as const,
  timestamp: new Date().toISOString(),
  data,
});
