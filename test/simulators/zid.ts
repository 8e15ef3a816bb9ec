/**
 * Zid's Merchant API order list as its docs describe it: `GET /v1/managers/store/orders?page&per_page(≤100)
 * &payload_type&order_by&sort_by&date_from&date_attribute` → `{status, orders, total_order_count}`, rows
 * without `payment`; `GET /v1/managers/store/orders/{id}/view` → `{status, order}`; the partner token
 * as `Authorization: Bearer` and the store's `X-Manager-Token`.
 */

import type { MarketplaceSimulatorOptions } from './shopify.js';
import {
  FIRST_NAMES,
  LAST_NAMES,
  PRODUCTS,
  pick,
  type SimulatedAnswer,
  type SimulatedRequest,
  seededRandom,
  VendorServer,
} from './vendor-simulator.js';

interface ZidOrder {
  id: number;
  code: string;
  status: string;
  payment: string;
  createdAt: Date;
  updatedAt: Date;
  currency: string;
  method: string;
  items: Array<{ sku: string; name: string; quantity: number; cents: number }>;
  shippingCents: number;
  customer: { id: number; name: string; email: string; mobile: string };
}

const FLOW = ['new', 'preparing', 'ready', 'indelivery', 'delivered'];
/** `2024-12-05 12:27:15`: Zid's UTC times without a zone. */
const zidTime = (time: Date) => time.toISOString().slice(0, 19).replace('T', ' ');
/** Zid's 14-decimal amounts. */
const zidAmount = (cents: number) => `${(cents / 100).toFixed(2)}000000000000`;

export class ZidSimulator {
  readonly server: VendorServer;
  readonly orders = new Map<string, ZidOrder>();
  readonly partnerToken = 'zid-partner-token';
  readonly managerToken = 'zid-manager-token';
  private readonly random: () => number;
  private clock: Date;
  private readonly spacingMs: number;

  private constructor(options: MarketplaceSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 13);
    this.spacingMs = options.spacingMs ?? 60_000;
    this.clock = new Date(Date.now() - (options.orders ?? 300) * this.spacingMs);
    this.server = new VendorServer({
      kind: (method, path) => {
        if (method === 'GET' && path === '/v1/managers/store/orders') {
          return 'list';
        }
        return method === 'GET' && /^\/v1\/managers\/store\/orders\/\d+\/view$/.test(path) ? 'details' : null;
      },
      answer: (request) => this.answer(request),
    });
    for (let index = 0; index < (options.orders ?? 300); index += 1) {
      this.insertOrder();
    }
  }

  static async start(options: MarketplaceSimulatorOptions = {}): Promise<ZidSimulator> {
    const simulator = new ZidSimulator(options);
    await simulator.server.start();
    return simulator;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  get credentials() {
    return { authorization: this.partnerToken, manager_token: this.managerToken };
  }

  insertOrder(): ZidOrder {
    this.clock = new Date(
      Math.floor(Math.max(this.clock.getTime() + this.spacingMs, Date.now()) / 1000) * 1000,
    );
    const random = this.random;
    const order: ZidOrder = {
      id: 60_407_024 + this.orders.size,
      code: Math.floor(random() * 36 ** 8).toString(36),
      status: pick(random, ['new', 'new', 'preparing']),
      payment: 'pending',
      createdAt: this.clock,
      updatedAt: this.clock,
      currency: pick(random, ['SAR', 'SAR', 'KWD', 'AED']),
      method: pick(random, ['zid_cod', 'zidpay', 'zid_bank_transfer']),
      items: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        ...pick(random, PRODUCTS),
        quantity: 1 + Math.floor(random() * 3),
      })),
      shippingCents: pick(random, [0, 1500]),
      customer: {
        id: 1441 + this.orders.size,
        name: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
        email: `buyer${Math.floor(random() * 100_000)}@example.com`,
        mobile: `9665${String(Math.floor(random() * 99_999_999)).padStart(8, '0')}`,
      },
    };
    this.orders.set(String(order.id), order);
    return order;
  }

  /** The order's next step along Zid's statuses (paid on the way), then refunded. */
  changeOrder(id: string): void {
    const order = this.orders.get(id);
    if (!order) {
      throw new Error(`no order ${id}`);
    }
    const next = FLOW[FLOW.indexOf(order.status) + 1];
    order.status = next ?? 'refunded';
    order.payment =
      order.status === 'refunded'
        ? 'refunded'
        : order.method === 'zid_cod' && next !== 'delivered'
          ? 'pending'
          : 'paid';
    const seconds = Math.floor(Math.max(Date.now(), order.updatedAt.getTime() + 1000) / 1000) * 1000;
    order.updatedAt = new Date(seconds);
  }

  private row(order: ZidOrder) {
    const subtotal = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
    return {
      id: order.id,
      invoice_number: order.id,
      code: order.code,
      store_id: 3,
      currency_code: order.currency,
      order_status: { name: order.status, code: order.status },
      display_status: { id: FLOW.indexOf(order.status) + 1, code: order.status, name: order.status },
      customer: { ...order.customer, note: '', verified: 1, type: 'individual' },
      order_total: zidAmount(subtotal + order.shippingCents),
      payment_status: order.payment,
      created_at: zidTime(order.createdAt),
      updated_at: zidTime(order.updatedAt),
      requires_shipping: true,
      products: order.items.map((item, index) => ({
        id: `${order.id}-${index}`,
        sku: item.sku,
        name: item.name,
        quantity: item.quantity,
        price: zidAmount(item.cents),
        total: zidAmount(item.cents * item.quantity),
      })),
    };
  }

  details(order: ZidOrder) {
    const subtotal = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
    return {
      ...this.row(order),
      shipping: {
        method: {
          id: 1,
          name: 'Zid Ship',
          code: 'zid_zidship',
          tracking: { number: null, status: 'N/A', url: null },
        },
        address: {
          street: 'King Fahd Road',
          district: 'Olaya',
          city: { id: 1, name: 'Riyadh' },
          country: { id: 184, name: 'Saudi Arabia', code: 'SA' },
        },
      },
      payment: {
        method: { code: order.method, name: order.method },
        invoice: [
          { code: 'sub_totals_before_vat', value: zidAmount(subtotal) },
          { code: 'shipping', value: zidAmount(order.shippingCents) },
          { code: 'total', value: zidAmount(subtotal + order.shippingCents) },
        ],
      },
    };
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    if (
      request.headers.authorization !== `Bearer ${this.partnerToken}` ||
      request.headers['x-manager-token'] !== this.managerToken
    ) {
      return { status: 401, body: { status: 'error', message: { type: 'unauthorized' } } };
    }
    if (request.kind === 'details') {
      const order = this.orders.get(request.path.split('/').at(-2) ?? '');
      return order
        ? { status: 200, body: { status: 'object', order: this.details(order) } }
        : { status: 404, body: { status: 'error', message: 'Order not found' } };
    }
    const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const perPage = Number(request.query.get('per_page') ?? 15);
    if (!(perPage >= 1 && perPage <= 100)) {
      return { status: 422, body: { status: 'error', message: 'per_page may not be greater than 100' } };
    }
    const dateFrom = request.query.get('date_from');
    // `2020-01-01T00:00:00.000+0000`: an offset without a colon.
    const from = dateFrom ? Date.parse(dateFrom.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : null;
    const byUpdate = request.query.get('date_attribute') === 'updated_at';
    const matching = [...this.orders.values()]
      .filter((order) => from === null || (byUpdate ? order.updatedAt : order.createdAt).getTime() >= from)
      .sort((a, b) =>
        request.query.get('sort_by') === 'asc'
          ? a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id
          : b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id,
      );
    return {
      status: 200,
      body: {
        status: 'object',
        orders: matching.slice((page - 1) * perPage, page * perPage).map((order) => this.row(order)),
        total_order_count: matching.length,
      },
    };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
