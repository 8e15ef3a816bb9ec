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

/**
 * The workflow: forward along pending → confirmed → preparing → ready → shipped → delivered, skipping
 * steps when a source reports only some of them; cancelled from any state before shipped; returned
 * only after delivery. Cancelled and returned are final. docs/decisions/0020-status-workflow.md.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'preparing', 'ready', 'shipped', 'delivered', 'cancelled'],
  confirmed: ['preparing', 'ready', 'shipped', 'delivered', 'cancelled'],
  preparing: ['ready', 'shipped', 'delivered', 'cancelled'],
  ready: ['shipped', 'delivered', 'cancelled'],
  shipped: ['delivered'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

/** Money moves once: a failed attempt may be retried; refunds only follow a payment. */
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['paid', 'failed'],
  failed: ['pending', 'paid'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
};

/** Goods move forward; a cancellation only before anything left, a return only after it did. */
export const FULFILLMENT_TRANSITIONS: Record<FulfillmentStatus, readonly FulfillmentStatus[]> = {
  unfulfilled: ['processing', 'partially_fulfilled', 'fulfilled', 'cancelled'],
  processing: ['partially_fulfilled', 'fulfilled', 'cancelled'],
  partially_fulfilled: ['fulfilled', 'returned'],
  fulfilled: ['returned'],
  returned: [],
  cancelled: [],
};

/** The three status fields of an order and their machines. */
export const STATUS_MACHINES = {
  order_status: ORDER_TRANSITIONS,
  payment_status: PAYMENT_TRANSITIONS,
  fulfillment_status: FULFILLMENT_TRANSITIONS,
} as const;
export type StatusField = keyof typeof STATUS_MACHINES;
export const STATUS_FIELDS = Object.keys(STATUS_MACHINES) as StatusField[];

export interface StatusValues {
  order_status: OrderStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
}

/** Staying in the current state is always allowed (a no-op); anything else must be in the table. */
export function canTransition<F extends StatusField>(
  field: F,
  from: StatusValues[F],
  to: StatusValues[F],
): boolean {
  const table = STATUS_MACHINES[field] as Record<string, readonly string[]>;
  return from === to || (table[from]?.includes(to) ?? false);
}

export interface RefusedTransition {
  field: StatusField;
  from: string;
  to: string;
}

/**
 * Checks every requested status move against the current values; returns the first refused one, or
 * undefined when all of them are allowed (so a multi-field change is all or nothing).
 */
export function refusedTransition(
  current: StatusValues,
  requested: Partial<StatusValues>,
): RefusedTransition | undefined {
  for (const field of STATUS_FIELDS) {
    const to = requested[field];
    if (to !== undefined && !canTransition(field, current[field], to)) {
      return { field, from: current[field], to };
    }
  }
  return undefined;
}
