import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import { genericNormalizer } from './generic.js';

const normalize = (raw: unknown) => genericNormalizer.normalize(raw, { defaultCurrency: null });

describe('generic normalizer (payloads already in the unified shape)', () => {
  it('maps the create body onto the stored fields', () => {
    const order = normalize(fixture('generic', 'order.json'));
    expect(order.vendorOrderId).toBe('pos-77812');
    expect(order.fields).toMatchObject({
      order_status: 'confirmed',
      payment_status: 'paid',
      total_amount: '42.55',
      vat_amount: '5.55',
      fulfillment_method: 'pickup',
    });
    expect(order.fields.products[0]).toMatchObject({ sku: 'CAP-01', price: '18.5', total: '37' });
  });

  it('requires source_transaction_id and the API body rules', () => {
    const { source_transaction_id: _id, ...withoutId } = fixture('generic', 'order.json');
    expect(() => normalize(withoutId)).toThrow('source_transaction_id: is required');
    expect(() => normalize({ ...fixture('generic', 'order.json'), colour: 'red' })).toThrow(
      'colour: is not a known field',
    );
    expect(() => normalize({ ...fixture('generic', 'order.json'), currency: 'XXX' })).toThrow(
      'currency: XXX is not an ISO 4217 currency code',
    );
  });
});
