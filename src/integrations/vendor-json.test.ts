import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalFromMinorUnits, decimalFromText } from '../domain/money.js';
import { jsonArrayElements, optionalDecimal, parseVendorJson } from './vendor-json.js';

describe('exact money from vendor JSON', () => {
  it.each([
    ['55', '55'],
    ['343.750', '343.75'],
    ['2e3', '2000'],
    ['1.5E-2', '0.015'],
    ['-0.0', '0'],
    ['0012.300', '12.3'],
    ['12345678901234567.891', '12345678901234567.891'],
  ])('%s → %s', (text, decimal) => {
    expect(decimalFromText(text)).toBe(decimal);
  });

  it('keeps any decimal JSON number exactly as written', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 4 }),
        (units, digits) => {
          const text = decimalFromMinorUnits(units, digits);
          const parsed = parseVendorJson(`{"amount":${text}}`) as { amount: unknown };
          expect(optionalDecimal(parsed.amount, 'amount')).toBe(text);
        },
      ),
    );
  });

  it('refuses text that is not a number', () => {
    expect(() => optionalDecimal('12,50', 'total')).toThrow('total: must be a number');
    expect(decimalFromText('1e999')).toBeUndefined();
  });
});

describe('cutting a batch into its items', () => {
  it('returns each element of any JSON array as its exact text, however it is spaced', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 0, maxLength: 8 }),
        fc.constantFrom(undefined, 0, 2, '\t', ' \r\n '),
        (values, indent) => {
          const text = JSON.stringify(values, null, indent as string | number | undefined);
          const items = jsonArrayElements(text);
          expect(items.map((item) => JSON.parse(item))).toEqual(JSON.parse(text));
          // Exact text: each item is a piece of the body, trimmed of the spacing around it.
          for (const item of items) {
            expect(text).toContain(item);
            expect(item).toBe(item.trim());
          }
        },
      ),
    );
  });

  it('is not fooled by brackets, commas and escaped quotes inside strings', () => {
    const text = '[ {"a":"],[{\\"","b":[1,{"c":"}"}]} , "x,\\\\" ,3.10 ]';
    expect(jsonArrayElements(text)).toEqual(['{"a":"],[{\\"","b":[1,{"c":"}"}]}', '"x,\\\\"', '3.10']);
  });
});
