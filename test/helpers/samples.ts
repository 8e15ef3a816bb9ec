/**
 * @module Realistic vendor-native payloads, numbered so each `n` is a different order: the demo
 * loader feeds them through the real intake path and the intake benchmark sends them as webhooks.
 */

const SALLA_STATUSES = [
  ['under_review', 'بإنتظار المراجعة'],
  ['in_progress', 'قيد التنفيذ'],
  ['delivering', 'جاري التوصيل'],
  ['delivered', 'تم التوصيل'],
] as const;
const CUSTOMERS = [
  ['Ahmed', 'Hassan', '555123456'],
  ['Noura', 'Al-Otaibi', '555987654'],
  ['Khalid', 'Al-Harbi', '501112233'],
  ['Reem', 'Al-Qahtani', '532224466'],
] as const;
const CITIES = ['الرياض', 'جدة', 'الدمام', 'مكة المكرمة'] as const;

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;
const money = (halalas: number) => (halalas / 100).toFixed(2);

/** A Salla `order.created` / `order.updated` webhook body as JSON text (numbers written as Salla does). */
export function sampleSallaWebhook(n: number, event = 'order.created', at = new Date()): string {
  const [slug, name] = pick(SALLA_STATUSES, n);
  const [first, last, mobile] = pick(CUSTOMERS, n);
  const quantity = 1 + (n % 3);
  const unit = 4500 + (n % 7) * 1000; // halalas
  const shipping = 2500;
  const tax = Math.round(unit * quantity * 0.15);
  const riyadh = new Date(at.getTime() + 3 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
  return `{"event":"${event}","merchant":1234509876,"created_at":"${riyadh}","data":{"id":${1_900_000_000 + n},"reference_id":${40_000_000 + n},"date":{"date":"${riyadh}.000000","timezone_type":3,"timezone":"Asia/Riyadh"},"payment_method":"mada","currency":"SAR","amounts":{"sub_total":{"amount":${money(unit * quantity)},"currency":"SAR"},"shipping_cost":{"amount":${money(shipping)},"currency":"SAR"},"tax":{"percent":"15.00","amount":{"amount":${money(tax)},"currency":"SAR"}},"total":{"amount":${money(unit * quantity + shipping + tax)},"currency":"SAR"}},"status":{"id":${566146469 + (n % 4)},"name":"${name}","slug":"${slug}","customized":{"id":986688842,"name":"${name}"}},"is_pending_payment":false,"shipping":{"company":"SMSA","receiver":{"name":"${first} ${last}","phone":"+966${mobile}"},"address":{"country_code":"SA","city":"${pick(CITIES, n)}","shipping_address":"شارع ${n}","postal_code":"12382"},"shipment":{"tracking_number":"2900${String(n).padStart(8, '0')}"}},"customer":{"id":${1_227_534_533 + n},"first_name":"${first}","last_name":"${last}","mobile":${mobile},"mobile_code":"+966","email":"${first.toLowerCase()}.${n}@example.sa"},"items":[{"name":"تي شيرت بلاك","sku":"TS-BLK-${pick(['S', 'M', 'L'], n)}","quantity":${quantity},"amounts":{"price_without_tax":{"amount":${money(unit)},"currency":"SAR"},"total":{"amount":${money(unit * quantity)},"currency":"SAR"}},"product":{"id":1911645512}}]}}`;
}

export function sampleSyncatyOrder(n: number): Record<string, unknown> {
  const [first, last, mobile] = pick(CUSTOMERS, n + 1);
  const price = 199.99;
  return {
    id: `6f1c2a4e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    salla_id: 987_654_321 + n,
    reference_id: `ORD-${12_345 + n}`,
    status: pick(['pending', 'processing', 'shipped', 'completed'], n),
    total: 449.98,
    subtotal: 399.98,
    shipping: 50,
    discount: 0,
    tax: 0,
    currency: 'SAR',
    payment_method: 'credit_card',
    shipping_method: 'express',
    order_date: new Date(Date.UTC(2026, 3, 1 + (n % 20), 10, 30)).toISOString(),
    customer: {
      first_name: first,
      last_name: last,
      email: `${first.toLowerCase()}@example.com`,
      mobile: `+966${mobile}`,
    },
    items: [{ product_id: 'p-1', name: 'Premium Widget', sku: 'PWG-001', quantity: 2, price, total: 399.98 }],
    shipping_address: { city: 'Riyadh', country: 'SA', address: `${100 + n} King Fahd Road` },
    notes: n % 2 === 0 ? 'Please gift wrap' : null,
  };
}

const usd = (cents: number) => ({
  cents,
  amount: cents / 100,
  symbol: '$',
  currency: 'USD',
  pretty: `$${(cents / 100).toFixed(2)}`,
});

export function sampleOrbitkitOrder(n: number): Record<string, unknown> {
  const shipped = n % 2 === 1;
  return {
    key: `ORD${4548 + n}`,
    reference: `myuniqueorder${n}`,
    created: new Date(Date.UTC(2026, 3, 2 + (n % 20), 0, 23, 23)).toISOString(),
    note: '',
    quantity: 2,
    cost: usd(2149),
    shipping: {
      name: 'Bob Dobbs',
      address1: '123 Slack St',
      address2: '',
      city: 'Nowhere',
      state: 'CA',
      zip: '99999',
      country: 'US',
    },
    shippingCost: usd(449),
    lineItems: [
      {
        key: `OLI${4549 + n}`,
        title: 'Frop More',
        quantity: 2,
        unitCost: usd(850),
        totalCost: usd(1700),
        side: 'FRONT',
        variant: { key: 'VARTS_BLK_L', product: { key: 'PRDTS', name: 'Unisex T-Shirt' }, size: 'L' },
      },
    ],
    fulfillments: [
      {
        key: `FUL${4550 + n}`,
        state: shipped ? 'SHIPPED' : 'PROCESSING',
        shipped: shipped ? new Date(Date.UTC(2026, 3, 5 + (n % 20))).toISOString() : null,
        delivered: null,
        cancelled: null,
        tracking: shipped ? { carrier: 'USPS', number: `9400${n}` } : null,
      },
    ],
  };
}

export function sampleOmsOrder(n: number): Record<string, unknown> {
  return {
    id: `ord_01JGK${n}`,
    number: `BS-${10_024 + n}`,
    external_id: String(9_928_120 + n),
    created_at: new Date(Date.UTC(2026, 3, 3 + (n % 20), 9, 41)).toISOString(),
    currency: n % 2 === 0 ? 'USD' : 'KWD',
    total_amount: n % 2 === 0 ? '245.00' : '12.345',
    tax_amount: n % 2 === 0 ? '18.15' : '0.585',
    payment_status: pick(['authorized', 'captured', 'captured', 'refunded'], n),
    status: pick(['pending', 'processing', 'shipped', 'delivered'], n),
    shipping_method: 'fedex_ground',
    tracking_number: n % 4 >= 2 ? `7946${n}` : null,
  };
}

export function sampleGenericOrder(n: number): Record<string, unknown> {
  return {
    source_transaction_id: `pos-${77_812 + n}`,
    source_reference: `POS-RIYADH-1-${77_812 + n}`,
    customer_name: 'Walk-in customer',
    products: [{ sku: 'CAP-01', name: 'Cappuccino', quantity: 1 + (n % 2), price: 18.5 }],
    total_amount: 18.5 * (1 + (n % 2)),
    currency: 'SAR',
    status: 'confirmed',
    payment_status: 'paid',
    fulfillment_method: 'pickup',
  };
}
