/**
 * Orbitkit's `/orders` as seed 002 documents it: `GET /orders?limit(≤1000)&cursor` →
 * `{data:[full orders], total, more}` with `more` null at the end, oldest first (a cursor is a place in
 * that order); `GET /orders/{key}` → the order, or **410 Gone** for a key that does not (or no longer)
 * exist; bearer API key. Money objects `{cents, amount, symbol, currency, pretty}`.
 */
import {
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

interface OrbitkitOrder {
  seq: number;
  key: string;
  created: Date;
  name: string;
  lines: Array<{ sku: string; name: string; quantity: number; cents: number }>;
  shippingCents: number;
  /** PROCESSING → SHIPPED → DELIVERED, or CANCELLED. */
  state: string;
  shipped: Date | null;
  delivered: Date | null;
  cancelled: Date | null;
}

const money = (cents: number) => ({
  cents,
  amount: cents / 100,
  symbol: '$',
  currency: 'USD',
  pretty: `$${(cents / 100).toFixed(2)}`,
});

export interface OrbitkitSimulatorOptions {
  orders?: number;
  /** Most orders one page holds whatever the limit asked (a vendor may send fewer than asked). */
  pageCap?: number;
  seed?: number;
  start?: Date;
  spacingMs?: number;
}

export class OrbitkitSimulator {
  readonly server: VendorServer;
  readonly orders = new Map<string, OrbitkitOrder>();
  readonly apiKey = 'orbitkit-key-123';
  private readonly random: () => number;
  private seq = 4548;
  private clock: Date;
  private readonly spacingMs: number;
  private readonly pageCap: number;

  private constructor(options: OrbitkitSimulatorOptions) {
    this.pageCap = options.pageCap ?? 1000;
    this.random = seededRandom(options.seed ?? 2);
    this.clock = options.start ?? new Date('2024-01-01T06:00:00Z');
    this.spacingMs = options.spacingMs ?? 3_600_000;
    this.server = new VendorServer({
      kind: (method, path) => {
        if (method === 'GET' && path === '/orders') {
          return 'list';
        }
        if (method === 'GET' && /^\/orders\/[^/]+$/.test(path)) {
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

  static async start(options: OrbitkitSimulatorOptions = {}): Promise<OrbitkitSimulator> {
    const simulator = new OrbitkitSimulator(options);
    await simulator.server.start();
    return simulator;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  get credentials() {
    return { api_key: this.apiKey };
  }

  insertOrder(): OrbitkitOrder {
    this.seq += 1 + Math.floor(this.random() * 3);
    this.clock = new Date(this.clock.getTime() + this.spacingMs);
    const random = this.random;
    const order: OrbitkitOrder = {
      seq: this.seq,
      key: `ORD${this.seq}`,
      created: this.clock,
      name: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
      lines: Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
        ...pick(random, PRODUCTS),
        quantity: 1 + Math.floor(random() * 2),
      })),
      shippingCents: 449,
      state: 'PROCESSING',
      shipped: null,
      delivered: null,
      cancelled: null,
    };
    if (random() < 0.5) {
      this.advance(order);
    }
    if (random() < 0.3) {
      this.advance(order);
    }
    this.orders.set(order.key, order);
    return order;
  }

  private advance(order: OrbitkitOrder): void {
    const at = new Date(Math.max(order.created.getTime(), order.shipped?.getTime() ?? 0) + 86_400_000);
    if (order.state === 'PROCESSING') {
      order.state = 'SHIPPED';
      order.shipped = at;
    } else if (order.state === 'SHIPPED') {
      order.state = 'DELIVERED';
      order.delivered = at;
    }
  }

  /** Moves the order's fulfillment one step (PROCESSING → SHIPPED → DELIVERED). */
  changeOrder(key: string): void {
    const order = this.orders.get(key);
    if (!order) {
      throw new Error(`no order ${key}`);
    }
    this.advance(order);
  }

  /** The vendor removes the order: gone from the list, 410 on its key. */
  removeOrder(key: string): void {
    this.orders.delete(key);
  }

  ids(): string[] {
    return [...this.orders.keys()];
  }

  details(order: OrbitkitOrder) {
    const lineItems = order.lines.map((line, index) => ({
      key: `OLI${order.seq}${index}`,
      title: line.name,
      quantity: line.quantity,
      unitCost: money(line.cents),
      totalCost: money(line.cents * line.quantity),
      reference: `item-${order.seq}-${index}`,
      design: { key: `DSN${order.seq}` },
      side: 'FRONT',
      variant: {
        key: `VAR_${line.sku}`,
        product: { key: `PRD_${line.sku}`, name: line.name },
        color: { key: 'CLRTS_BLK', name: 'Black', hex: '#25282a', texture: 'SOLID' },
        size: 'L',
      },
    }));
    const goods = order.lines.reduce((sum, line) => sum + line.cents * line.quantity, 0);
    return {
      key: order.key,
      reference: `ref-${order.seq}`,
      venue: { key: 'VEN4421', name: 'Orbital Commerce', platform: 'Manual' },
      created: order.created.toISOString(),
      flag: false,
      link: `https://app.orbitkit.com/orgs/ORG2/orders/${order.key}`,
      note: '',
      quantity: order.lines.reduce((sum, line) => sum + line.quantity, 0),
      cost: money(goods + order.shippingCents),
      shipping: {
        name: order.name,
        address1: '123 Slack St',
        address2: '',
        city: 'Nowhere',
        state: 'CA',
        zip: '99999',
        country: 'US',
      },
      shippingCost: money(order.shippingCents),
      lineItems,
      fulfillments: [
        {
          key: `FUL${order.seq}`,
          state: order.state,
          shipped: order.shipped?.toISOString() ?? null,
          delivered: order.delivered?.toISOString() ?? null,
          cancelled: order.cancelled?.toISOString() ?? null,
          tracking: order.shipped ? { carrier: 'USPS', number: `9400${order.seq}` } : null,
          lineItems: lineItems.map(({ unitCost, totalCost, reference, ...rest }) => rest),
        },
      ],
    };
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    if (bearerOf(request) !== this.apiKey) {
      return { status: 401, body: { message: 'Invalid API key' } };
    }
    if (request.kind === 'details') {
      const order = this.orders.get(decodeURIComponent(request.path.split('/').pop() ?? ''));
      return order ? { status: 200, body: this.details(order) } : { status: 410, body: { message: 'Gone' } };
    }
    const limit = Number(request.query.get('limit') ?? 1000) || 1000;
    if (limit < 1 || limit > 1000) {
      return { status: 400, body: { message: 'limit must be between 1 and 1000' } };
    }
    const cursor = request.query.get('cursor');
    let after = 0;
    if (cursor) {
      after = Number(
        Buffer.from(cursor, 'base64url')
          .toString('utf8')
          .replace(/^after:/, ''),
      );
      if (!Number.isSafeInteger(after)) {
        return { status: 400, body: { message: 'invalid cursor' } };
      }
    }
    const all = [...this.orders.values()].sort((a, b) => a.seq - b.seq);
    const rest = all.filter((order) => order.seq > after);
    const size = Math.min(limit, this.pageCap);
    const page = rest.slice(0, size);
    const last = page.at(-1);
    return {
      status: 200,
      body: {
        data: page.map((order) => this.details(order)),
        total: all.length,
        more: rest.length > size && last ? Buffer.from(`after:${last.seq}`).toString('base64url') : null,
      },
    };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
