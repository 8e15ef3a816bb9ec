import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeEventType, type FieldChanges } from './order-event.js';
import { STATUS_FIELDS } from './order-status.js';

const changesOf = (fields: readonly string[]): FieldChanges =>
  Object.fromEntries(fields.map((field) => [field, { from: 'a', to: 'b' }]));

describe('changeEventType: the one rule for every writer', () => {
  it('is status_changed for status fields, with or without the source clock', () => {
    expect(changeEventType(changesOf(['order_status']))).toBe('order.status_changed');
    expect(changeEventType(changesOf(['payment_status', 'source_timestamp']))).toBe('order.status_changed');
  });

  it('is updated when anything else changed, or only the source clock, or nothing', () => {
    expect(changeEventType(changesOf(['order_status', 'total_amount']))).toBe('order.updated');
    expect(changeEventType(changesOf(['source_timestamp']))).toBe('order.updated');
    expect(changeEventType({})).toBe('order.updated');
  });

  it('status_changed exactly when some status field changed and every other change is source_timestamp', () => {
    const field = fc.constantFrom(...STATUS_FIELDS, 'source_timestamp', 'customer_name', 'products', 'notes');
    fc.assert(
      fc.property(fc.uniqueArray(field, { maxLength: 6 }), (fields) => {
        const statuses = fields.filter((f) => (STATUS_FIELDS as readonly string[]).includes(f));
        const others = fields.filter((f) => !statuses.includes(f) && f !== 'source_timestamp');
        const expected =
          statuses.length > 0 && others.length === 0 ? 'order.status_changed' : 'order.updated';
        expect(changeEventType(changesOf(fields))).toBe(expected);
      }),
    );
  });
});
