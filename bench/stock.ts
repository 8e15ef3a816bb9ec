/**
 * Stock contention benchmark: many concurrent single creates, each buying units of a few hot SKUs,
 * against a real service process on the PostgreSQL of DATABASE_URL. Reports orders/s and the
 * oversell count (units accepted beyond what was on hand), which must be 0.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/stock.ts [--orders 3000] [--connections 50]
 *                                                    [--skus 3] [--units 500] [--untracked]
 *
 * Each order takes 1 unit of one hot SKU and, every other order, 1 of a second one (so orders lock
 * two rows, in either order). Stock runs out part-way, so the run measures both accepted creates and
 * OUT_OF_STOCK refusals. Each run creates its own organization; nothing is cleaned up.
 */
import { parseArgs } from 'node:util';
import { createTenantsService } from '../src/services/tenants-service.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { run, startService } from './service-process.js';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '50' },
    skus: { type: 'string', default: '3' },
    units: { type: 'string', default: '500' },
    /** Baseline: the same creates with the SKUs left untracked (no stock rows, nothing to lock). */
    untracked: { type: 'boolean', default: false },
  },
});

function orderLines(index: number, skus: readonly string[]): Record<string, number> {
  const first = skus[index % skus.length] as string;
  const second = skus[(index + 1) % skus.length] as string;
  return index % 2 === 0 || skus.length === 1 ? { [first]: 1 } : { [second]: 1, [first]: 1 };
}

function orderBody(lines: Record<string, number>) {
  return JSON.stringify({
    source: 'api',
    customer_name: 'Sarah Smith',
    products: Object.entries(lines).map(([sku, quantity]) => ({ sku, name: sku, quantity, price: 10 })),
    total_amount: 10 * Object.values(lines).reduce((sum, quantity) => sum + quantity, 0),
    currency: 'SAR',
  });
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('set DATABASE_URL to the PostgreSQL to benchmark against');
  }
  const orders = Number(args.orders);
  const units = Number(args.units);
  const skus = Array.from({ length: Number(args.skus) }, (_, index) => `HOT-${index + 1}`);
  const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 2 });
  await migrate(database.db);
  const tenant = await createTenantsService(database.db).createOrganizationWithOwner(
    `bench stock ${new Date().toISOString()}`,
    `bench-stock-${Date.now()}@bench.local`,
  );
  await database.close();
  const { url, child } = await startService(databaseUrl);
  const headers = { authorization: `Bearer ${tenant.key.key}`, 'content-type': 'application/json' };

  try {
    if (!args.untracked) {
      const seeded = await fetch(`${url}/api/v1/inventory/bulk`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ items: skus.map((sku) => ({ sku, on_hand: units })) }),
      });
      if (seeded.status !== 200) {
        throw new Error(`seeding stock failed: ${seeded.status} ${await seeded.text()}`);
      }
    }
    // Bodies are built before the clock starts: the client's JSON work is not the service's.
    const plans = Array.from({ length: orders }, (_, index) => orderLines(index, skus));
    const bodies = plans.map(orderBody);
    const sold = new Map<string, number>(skus.map((sku) => [sku, 0]));
    let next = 0;
    let created = 0;
    let refused = 0;
    const result = await run({
      url: `${url}/api/v1/orders`,
      connections: Number(args.connections),
      amount: orders,
      requests: [
        {
          method: 'POST',
          headers,
          // The request id comes back on the answer and says which order (and so which lines) it was.
          setupRequest: (request) => {
            const index = next++;
            return {
              ...request,
              body: bodies[index] as string,
              headers: { ...headers, 'x-request-id': String(index) },
            };
          },
          onResponse: (status, _body, _context, responseHeaders) => {
            if (status === 201) {
              created += 1;
              for (const [sku, quantity] of Object.entries(
                plans[Number(responseHeaders?.['x-request-id'])] ?? {},
              )) {
                sold.set(sku, (sold.get(sku) ?? 0) + quantity);
              }
            } else if (status === 422) {
              refused += 1;
            }
          },
        },
      ],
    });
    const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;

    // Units the clients were told they bought, against what was on hand; and what the ledger holds.
    const oversold = args.untracked
      ? 0
      : skus.reduce((sum, sku) => sum + Math.max(0, (sold.get(sku) ?? 0) - units), 0);
    const listed = await fetch(`${url}/api/v1/inventory?sku=${skus.join(',')}`, { headers });
    const levels = ((await listed.json()) as { data: Array<{ sku: string; reserved: number }> }).data;
    const ledgerMatches = args.untracked || levels.every((level) => level.reserved === sold.get(level.sku));
    const report = {
      date: new Date().toISOString(),
      engine: 'postgres',
      requests: result.requests.total,
      connections: Number(args.connections),
      hot_skus: skus.length,
      tracked: !args.untracked,
      units_per_sku: units,
      created,
      refused_out_of_stock: refused,
      other_non_2xx: result.non2xx - refused,
      errors: result.errors,
      requests_per_second: Math.round(result.requests.total / seconds),
      orders_created_per_second: Math.round(created / seconds),
      latency_ms: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      units_sold_per_sku: Object.fromEntries(sold),
      oversold_units: oversold,
      ledger_reserved_matches_sold: ledgerMatches,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (oversold > 0 || !ledgerMatches) {
      process.exitCode = 1;
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
