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

export function optionalObject(value: unknown, path: string): VendorObject | null {
  return isMissing(value) ? null : object(value, path);
}

export function optionalArray(value: unknown, path: string): unknown[] {
  if (isMissing(value)) {
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

/** Like `text`, but missing, null and blank are "no value". */
export function optionalText(value: unknown, path: string): string | null {
  if (isMissing(value)) {
    return null;
  }
  if (isLosslessNumber(value)) {
    return value.value;
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
  const raw = isLosslessNumber(value) ? value.value : typeof value === 'string' ? value : undefined;
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

export function optionalBoolean(value: unknown, path: string): boolean | null {
  if (isMissing(value)) {
    return null;
  }
  if (typeof value !== 'boolean') {
    throw new NormalizationError(path, 'must be true or false');
  }
  return value;
}

/** An ISO 8601 / RFC 3339 time with an offset (a bare local time is ambiguous and refused). */
export function optionalInstant(value: unknown, path: string): Date | null {
  const raw = optionalText(value, path);
  if (raw === null) {
    return null;
  }
  const parsed = DateTime.fromISO(raw, { setZone: true });
  if (!parsed.isValid || !/(Z|[+-]\d\d:?\d\d)$/i.test(raw)) {
    throw new NormalizationError(path, 'must be an ISO 8601 time with a UTC offset');
  }
  return parsed.toJSDate();
}

/**
 * A wall-clock time (`2022-06-16 14:48:20.000000`) in a named zone (`Asia/Riyadh`) or at an offset
 * (`+03:00`), as PHP-backed APIs like Salla's send dates.
 */
export function zonedWallTime(wallTime: unknown, zone: unknown, path: string): Date {
  const raw = text(wallTime, `${path}.date`);
  const zoneName = optionalText(zone, `${path}.timezone`) ?? 'UTC';
  const luxonZone = /^[+-]\d\d:?\d\d$/.test(zoneName) ? `UTC${zoneName}` : zoneName;
  const parsed = DateTime.fromSQL(raw, { zone: luxonZone });
  if (!parsed.isValid) {
    throw new NormalizationError(
      path,
      `is not a time in a known zone (${parsed.invalidExplanation ?? 'invalid'})`,
    );
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
