/**
 * Properties every normalizer keeps, whatever a vendor sends: it returns an order or throws a
 * NormalizationError naming a field path, never anything else (a TypeError, a RangeError…), and what it
 * returns is storable (exact decimal amounts within the currency's places, a real currency).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { isCurrencyCode, minorUnits } from '../../src/domain/currency.js';
import { decimalFromText, decimalPlaces } from '../../src/domain/money.js';
import type { NormalizeContext, NormalizedOrder } from '../../src/integrations/normalized-order.js';
import type { SourceNormalizer } from '../../src/integrations/source-normalizer.js';
import {
  isObject,
  NormalizationError,
  parseVendorJson,
  stringifyVendorJson,
} from '../../src/integrations/vendor-json.js';

/** Runs the normalizer and checks the outcome is an order or a NormalizationError with a path. */
export function normalizeOrReason(
  normalizer: SourceNormalizer,
  raw: unknown,
  context: NormalizeContext = { defaultCurrency: null },
): NormalizedOrder | NormalizationError {
  try {
    const order = normalizer.normalize(raw, context);
    expectStorable(order);
    return order;
  } catch (error) {
    if (!(error instanceof NormalizationError)) {
      throw new Error(`threw ${String(error)} on ${stringifyVendorJson(raw).slice(0, 400)}`);
    }
    expect(error.path.length).toBeGreaterThan(0);
    return error;
  }
}

function expectAmount(amount: string | null, places: number) {
  if (amount === null) {
    return;
  }
  expect(decimalFromText(amount)).toBe(amount);
  expect(decimalPlaces(amount)).toBeLessThanOrEqual(places);
}

export function expectStorable(order: NormalizedOrder) {
  const { fields } = order;
  expect(typeof order.vendorOrderId).toBe('string');
  expect(isCurrencyCode(fields.currency)).toBe(true);
  const places = minorUnits(fields.currency);
  for (const amount of [
    fields.total_amount,
    fields.subtotal,
    fields.vat_amount,
    fields.delivery_fee,
    fields.service_fee,
    fields.discounts_amount,
  ]) {
    expectAmount(amount, places);
  }
  for (const line of fields.products) {
    expectAmount(line.price, places);
    expectAmount(line.total, places);
    expect(Number.isInteger(line.quantity)).toBe(true);
  }
  for (const time of [fields.source_timestamp, order.vendorTimestamp]) {
    expect(time === null || !Number.isNaN(time.getTime())).toBe(true);
  }
}

/** JSON values as a lossless parse gives them (numbers keep their text). */
const vendorJson = fc.jsonValue().map((value) => parseVendorJson(JSON.stringify(value)));

/** Every path of an object tree, as key lists. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  }
  if (isObject(value)) {
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  }
  return [prefix];
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) {
    return replacement;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  }
  if (isObject(value)) {
    return { ...value, [head]: replaceAt(value[head as string], rest, replacement) };
  }
  return value;
}

/**
 * Arbitrary JSON, and valid payloads with arbitrary JSON put at random places (the likelier way a real
 * payload is odd), never crash the normalizer.
 */
export function checkNeverCrashes(normalizer: SourceNormalizer, samples: readonly unknown[]) {
  fc.assert(
    fc.property(vendorJson, (raw) => {
      normalizeOrReason(normalizer, raw);
    }),
    { numRuns: 300 },
  );
  const mutated = fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), vendorJson), { minLength: 1, maxLength: 4 }),
    )
    .map(([sample, edits]) =>
      edits.reduce((raw, [pick, replacement]) => {
        const paths = pathsOf(raw);
        return replaceAt(raw, paths[pick % paths.length] ?? [], replacement);
      }, sample),
    );
  fc.assert(
    fc.property(mutated, (raw) => {
      normalizeOrReason(normalizer, raw, { defaultCurrency: 'SAR' });
    }),
    { numRuns: 500 },
  );
}

/** A money amount with at most `places` decimals, as canonical decimal text. */
export const amountText = (places = 2) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** BigInt(places) - 1n }))
    .map(([whole, fraction]) => {
      const text = places === 0 ? `${whole}` : `${whole}.${fraction.toString().padStart(places, '0')}`;
      return decimalFromText(text) as string;
    });

/** Names in the scripts merchants' customers write them in. */
export const personName = fc.constantFrom(
  'Ahmed Hassan',
  'سارة العتيبي',
  'Noura Al-Otaibi',
  'خالد الحربي',
  'Reem',
  "O'Brien Smith",
);
