/** @module Display formatting in the chosen language's locale: money, dates, numbers, status labels. */
import { currentLocale, type MessageKey, t } from './i18n';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Money in its currency's own digits (KWD and BHD show three). Amounts are only displayed here, never
 * added up, so handing Intl the payload's value cannot drift a total.
 */
export function formatMoney(amount: number | string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') {
    return '—';
  }
  const locale = currentLocale();
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      return `${amount} ${currency}`;
    }
    moneyFormats.set(key, format);
  }
  // Intl accepts decimal strings exactly (no float on the way); numbers are formatted as they are.
  return format.format(amount as Parameters<Intl.NumberFormat['format']>[0]);
}

/** Parts of one address line, joined with the comma of their own script ("حي النخيل، الرياض"). */
export function joinPlace(parts: readonly (string | null | undefined)[]): string {
  const present = parts.filter((part): part is string => Boolean(part));
  return present.join(present.some((part) => /[\u0600-\u06FF]/.test(part)) ? '، ' : ', ');
}

/** "a, b and c" / "أ، ب و ج": a list joined as the language joins it. */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(currentLocale(), { style: 'short', type: 'unit' }).format(items);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLocale()).format(value);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium' }).format(date);
}

/** `partially_refunded` → `Partially refunded`: for values the page has no label for. */
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const text = value.replace(/[_-]/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every status value of the three pipelines, as the merchant reads it. */
const STATUS_LABELS: Record<string, MessageKey> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  preparing: 'Preparing',
  ready: 'Ready',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  returned: 'Returned',
  paid: 'Paid',
  refunded: 'Refunded',
  partially_refunded: 'Partially refunded',
  failed: 'Failed',
  unfulfilled: 'Unfulfilled',
  processing: 'Processing',
  partially_fulfilled: 'Partially fulfilled',
  fulfilled: 'Fulfilled',
  active: 'Active',
  paused: 'Paused',
  succeeded: 'Succeeded',
  dead_lettered: 'Dead-lettered',
  received: 'Received',
  stale: 'Stale',
  skipped: 'Skipped',
  inactive: 'Paused',
  revoked: 'Revoked',
  expired: 'Expired',
  promoted: 'Promoted',
};

/** Payment and fulfillment methods as sources write them; unknown ones are humanized. */
const METHOD_LABELS: Record<string, MessageKey> = {
  cod: 'Cash on delivery',
  cash_on_delivery: 'Cash on delivery',
  cash: 'Cash',
  bank: 'Bank transfer',
  bank_transfer: 'Bank transfer',
  credit_card: 'Card',
  card: 'Card',
  mada: 'mada card',
  apple_pay: 'Apple Pay',
  stc_pay: 'STC Pay',
  delivery: 'Delivery',
  pickup: 'Pickup',
  shipping: 'Shipping',
};

export function methodLabel(value: string | null | undefined): string | null {
  if (!value) {
    return null;
  }
  const key = METHOD_LABELS[value.toLowerCase()];
  return key ? t(key) : humanize(value);
}

export function statusLabel(value: string): string {
  const key = STATUS_LABELS[value];
  return key ? t(key) : humanize(value);
}
