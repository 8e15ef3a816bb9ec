/** @module ISO 4217 currencies (from the `currency-codes` list) and their minor units. */
import currencyCodes from 'currency-codes';

/**
 * ISO 4217 also lists codes that are not money (XXX "no currency", XTS "testing", gold, SDRs…);
 * the list marks them with pseudo-countries starting with "Zz", and an order can't be priced in them.
 */
const SPENDABLE = new Map<string, number>(
  currencyCodes.data
    .filter((entry) => !entry.countries.every((country) => country.startsWith('Zz')))
    .map((entry) => [entry.code, entry.digits]),
);

export function isCurrencyCode(code: string): boolean {
  return SPENDABLE.has(code);
}

/** Number of decimal places the currency allows (SAR 2, KWD 3, JPY 0). */
export function minorUnits(code: string): number {
  return SPENDABLE.get(code) ?? 2;
}
