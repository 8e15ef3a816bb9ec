/**
 * The OMS order resource of seed 003: `GET /v1/orders?limit(≤100)&offset&status&customer_id` →
 * `{data:[orders], total, limit, offset}`, newest first; `ord_` ids, human `number`, `external_id`,
 * payment authorized/captured/refunded/voided; 401 `INVALID_AUTH` for a bad key.
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

interface OmsOrder {
  id: string;
  number: string;
  externalId: string;
  created: Date;
  updated: Date;
  status: string;
  paymentStatus: string;
  lines: Array<{ sku: string; name: string; quantity: number; cents: number }>;
  customer: { id: string; name: string; email: string };
  tracking: string | null;
}

const FLOW = ['pending', 'processing', 'shipped', 'delivered'];

export interface OmsSimulatorOptions {
  orders?: number;
  seed?: number;
  start?: Date;
  spacingMs?: number;
}

export class OmsSimulator {
  readonly server: VendorServer;
  readonly orders = new Map<string, OmsOrder>();
  readonly apiKey = 'oms-key-xyz';
  private readonly random: () => number;
  private clock: Date;
  private readonly spacingMs: number;

  private constructor(options: OmsSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 3);
    this.clock = options.start ?? new Date('2024-01-01T06:00:00Z');
    this.spacingMs = options.spacingMs ?? 3_600_000;
    this.server = new VendorServer({
      kind: (method, path) => (method === 'GET' && path === '/v1/orders' ? 'list' : null),
      answer: (request) => this.answer(request),
    });
    for (let index = 0; index < (options.orders ?? 300); index += 1) {
      this.insertOrder();
    }
  }

  static async start(options: OmsSimulatorOptions = {}): Promise<OmsSimulator> {
    const simulator = new OmsSimulator(options);
    await simulator.server.start();
    return simulator;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  get credentials() {
    return { api_key: this.apiKey };
  }

  insertOrder(): OmsOrder {
    this.clock = new Date(this.clock.getTime() + this.spacingMs);
    const random = this.random;
    const serial = this.orders.size;
    const order: OmsOrder = {
      id: `ord_${(0x1_0000_0000 + serial * 7919).toString(36).toUpperCase()}${serial}`,
      number: `BS-${10_000 + serial}`,
      externalId: String(9_928_000 + serial),
      created: this.clock,
      updated: this.clock,
      status: pick(random, ['pending', 'processing', 'shipped', 'delivered', 'cancelled']),
      paymentStatus: pick(random, ['authorized', 'captured', 'captured', 'refunded']),
      lines: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        ...pick(random, PRODUCTS),
        quantity: 1 + Math.floor(random() * 4),
      })),
      customer: {
        id: `cus_${Math.floor(random() * 1e6)}`,
        name: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
        email: `c${Math.floor(random() * 1e6)}@example.com`,
      },
      tracking: null,
    };
    this.orders.set(order.id, order);
    return order;
  }

  changeOrder(id: string, status?: string): void {
    const order = this.orders.get(id);
    if (!order) {
      throw new Error(`no order ${id}`);
    }
    order.status = status ?? FLOW[FLOW.indexOf(order.status) + 1] ?? 'cancelled';
    if (order.status === 'shipped') {
      order.tracking = `1Z${order.number}`;
    }
    order.updated = new Date(Math.max(Date.now(), order.updated.getTime() + 1000));
  }

  ids(): string[] {
    return [...this.orders.keys()];
  }

  details(order: OmsOrder) {
    const goods = order.lines.reduce((sum, line) => sum + line.cents * line.quantity, 0);
    const tax = Math.round(goods * 0.0825);
    return {
      id: order.id,
      number: order.number,
      external_id: order.externalId,
      created_at: order.created.toISOString(),
      updated_at: order.updated.toISOString(),
      currency: 'USD',
      total_amount: amount(goods + tax),
      tax_amount: amount(tax),
      payment_status: order.paymentStatus,
      status: order.status,
      shipping_method: 'fedex_ground',
      tracking_number: order.tracking,
      customer: order.customer,
      line_items: order.lines.map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unit_price: amount(line.cents),
        total_amount: amount(line.cents * line.quantity),
      })),
    };
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    if (bearerOf(request) !== this.apiKey) {
      return {
        status: 401,
        body: { code: 'INVALID_AUTH', message: 'The API key provided is expired or invalid.' },
      };
    }
    const limit = Number(request.query.get('limit') ?? 20) || 20;
    const offset = Math.max(0, Number(request.query.get('offset') ?? 0) || 0);
    if (limit < 1 || limit > 100) {
      return { status: 422, body: { code: 'INVALID_LIMIT', message: 'limit: max 100' } };
    }
    const status = request.query.get('status');
    const matching = [...this.orders.values()]
      .filter((order) => !status || order.status === status)
      .sort((a, b) => b.created.getTime() - a.created.getTime());
    return {
      status: 200,
      body: {
        data: matching.slice(offset, offset + limit).map((order) => this.details(order)),
        total: matching.length,
        limit,
        offset,
      },
    };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
