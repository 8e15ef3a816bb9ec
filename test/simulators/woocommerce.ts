/**
 * WooCommerce's REST API v3 order list as its docs describe it: `GET /wp-json/wc/v3/orders?page&per_page(≤100)
 * &orderby&order&status&after|modified_after&dates_are_gmt` → a bare array, with `X-WP-Total` and
 * `X-WP-TotalPages`; `GET /wp-json/wc/v3/orders/{id}` → the order; consumer key and secret as Basic auth.
 */

import type { MarketplaceSimulatorOptions } from './shopify.js';
import {
  amount,
  FIRST_NAMES,
  LAST_NAMES,
  PRODUCTS,
  pick,
  type SimulatedAnswer,
  type SimulatedRequest,
  seededRandom,
  VendorServer,
} from './vendor-simulator.js';

interface WooOrder {
  id: number;
  status: string;
  createdAt: Date;
  modifiedAt: Date;
  currency: string;
  method: string;
  items: Array<{ sku: string; name: string; quantity: number; cents: number }>;
  shippingCents: number;
  refundedCents: number;
  billing: { first_name: string; last_name: string; email: string; phone: string };
}

const FLOW = ['pending', 'processing', 'completed'];
/** `2024-03-22T13:28:02` — WooCommerce's `*_gmt` form (UTC, no zone). */
const gmt = (time: Date) => time.toISOString().slice(0, 19);

export class WooCommerceSimulator {
  readonly server: VendorServer;
  readonly orders = new Map<string, WooOrder>();
  readonly consumerKey = 'ck_simulated0123456789abcdef';
  readonly consumerSecret = 'cs_simulated0123456789abcdef';
  private readonly random: () => number;
  private clock: Date;
  private readonly spacingMs: number;

  private constructor(options: MarketplaceSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 11);
    this.spacingMs = options.spacingMs ?? 60_000;
    this.clock = new Date(Date.now() - (options.orders ?? 300) * this.spacingMs);
    this.server = new VendorServer({
      kind: (method, path) => {
        if (method === 'GET' && path === '/wp-json/wc/v3/orders') {
          return 'list';
        }
        return method === 'GET' && /^\/wp-json\/wc\/v3\/orders\/\d+$/.test(path) ? 'details' : null;
      },
      answer: (request) => this.answer(request),
    });
    for (let index = 0; index < (options.orders ?? 300); index += 1) {
      this.insertOrder();
    }
  }

  static async start(options: MarketplaceSimulatorOptions = {}): Promise<WooCommerceSimulator> {
    const simulator = new WooCommerceSimulator(options);
    await simulator.server.start();
    return simulator;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  get credentials() {
    return { consumer_key: this.consumerKey, consumer_secret: this.consumerSecret };
  }

  insertOrder(): WooOrder {
    // Whole seconds: WooCommerce's times have no fractions.
    this.clock = new Date(
      Math.floor(Math.max(this.clock.getTime() + this.spacingMs, Date.now()) / 1000) * 1000,
    );
    const random = this.random;
    const order: WooOrder = {
      id: 727 + this.orders.size,
      status: pick(random, ['pending', 'processing', 'on-hold']),
      createdAt: this.clock,
      modifiedAt: this.clock,
      currency: pick(random, ['SAR', 'SAR', 'KWD', 'USD']),
      method: pick(random, ['cod', 'bacs', 'stripe']),
      items: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        ...pick(random, PRODUCTS),
        quantity: 1 + Math.floor(random() * 3),
      })),
      shippingCents: pick(random, [0, 1000]),
      refundedCents: 0,
      billing: {
        first_name: pick(random, FIRST_NAMES),
        last_name: pick(random, LAST_NAMES),
        email: `buyer${Math.floor(random() * 100_000)}@example.com`,
        phone: `+9665${String(Math.floor(random() * 99_999_999)).padStart(8, '0')}`,
      },
    };
    this.orders.set(String(order.id), order);
    return order;
  }

  /** The order's next step: on to completed, then a partial refund, then a full one. */
  changeOrder(id: string): void {
    const order = this.orders.get(id);
    if (!order) {
      throw new Error(`no order ${id}`);
    }
    const next = FLOW[FLOW.indexOf(order.status) + 1];
    if (order.status === 'on-hold') {
      order.status = 'processing';
    } else if (next) {
      order.status = next;
    } else if (order.refundedCents === 0) {
      order.refundedCents = 500;
    } else {
      order.status = 'refunded';
    }
    const seconds = Math.floor(Math.max(Date.now(), order.modifiedAt.getTime() + 1000) / 1000) * 1000;
    order.modifiedAt = new Date(seconds);
  }

  order(order: WooOrder) {
    const subtotal = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
    return {
      id: order.id,
      number: String(order.id),
      status: order.status,
      currency: order.currency,
      date_created: gmt(order.createdAt),
      date_created_gmt: gmt(order.createdAt),
      date_modified_gmt: gmt(order.modifiedAt),
      date_paid_gmt: order.status === 'pending' ? null : gmt(order.createdAt),
      total: amount(subtotal + order.shippingCents).toFixed(2),
      total_tax: '0.00',
      discount_total: '0.00',
      shipping_total: amount(order.shippingCents).toFixed(2),
      customer_id: 0,
      payment_method: order.method,
      billing: { ...order.billing },
      shipping: { first_name: order.billing.first_name, last_name: order.billing.last_name, country: 'SA' },
      line_items: order.items.map((item, index) => ({
        id: order.id * 10 + index,
        product_id: 93 + index,
        sku: item.sku,
        name: item.name,
        quantity: item.quantity,
        price: amount(item.cents),
        subtotal: amount(item.cents * item.quantity).toFixed(2),
        total: amount(item.cents * item.quantity).toFixed(2),
      })),
      shipping_lines: order.shippingCents
        ? [
            {
              method_id: 'flat_rate',
              method_title: 'Flat rate',
              total: amount(order.shippingCents).toFixed(2),
            },
          ]
        : [],
      refunds: order.refundedCents
        ? [{ id: order.id * 100, total: `-${amount(order.refundedCents).toFixed(2)}` }]
        : [],
    };
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    const basic = Buffer.from(`${this.consumerKey}:${this.consumerSecret}`).toString('base64');
    if (request.headers.authorization !== `Basic ${basic}`) {
      return {
        status: 401,
        body: { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.' },
      };
    }
    if (request.kind === 'details') {
      const order = this.orders.get(request.path.split('/').pop() ?? '');
      return order
        ? { status: 200, body: this.order(order) }
        : { status: 404, body: { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.' } };
    }
    const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const perPage = Number(request.query.get('per_page') ?? 10);
    if (!(perPage >= 1 && perPage <= 100)) {
      return { status: 400, body: { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page' } };
    }
    // `dates_are_gmt=true`: the filters are UTC without a zone.
    const utc = (name: string) => {
      const value = request.query.get(name);
      return value ? Date.parse(`${value}Z`) : null;
    };
    const after = utc('after');
    const modifiedAfter = utc('modified_after');
    const matching = [...this.orders.values()]
      .filter(
        (order) =>
          (after === null || order.createdAt.getTime() > after) &&
          (modifiedAfter === null || order.modifiedAt.getTime() > modifiedAfter),
      )
      .sort((a, b) => (request.query.get('order') === 'asc' ? a.id - b.id : b.id - a.id));
    return {
      status: 200,
      body: matching.slice((page - 1) * perPage, page * perPage).map((order) => this.order(order)),
      headers: {
        'x-wp-total': String(matching.length),
        'x-wp-totalpages': String(Math.max(1, Math.ceil(matching.length / perPage))),
      },
    };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
