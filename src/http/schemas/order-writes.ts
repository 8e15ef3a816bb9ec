/** @module Request and response schemas of the write routes: status, delete, bulk, history. */
import { Type } from '@sinclair/typebox';
import { ORDER_EVENT_TYPES } from '../../domain/order-event.js';
import { STOCK_MOVEMENT_KINDS } from '../../domain/stock.js';
import { Nullable } from './common.js';

export { BulkStatusUpdate, StatusPatch as OrderStatusPatchBody } from '../../domain/status-patch.js';

/** The contract's maximum per bulk request; one more is a 422 for the whole request. */
export const BULK_MAX_ITEMS = 1000;

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ description: 'ETag from a GET: the write fails with 412 if the order changed since' }),
  ),
});

export const BulkCreateBody = Type.Array(Type.Unknown(), {
  minItems: 1,
  maxItems: BULK_MAX_ITEMS,
  description: 'Create bodies, each as for POST /api/v1/orders; each item is validated on its own',
});

export const BulkStatusBody = Type.Object(
  {
    updates: Type.Array(Type.Unknown(), {
      minItems: 1,
      maxItems: BULK_MAX_ITEMS,
      description: '`{id, status?, payment_status?, fulfillment_status?}`; each item is validated on its own',
    }),
  },
  { additionalProperties: false },
);

export const BulkDeleteBody = Type.Object(
  {
    ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: BULK_MAX_ITEMS,
    }),
  },
  { additionalProperties: false },
);

const bulkData = {
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  errors: Type.Record(Type.String(), Type.String(), {
    description: '`<id or index>` → the error message (`Order not found`, `Validation failed`…)',
  }),
  error_details: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
    description: 'The same keys → the error’s `details`, as a single request would answer them',
  }),
};

export const BulkResponse = Type.Object({
  success: Type.Boolean({ description: 'True when the request was processed, even if some items failed' }),
  data: Type.Object(bulkData),
  timestamp: Type.String({ format: 'date-time' }),
});

export const BulkCreateResponse = Type.Object({
  success: Type.Boolean(),
  data: Type.Object({
    ...bulkData,
    orders: Type.Array(Nullable(Type.Object({ id: Type.String(), order_number: Type.String() })), {
      description: 'The order each item became, in request order; null where the item failed',
    }),
  }),
  timestamp: Type.String({ format: 'date-time' }),
});

export const OrderDeletedResponse = Type.Object({
  success: Type.Literal(true),
  message: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  data: Type.Object({ id: Type.String() }),
});

export const OrderHistoryQuery = Type.Object(
  {
    after_version: Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      default: 0,
      description: 'Events after this order version',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);

export const OrderHistoryResponse = Type.Object({
  order_id: Type.String(),
  organization_id: Type.String(),
  deleted: Type.Boolean(),
  events: Type.Array(
    Type.Object({
      id: Type.String(),
      event_type: Type.Union(ORDER_EVENT_TYPES.map((type) => Type.Literal(type))),
      occurred_at: Type.String({ format: 'date-time' }),
      version: Type.Integer({ description: "The order's version after this event" }),
      actor: Type.Object({
        api_key_id: Nullable(Type.String()),
        account_id: Nullable(Type.String()),
        app_id: Nullable(Type.String()),
      }),
      changes: Nullable(
        Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() }), {
          description: '`{field: {from, to}}`; null for creation and deletion',
        }),
      ),
      stock_movements: Type.Array(
        Type.Object({
          kind: Type.Union(STOCK_MOVEMENT_KINDS.map((kind) => Type.Literal(kind))),
          sku: Type.String(),
          destination_id: Nullable(Type.String()),
          quantity: Type.Integer(),
        }),
        { description: 'What this event did to stock (docs/decisions/0070-stock.md)' },
      ),
    }),
  ),
  has_more: Type.Boolean(),
});
