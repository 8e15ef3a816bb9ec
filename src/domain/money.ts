/**
 * @module Money is exact: amounts travel as decimal strings between the edge and `numeric` columns.
 * JSON numbers exist only at the HTTP edge; arithmetic is done on scaled bigints, never on floats.
 */

/** Largest amount accepted anywhere (a trillion in major units): far above any real order. */
export const MAX_AMOUNT = 1e12;

/**
 * The decimal text of a JSON number as the client wrote it. `JSON.parse` keeps every decimal with
 * up to 15 significant digits exact under the shortest round-trip rendering, which is what `String`
 * gives back, so `29.99` stays "29.99".
 */
export function decimalFromNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError('not a finite number');
  }
  const text = String(value);
  if (text.includes('e')) {
    // Only tiny or huge magnitudes render in exponent form; both are rejected by validation first.
    return value.toFixed(20).replace(/\.?0+$/, '');
  }
  return text;
}

/** Number of digits after the decimal point of a decimal string. */
export function decimalPlaces(decimal: string): number {
  const dot = decimal.indexOf('.');
  return dot === -1 ? 0 : decimal.length - dot - 1;
}

/** Canonical decimal text: no trailing fractional zeros, no leading plus, "-0" folded to "0". */
export function normalizeDecimal(decimal: string): string {
  let text = decimal.trim();
  if (text.includes('.')) {
    text = text.replace(/0+$/, '').replace(/\.$/, '');
  }
  return text === '-0' || text === '' ? '0' : text;
}

/** A decimal as a scaled integer: `units / 10^scale`. */
interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(decimal: string): Scaled {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const units = BigInt(`${whole || '0'}${fraction}`);
  return { units: negative ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function fromScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return normalizeDecimal(`${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`);
}

/** Exact `price × quantity` for a line total, at any number of decimal places. */
export function multiplyDecimal(decimal: string, factor: number): string {
  const value = toScaled(decimal);
  return fromScaled({ units: value.units * BigInt(factor), scale: value.scale });
}

/** Exact sum of decimal strings, at any number of decimal places. */
export function sumDecimals(decimals: readonly string[]): string {
  const scaled = decimals.map(toScaled);
  const scale = Math.max(0, ...scaled.map((value) => value.scale));
  return fromScaled({ units: scaled.reduce((total, value) => total + rescale(value, scale), 0n), scale });
}

/**
 * Rounds to `places` decimals, half away from zero (`2.345` → `2.35`, `-2.345` → `-2.35`): the
 * commercial rule that invoices and VAT returns in the region use. Exact; shorter decimals unchanged.
 */
export function roundDecimal(decimal: string, places: number): string {
  const value = toScaled(normalizeDecimal(decimal));
  if (value.scale <= places) {
    return fromScaled(value);
  }
  const divisor = 10n ** BigInt(value.scale - places);
  const negative = value.units < 0n;
  const abs = negative ? -value.units : value.units;
  const rounded = (abs + divisor / 2n) / divisor;
  return fromScaled({ units: negative ? -rounded : rounded, scale: places });
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Canonical decimal text of a JSON number's (or a numeric string's) original text, exactly, by moving
 * the point in the digits: `"2e3"` → `"2000"`, `"1.50"` → `"1.5"`. Undefined when it is not a number.
 * Vendor payloads are parsed losslessly, so their amounts reach storage without becoming floats.
 */
export function decimalFromText(text: string): string | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > 40) {
    return undefined; // no amount has that magnitude; refuse rather than build a huge string
  }
  let digits = `${whole}${fraction}`;
  let point = whole.length + exponent;
  if (point < 0) {
    digits = `${'0'.repeat(-point)}${digits}`;
    point = 0;
  }
  digits = digits.padEnd(point, '0');
  const integerPart = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fractionPart = digits.slice(point);
  return normalizeDecimal(`${sign}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`);
}

/** `2149` minor units of a 2-digit currency → `"21.49"`, exactly. */
export function decimalFromMinorUnits(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return normalizeDecimal(`${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`);
}
