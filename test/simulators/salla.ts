/**
 * Salla's Admin API as seed 004 documents List Orders (and as Salla's order details and OAuth token
 * endpoints answer): `GET /admin/v2/orders?page&per_page&sort_by&from_date` →
 * `{status, success, data:[list rows], pagination:{count,total,perPage,currentPage,totalPages,links}}`,
 * list rows with items that have no prices; `GET /admin/v2/orders/{id}` → `{status, success, data}`
 * with amounts; `POST /oauth2/token` (refresh_token grant, single-use refresh tokens); 401 once the
 * access token has expired; a leaky bucket announced in `X-RateLimit-*` headers, 429 + Retry-After
 * when it overflows. Default sort is newest first (`id-desc`), as Salla's.
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

const STATUSES: Record<string, string> = {
  payment_pending: 'بانتظار الدفع',
  under_review: 'بإنتظار المراجعة',
  in_progress: 'قيد التنفيذ',
  completed: 'تم التنفيذ',
  delivering: 'جاري التوصيل',
  delivered: 'تم التوصيل',
  canceled: 'ملغي',
};
const FLOW = ['under_review', 'in_progress', 'completed', 'delivering', 'delivered'];

interface SallaOrder {
  id: number;
  referenceId: number;
  created: Date;
  status: string;
  customer: { id: number; first_name: string; last_name: string; email: string; mobile: number };
  items: Array<{ id: number; sku: string; name: string; quantity: number; cents: number }>;
  shippingCents: number;
  paymentMethod: string;
  city: string;
}

/** `YYYY-MM-DD HH:mm:ss.000000` in Asia/Riyadh (UTC+3, no daylight saving). */
function riyadhWallTime(date: Date): string {
  return new Date(date.getTime() + 3 * 3_600_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '.000000');
}

export interface SallaSimulatorOptions {
  orders?: number;
  seed?: number;
  /** Leaky bucket: requests it holds, and how many leak out per second. */
  bucket?: { capacity: number; leakPerSecond: number };
  /** First order's placed time; orders follow every `spacingMs`. */
  start?: Date;
  spacingMs?: number;
}

export class SallaSimulator {
  readonly server: VendorServer;
  readonly orders = new Map<number, SallaOrder>();
  readonly clientId = 'sim-client';
  readonly clientSecret = 'sim-client-secret';
  accessToken = 'salla-access-0';
  refreshToken = 'salla-refresh-0';
  private tokenGeneration = 0;
  private nextId = 1_017_120_000;
  private readonly random: () => number;
  private readonly bucket: { capacity: number; leakPerSecond: number };
  private bucketLevel = 0;
  private bucketAt = Date.now();
  private clock: Date;
  private readonly spacingMs: number;

  private constructor(options: SallaSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 4);
    this.bucket = options.bucket ?? { capacity: 100_000, leakPerSecond: 100_000 };
    this.clock = options.start ?? new Date('2024-01-01T06:00:00Z');
    this.spacingMs = options.spacingMs ?? 3_600_000;
    this.server = new VendorServer({
      kind: (method, path) => {
        if (method === 'POST' && path === '/oauth2/token') {
          return 'token';
        }
        if (method === 'GET' && path === '/admin/v2/orders') {
          return 'list';
        }
        if (method === 'GET' && /^\/admin\/v2\/orders\/[^/]+$/.test(path)) {
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

  static async start(options: SallaSimulatorOptions = {}): Promise<SallaSimulator> {
    const simulator = new SallaSimulator(options);
    await simulator.server.start();
    return simulator;
  }

  /** The base URL an install points at (the production one is https://api.salla.dev/admin/v2). */
  get baseUrl(): string {
    return `${this.server.url}/admin/v2`;
  }

  get credentials() {
    return {
      access_token: this.accessToken,
      refresh_token: this.refreshToken,
      client_id: this.clientId,
      client_secret: this.clientSecret,
    };
  }

  /** The access token stops working; the refresh token still gets a new one. */
  expireToken(): void {
    this.expired = true;
  }
  private expired = false;

  insertOrder(): SallaOrder {
    const random = this.random;
    this.nextId += 1 + Math.floor(random() * 7);
    this.clock = new Date(this.clock.getTime() + this.spacingMs);
    const lines = 1 + Math.floor(random() * 3);
    const order: SallaOrder = {
      id: this.nextId,
      referenceId: 40_000_000 + this.orders.size,
      created: this.clock,
      status: pick(random, ['under_review', 'in_progress', 'completed', 'delivered', 'canceled']),
      customer: {
        id: 1_227_534_000 + Math.floor(random() * 1000),
        first_name: pick(random, FIRST_NAMES),
        last_name: pick(random, LAST_NAMES),
        email: `customer${Math.floor(random() * 100_000)}@example.sa`,
        mobile: 500_000_000 + Math.floor(random() * 99_999_999),
      },
      items: Array.from({ length: lines }, (_, index) => {
        const product = pick(random, PRODUCTS);
        return { id: 14_000 + index, ...product, quantity: 1 + Math.floor(random() * 3) };
      }),
      shippingCents: pick(random, [0, 2500, 3000]),
      paymentMethod: pick(random, ['mada', 'bank', 'credit_card', 'cod']),
      city: pick(random, ['الرياض', 'جدة', 'الدمام']),
    };
    this.orders.set(order.id, order);
    return order;
  }

  /** Moves an order one step along Salla's workflow (or sets the given status). */
  changeOrder(id: number, status?: string): void {
    const order = this.orders.get(id);
    if (!order) {
      throw new Error(`no order ${id}`);
    }
    const next = FLOW[FLOW.indexOf(order.status) + 1];
    order.status = status ?? next ?? 'canceled';
  }

  ids(): string[] {
    return [...this.orders.keys()].map(String);
  }

  /** The order details answer's `data`: what the normalizer reads. */
  details(order: SallaOrder) {
    const subtotal = order.items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
    const tax = Math.round(subtotal * 0.15);
    return {
      id: order.id,
      reference_id: order.referenceId,
      date: { date: riyadhWallTime(order.created), timezone_type: 3, timezone: 'Asia/Riyadh' },
      source: 'store',
      payment_method: order.paymentMethod,
      currency: 'SAR',
      amounts: {
        sub_total: { amount: amount(subtotal), currency: 'SAR' },
        shipping_cost: { amount: amount(order.shippingCents), currency: 'SAR' },
        cash_on_delivery: { amount: 0, currency: 'SAR' },
        tax: { percent: '15.00', amount: { amount: amount(tax), currency: 'SAR' } },
        discounts: [],
        total: { amount: amount(subtotal + tax + order.shippingCents), currency: 'SAR' },
      },
      status: this.status(order),
      is_pending_payment: order.paymentMethod === 'cod',
      pending_payment_ends_at: 0,
      can_cancel: order.status === 'under_review',
      shipping: {
        id: order.id + 7,
        company: 'SMSA',
        receiver: {
          name: `${order.customer.first_name} ${order.customer.last_name}`,
          email: order.customer.email,
          phone: `+966${order.customer.mobile}`,
        },
        address: {
          country: 'السعودية',
          country_code: 'SA',
          city: order.city,
          shipping_address: 'حي النخيل، شارع الأمير سلطان',
          postal_code: '12382',
        },
        shipment: { id: null, tracking_link: null, tracking_number: null },
      },
      customer: { ...order.customer, mobile_code: '+966', city: order.city, country: 'السعودية' },
      items: order.items.map((item) => ({
        id: item.id,
        name: item.name,
        sku: item.sku,
        quantity: item.quantity,
        currency: 'SAR',
        amounts: {
          price_without_tax: { amount: amount(item.cents), currency: 'SAR' },
          total: { amount: amount(item.cents * item.quantity), currency: 'SAR' },
        },
        product: { id: 1_911_645_000 + PRODUCTS.findIndex((p) => p.sku === item.sku) },
      })),
      tags: [],
    };
  }

  private status(order: SallaOrder) {
    const name = STATUSES[order.status] ?? order.status;
    return {
      id: 566_146_000 + FLOW.indexOf(order.status),
      name,
      slug: order.status,
      customized: { id: 986_688_842, name },
    };
  }

  /** A List Orders row: items without prices, as seed 004 shows them. */
  private listRow(order: SallaOrder) {
    const full = this.details(order);
    return {
      id: order.id,
      reference_id: order.referenceId,
      total: full.amounts.total,
      date: full.date,
      status: full.status,
      can_cancel: full.can_cancel,
      can_reorder: true,
      payment_method: order.paymentMethod,
      is_pending_payment: full.is_pending_payment,
      pending_payment_ends_at: 0,
      features: { digitalable: false, shippable: true },
      items: order.items.map((item) => ({ name: item.name, quantity: item.quantity })),
    };
  }

  private rateHeaders(): { headers: Record<string, string>; overflow: boolean } {
    const now = Date.now();
    this.bucketLevel = Math.max(
      0,
      this.bucketLevel - ((now - this.bucketAt) / 1000) * this.bucket.leakPerSecond,
    );
    this.bucketAt = now;
    const overflow = this.bucketLevel + 1 > this.bucket.capacity;
    if (!overflow) {
      this.bucketLevel += 1;
    }
    const remaining = Math.max(0, Math.floor(this.bucket.capacity - this.bucketLevel));
    const resetSeconds = Math.ceil(this.bucketLevel / this.bucket.leakPerSecond);
    return {
      overflow,
      headers: {
        'x-ratelimit-limit': String(this.bucket.capacity),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(Math.ceil(now / 1000) + resetSeconds),
      },
    };
  }

  private answer(request: SimulatedRequest): SimulatedAnswer {
    if (request.kind === 'token') {
      return this.token(request);
    }
    const rate = this.rateHeaders();
    if (rate.overflow) {
      return {
        status: 429,
        headers: { ...rate.headers, 'retry-after': '1' },
        body: {
          status: 429,
          success: false,
          error: { code: 'Too Many Requests', message: 'rate limit exceeded' },
        },
      };
    }
    if (bearerOf(request) !== this.accessToken || this.expired) {
      return {
        status: 401,
        headers: rate.headers,
        body: {
          status: 401,
          success: false,
          error: { code: 'Unauthorized', message: 'The access token is invalid or expired' },
        },
      };
    }
    const answer = request.kind === 'list' ? this.list(request) : this.detailsAnswer(request);
    return { ...answer, headers: { ...rate.headers, ...answer.headers } };
  }

  private token(request: SimulatedRequest): SimulatedAnswer {
    const form = new URLSearchParams(request.body);
    if (
      form.get('grant_type') !== 'refresh_token' ||
      form.get('refresh_token') !== this.refreshToken ||
      form.get('client_id') !== this.clientId ||
      form.get('client_secret') !== this.clientSecret
    ) {
      return {
        status: 401,
        body: { error: 'invalid_grant', error_description: 'The refresh token is invalid.' },
      };
    }
    this.tokenGeneration += 1;
    this.accessToken = `salla-access-${this.tokenGeneration}`;
    this.refreshToken = `salla-refresh-${this.tokenGeneration}`;
    this.expired = false;
    return {
      status: 200,
      body: {
        access_token: this.accessToken,
        refresh_token: this.refreshToken,
        expires_in: 1_209_600,
        token_type: 'bearer',
      },
    };
  }

  private list(request: SimulatedRequest): SimulatedAnswer {
    const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const perPage = Math.min(65, Math.max(1, Number(request.query.get('per_page') ?? 15) || 15));
    const fromDate = request.query.get('from_date');
    // from_date is a calendar day in the store's zone (Asia/Riyadh).
    const from = fromDate ? new Date(`${fromDate}T00:00:00+03:00`).getTime() : null;
    const ascending = request.query.get('sort_by') === 'id-asc';
    const matching = [...this.orders.values()]
      .filter((order) => from === null || order.created.getTime() >= from)
      .sort((a, b) => (ascending ? a.id - b.id : b.id - a.id));
    const totalPages = Math.max(1, Math.ceil(matching.length / perPage));
    const rows = matching.slice((page - 1) * perPage, page * perPage);
    const link = (target: number) => {
      const query = new URLSearchParams(request.query);
      query.set('page', String(target));
      return `${this.baseUrl}/orders?${query}`;
    };
    return {
      status: 200,
      body: {
        status: 200,
        success: true,
        data: rows.map((order) => this.listRow(order)),
        pagination: {
          count: rows.length,
          total: matching.length,
          perPage,
          currentPage: page,
          totalPages,
          links: {
            ...(page < totalPages ? { next: link(page + 1) } : {}),
            ...(page > 1 ? { previous: link(page - 1) } : {}),
          },
        },
      },
    };
  }

  private detailsAnswer(request: SimulatedRequest): SimulatedAnswer {
    const order = this.orders.get(Number(request.path.split('/').pop()));
    if (!order) {
      return {
        status: 404,
        body: { status: 404, success: false, error: { code: 'NotFound', message: 'The order is not found' } },
      };
    }
    return { status: 200, body: { status: 200, success: true, data: this.details(order) } };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
