/**
 * Shopify's REST Admin order list as its docs describe it: `GET /admin/api/{version}/orders.json?limit(≤250)
 * &status=any&order&created_at_min|updated_at_min` → `{orders: [...]}` with a `Link` header whose
 * `rel="next"` URL carries an opaque `page_info`; a `page_info` request may carry only `limit` (400
 * otherwise); `GET /admin/api/{version}/orders/{id}.json` → `{order}`; `X-Shopify-Access-Token`.
 */
import { SHOPIFY_API_VERSION } from '../../src/integrations/shopify-paging.js';
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

interface ShopifyOrder {
  id: number;
  number: number;
  createdAt: Date;
  updatedAt: Date;
  financial: string;
  fulfillment: string | null;
  cancelledAt: Date | null;
  currency: string;
  gateway: string;
  items: Array<{ sku: string; name: string; quantity: number; cents: number }>;
  shippingCents: number;
  customer: { id: number; first_name: string; last_name: string; email: string };
}

export interface MarketplaceSimulatorOptions {
  orders?: number;
  seed?: number;
  /** Time between two orders' placing (the last one placed about now). */
  spacingMs?: number;
}

const ORDERS = `/admin/api/${SHOPIFY_API_VERSION}/orders.json`;

export class ShopifySimulator {
  readonly server: VendorServer;
  readonly orders = new Map<string, ShopifyOrder>();
  readonly token = 'shpat_simulated_0123456789';
  private readonly random: () => number;
  private clock: Date;
  private readonly spacingMs: number;

  private constructor(options: MarketplaceSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 7);
    this.spacingMs = options.spacingMs ?? 60_000;
    this.clock = new Date(Date.now() - (options.orders ?? 300) * this.spacingMs);
    this.server = new VendorServer({
      kind: (method, path) => {
        if (method === 'GET' && path === ORDERS) {
          return 'list';
        }
        return method === 'GET' && /^\/admin\/api\/[^/]+\/orders\/\d+\.json$/.test(path) ? 'details' : null;
      },
      answer: (request) => this.answer(request),
    });
    for (let index = 0; index < (options.orders ?? 300); index += 1) {
      this.insertOrder();
    }
  }

  static async start(options: MarketplaceSimulatorOptions = {}): Promise<ShopifySimulator> {
    const simulator = new ShopifySimulator(options);
    await simulator.server.start();
    return simulator;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  get credentials() {
    return { access_token: this.token };
  }

  insertOrder(): ShopifyOrder {
    this.clock = new Date(Math.max(this.clock.getTime() + this.spacingMs, Date.now() - 1));
    const random = this.random;
    const id = 450_789_469 + this.orders.size * 17;
    const order: ShopifyOrder = {
      id,
      number: 1001 + this.orders.size,
      createdAt: this.clock,
      updatedAt: this.clock,
      financial: pick(random, ['pending', 'paid', 'paid', 'authorized']),
      fulfillment: null,
      cancelledAt: null,
      currency: pick(random, ['SAR', 'SAR', 'AED', 'KWD']),
      gateway: pick(random, ['shopify_payments', 'Cash on Delivery (COD)']),
      items: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        ...pick(random, PRODUCTS),
        quantity: 1 + Math.floor(random() * 3),
      })),
      shippingCents: pick(random, [0, 2500]),
      customer: {
        id: 207_119_551 + this.orders.size,
        first_name: pick(random, FIRST_NAMES),
        last_name: pick(random, LAST_NAMES),
        email: `buyer${Math.floor(random() * 100_000)}@example.com`,
      },
    };
    this.orders.set(String(id), order);
    return order;
  }

  /**
   * The order's next step: an authorization voided (cancelled); else paid, partly shipped, shipped,
   * partly refunded, refunded.
   */
  changeOrder(id: string): void {
    const order = this.orders.get(id);
    if (!order) {
      throw new Error(`no order ${id}`);
    }
    if (order.financial === 'authorized') {
      order.financial = 'voided';
      order.cancelledAt = new Date();
    } else if (order.financial === 'pending') {
      order.financial = 'paid';
    } else if (order.financial === 'paid' && order.fulfillment === null) {
      order.fulfillment = 'partial';
    } else if (order.fulfillment === 'partial') {
      order.fulfillment = 'fulfilled';
    } else if (order.financial === 'paid') {
      order.financial = 'partially_refunded';
    } else if (order.financial === 'partially_refunded') {
      order.financial = 'refunded';
    }
    order.updatedAt = new Date(Math.max(Date.now(), order.updatedAt.getTime() + 1000));
  }

  order(order: ShopifyOrder) {
    const subtotal = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
    return {
      id: order.id,
      name: `#${order.number}`,
      order_number: order.number,
      email: order.customer.email,
      created_at: order.createdAt.toISOString(),
      processed_at: order.createdAt.toISOString(),
      updated_at: order.updatedAt.toISOString(),
      cancelled_at: order.cancelledAt?.toISOString() ?? null,
      financial_status: order.financial,
      fulfillment_status: order.fulfillment,
      currency: order.currency,
      presentment_currency: order.currency,
      total_price: amount(subtotal + order.shippingCents).toFixed(2),
      subtotal_price: amount(subtotal).toFixed(2),
      total_tax: '0.00',
      total_discounts: '0.00',
      total_shipping_price_set: {
        shop_money: { amount: amount(order.shippingCents).toFixed(2), currency_code: order.currency },
      },
      payment_gateway_names: [order.gateway],
      customer: { ...order.customer },
      line_items: order.items.map((item, index) => ({
        id: order.id * 10 + index,
        product_id: 632_910_392 + index,
        variant_id: 808_950_810 + index,
        sku: item.sku,
        name: item.name,
        title: item.name,
        quantity: item.quantity,
        price: amount(item.cents).toFixed(2),
      })),
      shipping_lines: order.shippingCents
        ? [{ title: 'Standard', price: amount(order.shippingCents).toFixed(2) }]
        : [],
      fulfillments: [],
    };
  }

  private sorted(byUpdate: boolean, since: number | null): ShopifyOrder[] {
    const key = (order: ShopifyOrder) => (byUpdate ? order.updatedAt : order.createdAt).getTime();
    return [...this.orders.values()]
      .filter((order) => since === null || key(order) >= since)
      .sort((a, b) => key(a) - key(b) || a.id - b.id);
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    if (request.headers['x-shopify-access-token'] !== this.token) {
      return { status: 401, body: { errors: '[API] Invalid API key or access token' } };
    }
    const limits = { 'x-shopify-shop-api-call-limit': '1/40' };
    if (request.kind === 'details') {
      const id = /\/orders\/(\d+)\.json$/.exec(request.path)?.[1] ?? '';
      const order = this.orders.get(id);
      return order
        ? { status: 200, body: { order: this.order(order) }, headers: limits }
        : { status: 404, body: { errors: 'Not Found' } };
    }
    const limit = Number(request.query.get('limit') ?? 50);
    if (!(limit >= 1 && limit <= 250)) {
      return { status: 400, body: { errors: { limit: 'must be between 1 and 250' } } };
    }
    let filters: { byUpdate: boolean; since: number | null; after: [number, number] | null };
    const pageInfo = request.query.get('page_info');
    if (pageInfo !== null) {
      if ([...request.query.keys()].some((name) => name !== 'limit' && name !== 'page_info')) {
        return { status: 400, body: { errors: { page_info: 'cannot be combined with other parameters' } } };
      }
      filters = JSON.parse(Buffer.from(pageInfo, 'base64url').toString('utf8'));
    } else {
      if (request.query.get('status') !== 'any') {
        return { status: 400, body: { errors: 'the simulator expects status=any' } };
      }
      const byUpdate = request.query.has('updated_at_min');
      const min = request.query.get(byUpdate ? 'updated_at_min' : 'created_at_min');
      filters = { byUpdate, since: min ? Date.parse(min) : null, after: null };
    }
    // A cursor is a place in the sort (time, id), as Shopify's are: what moves behind it is not re-sent.
    const key = (order: ShopifyOrder) => (filters.byUpdate ? order.updatedAt : order.createdAt).getTime();
    const after = filters.after;
    const all = this.sorted(filters.byUpdate, filters.since).filter(
      (order) => after === null || key(order) > after[0] || (key(order) === after[0] && order.id > after[1]),
    );
    const page = all.slice(0, limit);
    const last = page.at(-1);
    const headers: Record<string, string> = { ...limits };
    if (last && limit < all.length) {
      const next = Buffer.from(JSON.stringify({ ...filters, after: [key(last), last.id] })).toString(
        'base64url',
      );
      headers.link = `<${this.server.url}${ORDERS}?limit=${limit}&page_info=${next}>; rel="next"`;
    }
    return { status: 200, body: { orders: page.map((order) => this.order(order)) }, headers };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
