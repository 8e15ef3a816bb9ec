/**
 * @module Realistic synthetic orders for the benchmark: skewed tenant sizes, 1–5 lines, every status,
 * several sources and currencies (KWD with 3 decimals). Deterministic for a given seed.
 */
import { type OrderRecord, type ProductLine, skusOf } from '../src/domain/order.js';
import { renderSnapshot } from '../src/domain/order-render.js';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from '../src/domain/order-status.js';
import { formatOrderNumber } from '../src/services/orders-service.js';
import type { StoredOrder } from '../src/storage/orders-repository.js';

/** mulberry32: small, fast, seedable. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Orders per organization: a Zipf-like split, so the first tenant holds about a quarter of them. */
export function tenantSizes(total: number, organizations: number): number[] {
  const weights = Array.from({ length: organizations }, (_, index) => 1 / (index + 1) ** 1.1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((weight) => Math.floor((total * weight) / sum));
  sizes[0] = (sizes[0] ?? 0) + total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

const FIRST = [
  'Ahmed',
  'Sarah',
  'Fatima',
  'Omar',
  'Layla',
  'Yousef',
  'Noura',
  'Khalid',
  'Maryam',
  'Ali',
  'Huda',
  'Faisal',
  'Reem',
  'Tariq',
  'Dana',
  'John',
  'Emily',
  'Hassan',
  'Aisha',
  'Saad',
];
const LAST = [
  'Hassan',
  'Smith',
  'Al-Qahtani',
  'Haddad',
  'Nasser',
  'Khan',
  'Saleh',
  'Farouk',
  'Mansour',
  'Ibrahim',
  'Rahman',
  'Doe',
  'Aziz',
  'Hamdan',
  'Zaid',
  'Karim',
  'Othman',
  'Yassin',
  'Bakr',
  'Jaber',
];
const DOMAINS = ['example.com', 'mail.test', 'shop.example', 'inbox.test'];
const PLACES = [
  { city: 'Riyadh', country: 'SA' },
  { city: 'Jeddah', country: 'SA' },
  { city: 'Dubai', country: 'AE' },
  { city: 'Kuwait City', country: 'KW' },
  { city: 'Austin', country: 'US' },
];
/** Currency, its minor units, and how often it occurs. */
const CURRENCIES = [
  { code: 'SAR', digits: 2, weight: 0.5 },
  { code: 'AED', digits: 2, weight: 0.2 },
  { code: 'KWD', digits: 3, weight: 0.15 },
  { code: 'USD', digits: 2, weight: 0.15 },
];
/** The entry whose cumulative weight first exceeds `roll` (0 ≤ roll < 1; weights sum to 1). */
function pickWeighted<T extends { weight: number }>(entries: readonly T[], roll: number): T {
  let remaining = roll;
  for (const entry of entries) {
    remaining -= entry.weight;
    if (remaining < 0) {
      return entry;
    }
  }
  return entries[entries.length - 1] as T;
}

export const APP_SLUGS = ['salla-orders', 'syncaty-orders', 'orbitkit-orders'] as const;

const PRODUCTS = Array.from({ length: 300 }, (_, index) => ({
  sku: `SKU-${String(index).padStart(4, '0')}`,
  name: `${['Classic', 'Premium', 'Mini', 'Organic', 'Deluxe'][index % 5]} ${['Tee', 'Kettle', 'Mug', 'Lamp', 'Dates Box', 'Abaya', 'Oud', 'Notebook'][index % 8]} ${index}`,
  minorPrice: 500 + ((index * 7919) % 40_000),
}));

/** Decimal text of an amount in minor units (12345, 3 → "12.345"). */
function decimal(minor: number, digits: number): string {
  const text = String(minor).padStart(digits + 1, '0');
  return digits === 0
    ? text
    : `${text.slice(0, -digits)}.${text.slice(-digits)}`.replace(/\.?0+$/, '') || '0';
}

export interface TenantPlan {
  organizationId: string;
  size: number;
  /** Install id per app slug. */
  installs: Record<string, string>;
}

/** The customers a tenant sells to: emails the search scenario can look for. */
export function customerOf(index: number) {
  const first = FIRST[index % FIRST.length] as string;
  const last = LAST[Math.floor(index / FIRST.length) % LAST.length] as string;
  const domain = DOMAINS[index % DOMAINS.length] as string;
  return {
    id: `cust_${index}`,
    name: `${first} ${last}`,
    email: `${first}.${last}${index}@${domain}`.toLowerCase(),
    phone: `+9665${String(10_000_000 + ((index * 104_729) % 89_999_999))}`,
  };
}

/**
 * The tenant's orders, oldest first, spread over the year before `now` (so `order_seq` and
 * `created_at` rise together, as in the service), rendered with the service's own snapshot renderer.
 */
export function* tenantOrders(plan: TenantPlan, random: () => number, now: Date): Generator<StoredOrder> {
  const span = 365 * 24 * 3600 * 1000;
  const start = now.getTime() - span;
  const step = span / Math.max(plan.size, 1);
  const customers = Math.max(50, Math.floor(plan.size / 5));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  for (let k = 0; k < plan.size; k += 1) {
    const created = new Date(Math.floor(start + k * step + random() * step * 0.9));
    const updated = new Date(
      Math.min(now.getTime(), created.getTime() + Math.floor(random() * 3 * 86_400_000)),
    );
    const currency = pickWeighted(CURRENCIES, random());
    const scale = 10 ** (currency.digits - 2);
    const lines: ProductLine[] = [];
    let subtotal = 0;
    for (let n = 1 + Math.floor(random() * 5); n > 0; n -= 1) {
      const product = pick(PRODUCTS);
      const quantity = 1 + Math.floor(random() * 3);
      const price = product.minorPrice * scale;
      subtotal += price * quantity;
      lines.push({
        product_id: `prd_${product.sku}`,
        sku: product.sku,
        name: product.name,
        quantity,
        price: decimal(price, currency.digits),
        total: decimal(price * quantity, currency.digits),
        thumbnail: null,
        variant: null,
      });
    }
    const delivery = random() < 0.7 ? 1500 * scale : 0;
    const vat = Math.round(subtotal * 0.15);
    const customer = customerOf(Math.floor(random() * customers));
    const sourceRoll = random();
    const slug =
      sourceRoll < 0.4
        ? APP_SLUGS[0]
        : sourceRoll < 0.55
          ? APP_SLUGS[1]
          : sourceRoll < 0.7
            ? APP_SLUGS[2]
            : null;
    const source = slug ? (plan.installs[slug] as string) : sourceRoll < 0.85 ? 'manual' : 'api';
    const place = pick(PLACES);
    const seq = k + 1;
    const orderNumber = formatOrderNumber(seq, created);
    const record: OrderRecord = {
      id: `r${Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')}${Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')}`,
      organization_id: plan.organizationId,
      order_seq: seq,
      order_number: orderNumber,
      source,
      app_slug: slug,
      source_reference: slug ? `${slug.split('-')[0]?.toUpperCase()}-${100_000 + seq}` : null,
      source_transaction_id: slug ? `TXN-${plan.organizationId.slice(-6)}-${seq}` : null,
      source_timestamp: slug ? created : null,
      source_customer_id: slug ? customer.id : null,
      destination_id: `branch_${1 + Math.floor(random() * 5)}`,
      destination_reference: null,
      order_status: pick(ORDER_STATUSES),
      fulfillment_status: pick(FULFILLMENT_STATUSES),
      payment_status: pick(PAYMENT_STATUSES),
      fulfillment_method: pick(['delivery', 'pickup', 'shipping']),
      payment_method: pick(['card', 'cash', 'apple_pay', 'bank', 'mada']),
      currency: currency.code,
      total_amount: decimal(subtotal + delivery + vat, currency.digits),
      discounts_amount: '0',
      vat_amount: decimal(vat, currency.digits),
      customer_name: customer.name,
      customer_phone: customer.phone,
      customer_email: customer.email,
      receiver_name: null,
      receiver_phone: null,
      skus: skusOf(lines),
      products: lines,
      shipping_address: {
        name: customer.name,
        phone: customer.phone,
        line1: `${1 + Math.floor(random() * 400)} King Fahd Road`,
        line2: null,
        district: null,
        city: place.city,
        state: null,
        postal_code: null,
        country: place.country,
      },
      order_code: orderNumber,
      order_type: random() < 0.9 ? 'retail' : 'wholesale',
      transport_type: null,
      comment: random() < 0.2 ? 'Please gift wrap' : null,
      promised_for: null,
      is_preorder: random() < 0.05,
      delivery_fee: decimal(delivery, currency.digits),
      service_fee: null,
      subtotal: decimal(subtotal, currency.digits),
      store_name: null,
      dispatch_routing: null,
      shipping_fulfillment: null,
      created_at: created,
      updated_at: updated,
      deleted_at: null,
      version: 1,
    };
    yield { ...record, snapshot: renderSnapshot(record) };
  }
}
