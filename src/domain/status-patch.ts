/** @module The body of a status change (`PATCH /orders/{id}/status`, each bulk status update). */
import { type Static, Type } from '@sinclair/typebox';
import type { FieldErrors } from './order-input.js';
import { FulfillmentStatusSchema, OrderStatusSchema, PaymentStatusSchema } from './order-payload.js';
import type { StatusValues } from './order-status.js';

const statusFields = {
  status: Type.Optional(OrderStatusSchema),
  order_status: Type.Optional(OrderStatusSchema),
  payment_status: Type.Optional(PaymentStatusSchema),
  fulfillment_status: Type.Optional(FulfillmentStatusSchema),
};

/** All fields optional; at least one status must be named (checked by `requestedStatuses`). */
export const StatusPatch = Type.Object(statusFields, { additionalProperties: false });
export type StatusPatch = Static<typeof StatusPatch>;

export const BulkStatusUpdate = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, description: 'Order id' }), ...statusFields },
  { additionalProperties: false },
);
export type BulkStatusUpdate = Static<typeof BulkStatusUpdate>;

export type RequestedStatuses =
  | { ok: true; values: Partial<StatusValues> }
  | { ok: false; errors: FieldErrors };

/**
 * The statuses a body names, with `status` read as `order_status` (as on create). Used for PATCH and
 * for the statuses of a PUT, where an unnamed status keeps its current value.
 */
export function requestedStatuses(body: StatusPatch, options: { required: boolean }): RequestedStatuses {
  if (body.status !== undefined && body.order_status !== undefined && body.status !== body.order_status) {
    return { ok: false, errors: { status: 'contradicts order_status; send one of them' } };
  }
  const values: Partial<StatusValues> = {};
  const orderStatus = body.order_status ?? body.status;
  if (orderStatus !== undefined) {
    values.order_status = orderStatus;
  }
  if (body.payment_status !== undefined) {
    values.payment_status = body.payment_status;
  }
  if (body.fulfillment_status !== undefined) {
    values.fulfillment_status = body.fulfillment_status;
  }
  if (options.required && Object.keys(values).length === 0) {
    return {
      ok: false,
      errors: { body: 'name at least one of status, payment_status, fulfillment_status' },
    };
  }
  return { ok: true, values };
}
