import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalFromNumber,
  decimalPlaces,
  multiplyDecimal,
  normalizeDecimal,
  roundDecimal,
  sumDecimals,
} from './money.js';

/** A decimal with up to 12 integer digits and `places` fraction digits, as text. */
const decimalText = (places: number) =>
  fc
    .tuple(
      fc.bigInt({ min: 0n, max: 999_999_999_999n }),
      fc.bigInt({ min: 0n, max: 10n ** BigInt(places) - 1n }),
    )
    .map(([whole, fraction]) =>
      places === 0
        ? whole.toString()
        : normalizeDecimal(`${whole}.${fraction.toString().padStart(places, '0')}`),
    );

describe('money', () => {
  it('keeps the decimal a client wrote in JSON (up to 15 significant digits)', () => {
    fc.assert(
      fc.property(decimalText(3), (text) => {
        fc.pre(text.replace('.', '').replace(/^0+/, '').length <= 15);
        expect(decimalFromNumber(JSON.parse(text))).toBe(text);
      }),
    );
    expect(decimalFromNumber(29.99)).toBe('29.99');
    expect(decimalFromNumber(0.1)).toBe('0.1');
    expect(decimalFromNumber(12.345)).toBe('12.345');
  });

  it('multiplies and sums exactly where floats do not', () => {
    expect(0.1 * 3).not.toBe(0.3);
    expect(multiplyDecimal('0.1', 3)).toBe('0.3');
    expect(multiplyDecimal('3.335', 3)).toBe('10.005');
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    fc.assert(
      fc.property(decimalText(3), fc.integer({ min: 1, max: 1000 }), (price, quantity) => {
        const repeated = sumDecimals(Array.from({ length: quantity }, () => price));
        expect(multiplyDecimal(price, quantity)).toBe(repeated);
      }),
      { numRuns: 50 },
    );
  });

  it('counts decimal places and normalizes trailing zeros', () => {
    expect(decimalPlaces('45.650')).toBe(3);
    expect(decimalPlaces('45')).toBe(0);
    expect(normalizeDecimal('45.650')).toBe('45.65');
    expect(normalizeDecimal('45.000')).toBe('45');
    expect(normalizeDecimal('-0.0')).toBe('0');
  });

  it('refuses numbers that are not finite', () => {
    expect(() => decimalFromNumber(Number.NaN)).toThrow(RangeError);
    expect(() => decimalFromNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('sums and multiplies amounts with more decimals than any currency has, exactly', () => {
    // Vendors send discount lines like "12.34567890123456": this threw a RangeError before.
    expect(sumDecimals(['12.34567890123456', '0.00000000000044'])).toBe('12.345678901235');
    expect(multiplyDecimal('0.33333333333333', 3)).toBe('0.99999999999999');
    fc.assert(
      fc.property(fc.array(decimalText(14), { maxLength: 8 }), (amounts) => {
        const sum = sumDecimals(amounts);
        const back = amounts.reduce((rest, amount) => sumDecimals([rest, `-${amount}`]), sum);
        expect(normalizeDecimal(back)).toBe('0');
      }),
      { numRuns: 100 },
    );
  });

  it('rounds half away from zero to a number of places', () => {
    expect(roundDecimal('2.345', 2)).toBe('2.35');
    expect(roundDecimal('2.344999', 2)).toBe('2.34');
    expect(roundDecimal('-2.345', 2)).toBe('-2.35');
    expect(roundDecimal('55.00000000000001', 2)).toBe('55');
    expect(roundDecimal('0.0005', 3)).toBe('0.001');
    expect(roundDecimal('1.5', 0)).toBe('2');
    expect(roundDecimal('12.3', 2)).toBe('12.3');
    fc.assert(
      fc.property(decimalText(14), fc.integer({ min: 0, max: 4 }), (amount, places) => {
        const rounded = roundDecimal(amount, places);
        expect(decimalPlaces(rounded)).toBeLessThanOrEqual(places);
        // Within half a unit of the last kept place, and never more than that.
        const error = sumDecimals([amount, `-${rounded}`]).replace('-', '');
        const half = places === 0 ? '0.5' : `0.${'0'.repeat(places)}5`;
        expect(sumDecimals([half, `-${error}`]).startsWith('-')).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
