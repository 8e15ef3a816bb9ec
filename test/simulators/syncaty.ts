/**
 * Syncaty's Orders API as seed 001 documents it: `GET /api/orders?store_id&page&limit(≤100)&from_date&to_date`
 * → `{data:[rows without items], meta:{total,page,limit,total_pages}}`, newest first (undocumented; the
 * harder case for a pager); `GET /api/orders/{id}?store_id` → the full order with `items[]`; bearer token.
 */
import {
  amount,
  bearerOf,
  FIRST_NAMES,
  LAST_NAMES,
  PRODUCTS,
  pick,
  type SimulatedAnswer,
  type SimulatedRequest,
  seededRandom,
  VendorServer,
} from './vendor-simulator.js';

interface SyncatyOrder {
  id: string;
  sallaId: number;
  reference: string;
  status: string;
  orderDate: Date;
  updatedAt: Date;
  items: Array<{ sku: string; name: string; quantity: number; cents: number }>;
  shippingCents: number;
  customer: { id: string; first_name: string; last_name: string; email: string; mobile: string };
}

const FLOW = ['pending', 'processing', 'shipped', 'delivered', 'completed'];

export interface SyncatySimulatorOptions {
  orders?: number;
  seed?: number;
  start?: Date;
  spacingMs?: number;
}

export class SyncatySimulator {
  readonly server: VendorServer;
  readonly orders = new Map<string, SyncatyOrder>();
  readonly token = 'syncaty-token-abc';
  readonly storeId = '6f1c2b9e-0d4a-4c1e-9b7a-3e2d1c0b9a87';
  private readonly random: () => number;
  private clock: Date;
  private readonly spacingMs: number;

  private constructor(options: SyncatySimulatorOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.clock = options.start ?? new Date('2024-01-01T06:00:00Z');
    this.spacingMs = options.spacingMs ?? 3_600_000;
    this.server = new VendorServer({
      kind: (method, path) => {
        if (method === 'GET' && path === '/api/orders') {
          return 'list';
        }
        if (method === 'GET' && /^\/api\/orders\/[^/]+$/.test(path)) {
          return 'details';
        }
        return null;
      },
      answer: (request) => this.answer(request),
    });
    for (let index = 0; index < (options.orders ?? 300); index += 1) {
      this.insertOrder();
    }
  }

  static async start(options: SyncatySimulatorOptions = {}): Promise<SyncatySimulator> {
    const simulator = new SyncatySimulator(options);
    await simulator.server.start();
    return simulator;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  get credentials() {
    return { token: this.token, store_id: this.storeId };
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  insertOrder(): SyncatyOrder {
    this.clock = new Date(this.clock.getTime() + this.spacingMs);
    const random = this.random;
    const order: SyncatyOrder = {
      id: this.uuid(),
      sallaId: 987_600_000 + this.orders.size,
      reference: `ORD-${12_000 + this.orders.size}`,
      status: pick(random, ['pending', 'processing', 'shipped', 'completed', 'cancelled']),
      orderDate: this.clock,
      updatedAt: this.clock,
      items: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        ...pick(random, PRODUCTS),
        quantity: 1 + Math.floor(random() * 3),
      })),
      shippingCents: pick(random, [0, 5000]),
      customer: {
        id: this.uuid(),
        first_name: pick(random, FIRST_NAMES),
        last_name: pick(random, LAST_NAMES),
        email: `buyer${Math.floor(random() * 100_000)}@example.com`,
        mobile: `+9665${String(Math.floor(random() * 99_999_999)).padStart(8, '0')}`,
      },
    };
    this.orders.set(order.id, order);
    return order;
  }

  changeOrder(id: string, status?: string): void {
    const order = this.orders.get(id);
    if (!order) {
      throw new Error(`no order ${id}`);
    }
    order.status = status ?? FLOW[FLOW.indexOf(order.status) + 1] ?? 'refunded';
    order.updatedAt = new Date(Math.max(Date.now(), order.updatedAt.getTime() + 1000));
  }

  ids(): string[] {
    return [...this.orders.keys()];
  }

  private totals(order: SyncatyOrder) {
    const subtotal = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
    return { subtotal, total: subtotal + order.shippingCents };
  }

  private row(order: SyncatyOrder) {
    const { subtotal, total } = this.totals(order);
    return {
      id: order.id,
      salla_id: order.sallaId,
      reference_id: order.reference,
      status: order.status,
      total: amount(total),
      subtotal: amount(subtotal),
      shipping: amount(order.shippingCents),
      discount: 0,
      currency: 'SAR',
      items_count: order.items.reduce((sum, item) => sum + item.quantity, 0),
      payment_method: 'credit_card',
      shipping_method: 'express',
      order_date: order.orderDate.toISOString(),
      customer: {
        id: order.customer.id,
        first_name: order.customer.first_name,
        last_name: order.customer.last_name,
      },
    };
  }

  details(order: SyncatyOrder) {
    return {
      ...this.row(order),
      tax: 0,
      completed_at: order.status === 'completed' ? order.updatedAt.toISOString() : null,
      customer: { ...order.customer, salla_id: 123_456 },
      items: order.items.map((item, index) => ({
        id: `${order.id.slice(0, 24)}${String(index).padStart(12, '0')}`,
        product_id: `prd-${item.sku}`,
        salla_product_id: 111_222 + index,
        name: item.name,
        sku: item.sku,
        quantity: item.quantity,
        price: amount(item.cents),
        total: amount(item.cents * item.quantity),
        thumbnail: `https://cdn.syncaty.test/${item.sku}.jpg`,
      })),
      shipping_address: { city: 'Riyadh', country: 'SA', address: '123 Main Street' },
      notes: '',
      created_at: order.orderDate.toISOString(),
      updated_at: order.updatedAt.toISOString(),
    };
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    if (bearerOf(request) !== this.token) {
      return { status: 401, body: { message: 'Unauthenticated.' } };
    }
    if (request.query.get('store_id') !== this.storeId) {
      return { status: 403, body: { message: 'This token has no access to the store.' } };
    }
    if (request.kind === 'details') {
      const order = this.orders.get(decodeURIComponent(request.path.split('/').pop() ?? ''));
      return order
        ? { status: 200, body: this.details(order) }
        : { status: 404, body: { message: 'Order not found' } };
    }
    const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const limit = Number(request.query.get('limit') ?? 25) || 25;
    if (limit > 100 || limit < 1) {
      return { status: 422, body: { message: 'The limit may not be greater than 100.' } };
    }
    const from = request.query.get('from_date') ? Date.parse(request.query.get('from_date') as string) : null;
    const to = request.query.get('to_date') ? Date.parse(request.query.get('to_date') as string) : null;
    const matching = [...this.orders.values()]
      .filter(
        (order) =>
          (from === null || order.orderDate.getTime() >= from) &&
          (to === null || order.orderDate.getTime() <= to),
      )
      .sort((a, b) => b.orderDate.getTime() - a.orderDate.getTime());
    return {
      status: 200,
      body: {
        data: matching.slice((page - 1) * limit, page * limit).map((order) => this.row(order)),
        meta: {
          total: matching.length,
          page,
          limit,
          total_pages: Math.max(1, Math.ceil(matching.length / limit)),
        },
      },
    };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
