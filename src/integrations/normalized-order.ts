/** @module What every normalizer returns, and the defaults and checks they share. */
import { isCurrencyCode } from '../domain/currency.js';
import { type OrderFields, SHIPPING_ADDRESS_FIELDS, type ShippingAddress } from '../domain/order.js';
import { NormalizationError } from './vendor-json.js';

/** A vendor order mapped onto the ledger's fields, with what identifies and orders its versions. */
export interface NormalizedOrder {
  /** The vendor's own order id: with the install id, the key of the unified order. */
  vendorOrderId: string;
  /** The vendor's time for this version of the order (last update, else creation), when it has one. */
  vendorTimestamp: Date | null;
  fields: OrderFields;
}

/** Per-install settings a normalizer may need (`organization_apps.config`). */
export interface NormalizeContext {
  /** Used when a payload carries no currency of its own. */
  defaultCurrency: string | null;
}

type RequiredFields = Pick<OrderFields, 'currency' | 'total_amount'>;

/** A complete `OrderFields`: what the normalizer knows, everything else null or the ledger's default. */
export function normalizedFields(known: RequiredFields & Partial<OrderFields>): OrderFields {
  const fields: OrderFields = {
    source_reference: null,
    source_transaction_id: null,
    source_timestamp: null,
    destination_id: null,
    destination_reference: null,
    order_status: 'pending',
    fulfillment_status: 'unfulfilled',
    payment_status: 'pending',
    fulfillment_method: null,
    payment_method: null,
    discounts_amount: null,
    vat_amount: null,
    customer_name: null,
    customer_phone: null,
    customer_email: null,
    receiver_name: null,
    receiver_phone: null,
    products: [],
    shipping_address: null,
    order_code: null,
    order_type: null,
    transport_type: null,
    comment: null,
    promised_for: null,
    is_preorder: false,
    delivery_fee: null,
    service_fee: null,
    subtotal: null,
    store_name: null,
    dispatch_routing: null,
    shipping_fulfillment: null,
    ...known,
  };
  if (!isCurrencyCode(fields.currency)) {
    throw new NormalizationError('currency', `${fields.currency} is not an ISO 4217 currency code`);
  }
  return fields;
}

/** The payload's currency, else the install's default; a payload with neither can't be priced. */
export function currencyOf(value: string | null, context: NormalizeContext, path: string): string {
  const currency = value?.toUpperCase() ?? context.defaultCurrency;
  if (!currency) {
    throw new NormalizationError(path, 'is missing and the install has no config.default_currency');
  }
  return currency;
}

/** An address with every field present (null when unknown); null when nothing at all is known. */
export function shippingAddress(known: Partial<ShippingAddress>): ShippingAddress | null {
  const address = Object.fromEntries(
    SHIPPING_ADDRESS_FIELDS.map((field) => [field, known[field] ?? null]),
  ) as unknown as ShippingAddress;
  if (Object.values(address).every((value) => value === null)) {
    return null;
  }
  // The payload's country is ISO 3166-1 alpha-2; a country *name* stays only in the raw capture.
  const country =
    address.country && /^[A-Za-z]{2}$/.test(address.country) ? address.country.toUpperCase() : null;
  return { ...address, country };
}

/** "Ahmed" + "Mohammed" → "Ahmed Mohammed"; null when both are missing. */
export function fullName(...parts: Array<string | null>): string | null {
  const name = parts.filter(Boolean).join(' ');
  return name === '' ? null : name;
}

/** The latest of the known times (null when none is known). */
export function latest(...times: Array<Date | null>): Date | null {
  const known = times.filter((time): time is Date => time !== null);
  return known.length === 0 ? null : new Date(Math.max(...known.map((time) => time.getTime())));
}
