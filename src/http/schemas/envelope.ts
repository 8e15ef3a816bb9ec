/** @module The contract's read envelopes, for validation of our own output in tests and for OpenAPI. */
import { Type } from '@sinclair/typebox';
import { SPEC_VERSION } from '../../domain/envelope.js';
import { UnifiedOrderPayload } from '../../domain/order-payload.js';
import { Nullable } from './common.js';

export const OrderSnapshotEnvelope = Type.Object({
  spec_version: Type.Literal(SPEC_VERSION),
  event_id: Type.String({ description: '`snapshot-<order id>-<unix nanos>`' }),
  event_type: Type.Literal('order.snapshot'),
  occurred_at: Type.String({ description: 'RFC 3339 with nanoseconds' }),
  organization_id: Type.String(),
  organization_app_id: Nullable(Type.String({ description: 'Install id when the order came from an app' })),
  app_slug: Nullable(Type.String({ description: 'Catalog slug of that app' })),
  order: UnifiedOrderPayload,
});

export const PaginationBlock = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total_items: Type.Integer(),
  total_pages: Type.Integer(),
  has_next: Type.Boolean(),
  has_prev: Type.Boolean(),
  next_cursor: Type.Optional(Nullable(Type.String({ description: 'Cursor mode only' }))),
});

export const OrdersListedEnvelope = Type.Object({
  spec_version: Type.Literal(SPEC_VERSION),
  event_type: Type.Literal('orders.listed'),
  occurred_at: Type.String(),
  organization_id: Type.String(),
  orders: Type.Array(OrderSnapshotEnvelope),
  pagination: PaginationBlock,
  meta: Type.Object({}, { additionalProperties: true }),
});
