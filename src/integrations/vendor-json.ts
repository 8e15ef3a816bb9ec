/**
 * @module Vendor payloads as data: parsed without turning numbers into floats, and read field by field
 * with errors that name the vendor's own path (`data.amounts.total.amount: must be a number`).
 */
import { isLosslessNumber, parse, stringify } from 'lossless-json';
import { DateTime } from 'luxon';
import { decimalFromText, sumDecimals } from '../domain/money.js';

/** A payload that can't be mapped onto an order; the intake row keeps `message` as its reason. */
export class NormalizationError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** JSON text → values whose numbers keep their exact text (lossless-json `LosslessNumber`). */
export function parseVendorJson(text: string): unknown {
  return parse(text);
}

/** The inverse of `parseVendorJson`: numbers are written back exactly as they arrived. */
export function stringifyVendorJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

export type VendorObject = Record<string, unknown>;

const isMissing = (value: unknown) => value === undefined || value === null;

export function isObject(value: unknown): value is VendorObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

export function object(value: unknown, path: string): VendorObject {
  if (!isObject(value)) {
    throw new NormalizationError(path, 'must be an object');
  }
  return value;
}

/**
 * An object, or null when absent. PHP-backed APIs (Salla, WooCommerce, Zid) serialize an empty map as
 * `[]`, so an empty array reads as "no object" rather than failing the order.
 */
export function optionalObject(value: unknown, path: string): VendorObject | null {
  if (isMissing(value) || value === false || (Array.isArray(value) && value.length === 0)) {
    return null;
  }
  return object(value, path);
}

/** An array, or none when absent (an empty `{}` from a PHP API is an empty list too). */
export function optionalArray(value: unknown, path: string): unknown[] {
  if (isMissing(value) || value === false || (isObject(value) && Object.keys(value).length === 0)) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new NormalizationError(path, 'must be an array');
  }
  return value;
}

/** Text, or the exact digits of a number (ids and phone numbers often arrive as numbers). */
export function text(value: unknown, path: string): string {
  const result = optionalText(value, path);
  if (result === null) {
    throw new NormalizationError(path, 'is required');
  }
  return result;
}

/** Like `text`, but missing, null, `false` (PHP's "nothing") and blank are "no value". */
export function optionalText(value: unknown, path: string): string | null {
  if (isMissing(value) || value === false) {
    return null;
  }
  if (isLosslessNumber(value)) {
    return value.value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value); // a payload parsed by plain JSON.parse: its ids and phones are numbers
  }
  if (typeof value !== 'string') {
    throw new NormalizationError(path, 'must be a string');
  }
  return value.trim() === '' ? null : value.trim();
}

/** An exact decimal string from a JSON number or numeric string. */
export function decimal(value: unknown, path: string): string {
  const result = optionalDecimal(value, path);
  if (result === null) {
    throw new NormalizationError(path, 'is required');
  }
  return result;
}

export function optionalDecimal(value: unknown, path: string): string | null {
  if (isMissing(value) || value === '') {
    return null;
  }
  const raw = isLosslessNumber(value)
    ? value.value
    : typeof value === 'string'
      ? value
      : // Plain JSON.parse numbers: their shortest rendering is the text they were written as (up to 15 digits).
        typeof value === 'number' && Number.isFinite(value)
        ? String(value)
        : undefined;
  const result = raw === undefined ? undefined : decimalFromText(raw);
  if (result === undefined) {
    throw new NormalizationError(path, 'must be a number');
  }
  return result;
}

export function integer(value: unknown, path: string): bigint {
  const result = optionalDecimal(value, path);
  if (result === null || result.includes('.')) {
    throw new NormalizationError(path, 'must be a whole number');
  }
  return BigInt(result);
}

/** A whole count of units, as line quantities are stored. */
export function quantity(value: unknown, path: string): number {
  const units = integer(value, path);
  if (units < 0n || units > 1_000_000n) {
    throw new NormalizationError(path, 'must be between 0 and 1000000');
  }
  return Number(units);
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/** true / false, also as `1` / `0` or their text, as PHP-backed APIs send flags. */
export function optionalBoolean(value: unknown, path: string): boolean | null {
  if (isMissing(value) || value === '') {
    return null;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  const raw = isLosslessNumber(value) ? value.value : typeof value === 'string' ? value.trim() : undefined;
  const flag = raw === undefined ? undefined : BOOLEAN_TEXT[raw.toLowerCase()];
  if (flag === undefined) {
    throw new NormalizationError(path, 'must be true or false');
  }
  return flag;
}

/**
 * An identifier where vendors write `0` / `"0"` for "none yet" (Salla shipment ids, tracking numbers
 * and links before a courier assigns them): that placeholder is no value.
 */
export function optionalIdentifier(value: unknown, path: string): string | null {
  const result = optionalText(value, path);
  return result === null || /^0+$/.test(result) ? null : result;
}

/** A value read from the first of several places that has one, with that place's path for errors. */
export interface Located {
  value: unknown;
  path: string;
}

/**
 * The first candidate that is present (not undefined / null / blank), so that an error names the
 * field actually read, not the preferred one that was missing. The last candidate when none is.
 */
export function firstPresent(...candidates: Located[]): Located {
  const found = candidates.find(
    ({ value }) => !isMissing(value) && !(typeof value === 'string' && value.trim() === ''),
  );
  return found ?? candidates[candidates.length - 1] ?? { value: undefined, path: '' };
}

const HAS_OFFSET = /(Z|[+-]\d\d(:?\d\d)?)$/i;

/** Text of a time → an instant: its own offset when it has one, else a wall time in `zone`. */
function parseTime(raw: string, zone: string): DateTime | null {
  const options = HAS_OFFSET.test(raw) ? { setZone: true } : { zone };
  for (const parse of [DateTime.fromISO, DateTime.fromSQL, DateTime.fromRFC2822]) {
    const parsed = parse(raw, options);
    if (parsed.isValid) {
      return parsed;
    }
  }
  return null;
}

/**
 * An ISO 8601 / RFC 3339 time with an offset. A bare local time is ambiguous: it is refused unless the
 * source documents the zone its bare times are in (`zone`, e.g. WooCommerce's `*_gmt` fields are UTC).
 */
export function optionalInstant(value: unknown, path: string, zone?: string): Date | null {
  const raw = optionalText(value, path);
  if (raw === null) {
    return null;
  }
  if (zone === undefined && !HAS_OFFSET.test(raw)) {
    throw new NormalizationError(path, 'must be an ISO 8601 time with a UTC offset');
  }
  const parsed = parseTime(raw, zone ?? 'UTC');
  if (!parsed) {
    throw new NormalizationError(path, 'must be an ISO 8601 time with a UTC offset');
  }
  return parsed.toJSDate();
}

/**
 * A wall-clock time (`2022-06-16 14:48:20.000000`) in a named zone (`Asia/Riyadh`) or at an offset
 * (`+03:00`), as PHP-backed APIs like Salla's send dates; a time carrying its own offset is that instant.
 */
export function zonedWallTime(wallTime: unknown, zone: unknown, path: string, defaultZone = 'UTC'): Date {
  const raw = text(wallTime, `${path}.date`);
  const zoneName = optionalText(zone, `${path}.timezone`) ?? defaultZone;
  const luxonZone = /^[+-]\d\d:?\d\d$/.test(zoneName) ? `UTC${zoneName}` : zoneName;
  if (!DateTime.local().setZone(luxonZone).isValid) {
    throw new NormalizationError(`${path}.timezone`, `is not a known time zone (${zoneName})`);
  }
  const parsed = parseTime(raw, luxonZone);
  if (!parsed) {
    throw new NormalizationError(path, 'is not a time');
  }
  return parsed.toJSDate();
}

/**
 * Plain JSON for metadata kept as is (variant attributes, carrier details): lossless numbers become
 * ordinary numbers. Never used for money, which goes through `decimal`.
 */
export function plainJson(value: unknown): unknown {
  if (isLosslessNumber(value)) {
    return Number(value.value);
  }
  if (Array.isArray(value)) {
    return value.map(plainJson);
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainJson(item)]));
  }
  return value;
}

/** Drops null / undefined entries; null when nothing is left, so absent metadata stays null. */
export function compactObject(entries: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(entries).filter(([, value]) => value !== null && value !== undefined);
  return kept.length === 0 ? null : Object.fromEntries(kept);
}

/** Exact sum of the amounts that are present; null when none is. */
export function sumDecimalsOrNull(amounts: ReadonlyArray<string | null>): string | null {
  const present = amounts.filter((amount): amount is string => amount !== null);
  return present.length === 0 ? null : sumDecimals(present);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE = 0x5d;

/**
 * The elements of a JSON array, each as its exact text: one pass over the characters, no values built,
 * so a batch of a thousand orders costs far less than parsing it. `text` must be valid JSON whose top
 * level is an array (check with `JSON.parse` first).
 */
export function jsonArrayElements(text: string): string[] {
  const elements: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  const take = (end: number) => {
    if (start >= 0) {
      elements.push(text.slice(start, end).trimEnd());
      start = -1;
    }
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) {
        index += 1;
      } else if (char === QUOTE) {
        inString = false;
      }
      continue;
    }
    if (depth === 1 && start < 0 && char !== COMMA && char !== CLOSE && !/\s/.test(text[index] as string)) {
      start = index;
    }
    switch (text[index]) {
      case '"':
        inString = true;
        break;
      case '[':
      case '{':
        depth += 1;
        break;
      case ']':
      case '}':
        depth -= 1;
        if (depth === 0) {
          take(index);
        }
        break;
      case ',':
        if (depth === 1) {
          take(index);
        }
        break;
      default:
        break;
    }
  }
  return elements;
}
