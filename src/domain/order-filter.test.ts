import { describe, expect, it } from 'vitest';
import { filterKey, toSortSpec } from './order-filter.js';

describe('filterKey', () => {
  it('is the same for the same filter in any field or value order, and differs otherwise', () => {
    const a = filterKey({ status: ['pending', 'confirmed'], currency: ['SAR'], search: 'x' });
    const b = filterKey({ search: 'x', currency: ['SAR'], status: ['confirmed', 'pending', 'pending'] });
    expect(a).toBe(b);
    expect(filterKey({ status: ['pending'] })).not.toBe(filterKey({ payment_status: ['pending'] }));
    expect(filterKey({ is_preorder: false })).not.toBe(filterKey({}));
  });
});

describe('toSortSpec', () => {
  it('reads the field and a leading minus as descending', () => {
    expect(toSortSpec('-total_amount')).toEqual({ field: 'total_amount', descending: true });
    expect(toSortSpec('order_number')).toEqual({ field: 'order_number', descending: false });
  });
});
