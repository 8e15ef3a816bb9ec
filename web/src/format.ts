/** @module Display formatting in the reader's locale: money, dates, labels. */

const locale = () => navigator.language || 'en';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Money in its currency's own digits (KWD and BHD show three). Amounts are only displayed here, never
 * added up, so handing Intl the payload's value cannot drift a total.
 */
export function formatMoney(amount: number | string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') {
    return '—';
  }
  const key = `${locale()}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale(), { style: 'currency', currency });
    } catch {
      return `${amount} ${currency}`;
    }
    moneyFormats.set(key, format);
  }
  // Intl accepts decimal strings exactly (no float on the way); numbers are formatted as they are.
  return format.format(amount as Parameters<Intl.NumberFormat['format']>[0]);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

/** `partially_refunded` → `Partially refunded`. */
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
