/** @module The three status pipelines of an order and their values. */

export const OrderStatus = {
  pending: 'pending',
  confirmed: 'confirmed',
  preparing: 'preparing',
  ready: 'ready',
  shipped: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
  returned: 'returned',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
export const ORDER_STATUSES = Object.values(OrderStatus);

export const PaymentStatus = {
  pending: 'pending',
  paid: 'paid',
  refunded: 'refunded',
  partially_refunded: 'partially_refunded',
  failed: 'failed',
} as const;
export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];
export const PAYMENT_STATUSES = Object.values(PaymentStatus);

/** Not enumerated by the contract; see docs/decisions/0004-statuses.md. */
export const FulfillmentStatus = {
  unfulfilled: 'unfulfilled',
  processing: 'processing',
  partially_fulfilled: 'partially_fulfilled',
  fulfilled: 'fulfilled',
  returned: 'returned',
  cancelled: 'cancelled',
} as const;
export type FulfillmentStatus = (typeof FulfillmentStatus)[keyof typeof FulfillmentStatus];
export const FULFILLMENT_STATUSES = Object.values(FulfillmentStatus);
