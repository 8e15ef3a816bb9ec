import { describe, expect, it } from 'vitest';
import {
  canTransition,
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  refusedTransition,
  type StatusField,
} from './order-status.js';

/**
 * The allowed moves written out by hand, independently of the TRANSITIONS tables, so that a change to
 * a table shows up here as a failing pair. Every other pair of distinct values must be refused.
 */
const ALLOWED: Record<StatusField, { values: readonly string[]; moves: string[] }> = {
  order_status: {
    values: ORDER_STATUSES,
    moves: [
      'pending>confirmed',
      'pending>preparing',
      'pending>ready',
      'pending>shipped',
      'pending>delivered',
      'pending>cancelled',
      'confirmed>preparing',
      'confirmed>ready',
      'confirmed>shipped',
      'confirmed>delivered',
      'confirmed>cancelled',
      'preparing>ready',
      'preparing>shipped',
      'preparing>delivered',
      'preparing>cancelled',
      'ready>shipped',
      'ready>delivered',
      'ready>cancelled',
      'shipped>delivered',
      'delivered>returned',
    ],
  },
  payment_status: {
    values: PAYMENT_STATUSES,
    moves: [
      'pending>paid',
      'pending>failed',
      'failed>pending',
      'failed>paid',
      'paid>partially_refunded',
      'paid>refunded',
      'partially_refunded>refunded',
    ],
  },
  fulfillment_status: {
    values: FULFILLMENT_STATUSES,
    moves: [
      'unfulfilled>processing',
      'unfulfilled>partially_fulfilled',
      'unfulfilled>fulfilled',
      'unfulfilled>cancelled',
      'processing>partially_fulfilled',
      'processing>fulfilled',
      'processing>cancelled',
      'partially_fulfilled>fulfilled',
      'partially_fulfilled>returned',
      'fulfilled>returned',
    ],
  },
};

const cases = Object.entries(ALLOWED).flatMap(([field, { values, moves }]) =>
  values.flatMap((from) =>
    values.map((to) => ({
      field: field as StatusField,
      from,
      to,
      allowed: from === to || moves.includes(`${from}>${to}`),
    })),
  ),
);

describe('status transitions', () => {
  it.each(cases)('$field: $from → $to allowed=$allowed', ({ field, from, to, allowed }) => {
    expect(canTransition(field, from as never, to as never)).toBe(allowed);
  });

  it('covers every pair of every machine', () => {
    expect(cases).toHaveLength(8 * 8 + 5 * 5 + 6 * 6);
  });
});

describe('refusedTransition', () => {
  const current = {
    order_status: 'shipped',
    payment_status: 'paid',
    fulfillment_status: 'fulfilled',
  } as const;

  it('accepts a set of allowed moves and staying put', () => {
    expect(refusedTransition(current, { order_status: 'delivered', payment_status: 'paid' })).toBeUndefined();
  });

  it('names the first refused field with its from and to', () => {
    expect(refusedTransition(current, { order_status: 'delivered', payment_status: 'pending' })).toEqual({
      field: 'payment_status',
      from: 'paid',
      to: 'pending',
    });
    expect(refusedTransition(current, { order_status: 'cancelled' })).toEqual({
      field: 'order_status',
      from: 'shipped',
      to: 'cancelled',
    });
  });
});
