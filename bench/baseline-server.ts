/**
 * @module The bare baseline: what a plain `node:http` + postgres.js server does for the same two
 * requests, with no framework. It authenticates the bearer key (one indexed lookup, as we do), selects
 * the order columns, and JSON-encodes the rows into the contract's list envelope with its
 * `total_items` (a `count(*)`, as a plain server computes it; `?without_count` skips it, to compare
 * page building alone).
 *
 *   DATABASE_URL=postgres://… PORT=3102 node --import tsx bench/baseline-server.ts
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL as string, {
  max: Number(process.env.DATABASE_POOL_SIZE ?? 60),
  onnotice: () => {},
});

/** The payload's fields, as columns. */
const COLUMNS = sql.unsafe(`id, organization_id, source_reference, source_transaction_id, source_timestamp,
  destination_id, destination_reference, order_status, fulfillment_status, payment_status, fulfillment_method,
  payment_method, currency, total_amount, discounts_amount, vat_amount, customer_name, customer_phone,
  customer_email, receiver_name, receiver_phone, skus, products, shipping_address, order_code, order_type,
  transport_type, comment, promised_for, is_preorder, delivery_fee, service_fee, subtotal, store_name,
  dispatch_routing, shipping_fulfillment, created_at, updated_at`);

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function organizationOf(authorization: string | undefined): Promise<string | undefined> {
  const secret = authorization?.replace(/^Bearer\s+/i, '');
  if (!secret) {
    return undefined;
  }
  const hash = createHash('sha256').update(secret).digest('hex');
  const [key] = await sql`select organization_id from api_keys
    where key_hash = ${hash} and revoked_at is null and (expires_at is null or expires_at > now())`;
  return key?.organization_id as string | undefined;
}

const server = createServer((request, response) => {
  (async () => {
    const organizationId = await organizationOf(request.headers.authorization);
    if (!organizationId) {
      return send(response, 401, { code: 401, error: 'INVALID_AUTH', details: {} });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const one = /^\/api\/v1\/orders\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const [order] = await sql`select ${COLUMNS} from orders
        where organization_id = ${organizationId} and id = ${one[1] as string} and deleted_at is null`;
      return order ? send(response, 200, { event_type: 'order.snapshot', order }) : send(response, 404, {});
    }
    if (url.pathname === '/api/v1/orders') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), 100);
      const page = Math.max(Number(url.searchParams.get('page') ?? 1), 1);
      // `?without_count` isolates page building: the count is what a plain server spends most on.
      const [rows, [counted]] = await Promise.all([
        sql`select ${COLUMNS} from orders where organization_id = ${organizationId} and deleted_at is null
          order by created_at desc, id desc limit ${limit} offset ${(page - 1) * limit}`,
        url.searchParams.has('without_count')
          ? [{ total: 0 }]
          : sql`select count(*)::int as total from orders where organization_id = ${organizationId} and deleted_at is null`,
      ]);
      const total = counted?.total as number;
      return send(response, 200, {
        event_type: 'orders.listed',
        organization_id: organizationId,
        orders: rows.map((order) => ({ event_type: 'order.snapshot', order })),
        pagination: {
          page,
          per_page: limit,
          total_items: total,
          total_pages: Math.ceil(total / limit),
          has_next: page * limit < total,
          has_prev: page > 1,
        },
        meta: {},
      });
    }
    return send(response, 404, {});
  })().catch((error: unknown) => send(response, 500, { error: String(error) }));
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3102), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void sql.end({ timeout: 2 });
});
