/**
 * @module An order's history as sentences: "Status changed from Pending to Confirmed by Salla store
 * «Main store»". Field names are labelled, values formatted, structured values summarized: no JSON.
 */

import { keyLabel, variantPairs } from './components/structured';
import { formatDateTime, formatMoney, statusLabel } from './format';
import { type MessageKey, t } from './i18n';
import { installActor } from './sources';
import type { Install, Me, OrderHistory } from './types';

type HistoryEvent = OrderHistory['events'][number];

/** Labels of the order's fields as the pages name them. */
export const FIELD_LABELS: Record<string, MessageKey> = {
  order_status: 'Status',
  payment_status: 'Payment',
  fulfillment_status: 'Fulfillment',
  customer_name: 'Customer name',
  customer_email: 'Email',
  customer_phone: 'Phone',
  receiver_name: 'Receiver',
  receiver_phone: 'Receiver phone',
  store_name: 'Store',
  comment: 'Comment',
  subtotal: 'Subtotal',
  vat_amount: 'VAT',
  discounts_amount: 'Discounts',
  delivery_fee: 'Delivery fee',
  service_fee: 'Service fee',
  total_amount: 'Total',
  currency: 'Currency',
  products: 'Products',
  shipping_address: 'Shipping address',
  shipping_fulfillment: 'Shipping',
  dispatch_routing: 'Dispatch routing',
  source_timestamp: 'Time at the source',
  source_reference: 'Source reference',
  source_transaction_id: 'Source transaction',
  destination_id: 'Store / branch id',
  destination_reference: 'Destination reference',
  payment_method: 'Payment method',
  fulfillment_method: 'Fulfillment method',
  order_code: 'Order number',
  order_type: 'Order type',
  transport_type: 'Transport',
  promised_for: 'Promised for',
  is_preorder: 'Preorder',
};

export const fieldLabel = (field: string) => {
  const key = FIELD_LABELS[field];
  return key ? t(key) : keyLabel(field);
};

const MONEY = new Set([
  'subtotal',
  'vat_amount',
  'discounts_amount',
  'delivery_fee',
  'service_fee',
  'total_amount',
]);
const STATUSES = new Set(['order_status', 'payment_status', 'fulfillment_status']);

/** One value as a short phrase. */
export function plainValue(field: string, value: unknown, currency: string): string {
  if (value === null || value === undefined || value === '') {
    return t('nothing');
  }
  if (STATUSES.has(field) && typeof value === 'string') {
    return statusLabel(value);
  }
  if (MONEY.has(field) && (typeof value === 'number' || typeof value === 'string')) {
    return formatMoney(value, currency);
  }
  if (typeof value === 'boolean') {
    return value ? t('Yes') : t('No');
  }
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value))) {
    return formatDateTime(value);
  }
  if (field === 'products' && Array.isArray(value)) {
    return value
      .map((line: { name?: string | null; quantity?: number; variant?: Record<string, unknown> | null }) => {
        const options = variantPairs(line.variant).map(([name, option]) =>
          name ? `${name}: ${option}` : option,
        );
        return `${line.quantity ?? 1} × ${line.name ?? '—'}${options.length ? ` (${options.join(' · ')})` : ''}`;
      })
      .join(', ');
  }
  if (Array.isArray(value)) {
    return value.map((item) => plainValue('', item, currency)).join(', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== null && item !== undefined && item !== '')
      .map(([key, item]) => `${keyLabel(key)}: ${plainValue(key, item, currency)}`)
      .join(' · ');
  }
  return String(value);
}

/** Who did it, as a merchant knows them. */
export function actorPhrase(
  actor: HistoryEvent['actor'],
  installs: ReadonlyMap<string, Install>,
  me: Me,
): string {
  if (actor.app_id) {
    return installActor(installs.get(actor.app_id), actor.app_id);
  }
  if (actor.account_id && actor.account_id === me.account.id) {
    return t('you');
  }
  if (actor.api_key_id) {
    return actor.api_key_id === me.api_key.id ? t('you') : t('an API key');
  }
  return t('Linkit');
}

export interface Sentence {
  headline: string;
  /** Field-by-field changes of an update, one phrase each. */
  details: string[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A change of a structured field (shipping, routing, address) as the keys that changed, each labelled
 * "Shipping › Tracking number", so the sentence names what moved instead of repeating the whole value.
 */
function expandChanges(
  changes: [string, { from: unknown; to: unknown }][],
): [string, string, { from: unknown; to: unknown }][] {
  return changes.flatMap(([field, change]): [string, string, { from: unknown; to: unknown }][] => {
    if (!(isPlainObject(change.from) || isPlainObject(change.to)) || field === 'products') {
      return [[field, fieldLabel(field), change]];
    }
    const from = isPlainObject(change.from) ? change.from : {};
    const to = isPlainObject(change.to) ? change.to : {};
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(
      (key) => JSON.stringify(from[key] ?? null) !== JSON.stringify(to[key] ?? null),
    );
    return keys.map((key): [string, string, { from: unknown; to: unknown }] => [
      key,
      `${fieldLabel(field)} › ${keyLabel(key)}`,
      { from: from[key], to: to[key] },
    ]);
  });
}

export function describeEvent(event: HistoryEvent, currency: string, actor: string): Sentence {
  const changes = expandChanges(Object.entries(event.changes ?? {}));
  switch (event.event_type) {
    case 'order.created':
      return { headline: t('Order received from {actor}', { actor }), details: [] };
    case 'order.deleted':
      return { headline: t('Order deleted by {actor}', { actor }), details: [] };
    case 'order.status_changed':
    case 'order.updated': {
      const details = changes.map(([field, label, change]) =>
        t('{field} changed from {from} to {to}', {
          field: label,
          from: plainValue(field, change.from, currency),
          to: plainValue(field, change.to, currency),
        }),
      );
      if (details.length === 1) {
        return { headline: t('{change} by {actor}', { change: details[0] ?? '', actor }), details: [] };
      }
      return { headline: t('Order updated by {actor}', { actor }), details };
    }
    default:
      return { headline: t('Order updated by {actor}', { actor }), details: [] };
  }
}
