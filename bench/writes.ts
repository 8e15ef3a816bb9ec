/**
 * Write benchmark: bulk create of 1,000 orders per request (orders/s, p99 per request) and single status
 * patches (req/s), against a real service process on the PostgreSQL of DATABASE_URL.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/writes.ts [--bulk-requests 40] [--bulk-connections 2]
 *                                                     [--patches 10000] [--patch-connections 16]
 *
 * The service runs as a child process (as in production), so the load generator does not share its
 * event loop. Each run creates its own organization; nothing is cleaned up.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createTenantsService } from '../src/services/tenants-service.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { postgresCpuMeter, processCpuMs } from './process-cpu.js';
import { run, startService } from './service-process.js';

const { values: args } = parseArgs({
  options: {
    'bulk-requests': { type: 'string', default: '40' },
    'bulk-connections': { type: 'string', default: '2' },
    patches: { type: 'string', default: '10000' },
    'patch-connections': { type: 'string', default: '16' },
  },
});
const BULK_SIZE = 1000;

function orderBody(batch: number, index: number) {
  return {
    source: 'api',
    source_transaction_id: `bench-${Date.now()}-${batch}-${index}`,
    source_reference: `REF-${batch}-${index}`,
    customer_name: 'Sarah Smith',
    customer_email: 'sarah@example.com',
    customer_phone: '+966509876543',
    products: [
      { product_id: 'prd_001', sku: 'SKU-1', name: 'Product One', quantity: 2, price: 29.99 },
      { product_id: 'prd_002', sku: 'SKU-2', name: 'Product Two', quantity: 1, price: 15 },
    ],
    subtotal: 74.98,
    tax: 11.25,
    delivery_fee: 15,
    total_amount: 101.23,
    currency: 'SAR',
    shipping_address: { city: 'Riyadh', country: 'SA', line1: 'King Fahd Rd' },
  };
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('set DATABASE_URL to the PostgreSQL to benchmark against');
  }
  const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 2 });
  await migrate(database.db);
  const tenant = await createTenantsService(database.db).createOrganizationWithOwner(
    `bench ${new Date().toISOString()}`,
    `bench-${Date.now()}@bench.local`,
  );
  await database.close();
  const { url, child } = await startService(databaseUrl);
  const postgresCpu = await postgresCpuMeter(databaseUrl);
  /** CPU the service and PostgreSQL spend while `work` runs, in ms (PostgreSQL: null if not local). */
  async function cpuOf<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; nodeMs: number; postgresMs: number | null }> {
    const node = processCpuMs(child.pid as number);
    const pg = postgresCpu?.() ?? 0;
    const result = await work();
    return {
      result,
      nodeMs: processCpuMs(child.pid as number) - node,
      postgresMs: postgresCpu ? postgresCpu() - pg : null,
    };
  }
  const perUnitUs = (ms: number | null, units: number) =>
    ms === null || units === 0 ? null : Math.round((ms * 1000) / units);
  const headers = { authorization: `Bearer ${tenant.key.key}`, 'content-type': 'application/json' };

  try {
    // Bodies are built before the clock starts: the client's JSON work is not the service's.
    const bulkRequests = Number(args['bulk-requests']);
    const bodies = Array.from({ length: bulkRequests }, (_, batch) =>
      JSON.stringify(Array.from({ length: BULK_SIZE }, (_, index) => orderBody(batch, index))),
    );
    let next = 0;
    let succeeded = 0;
    const bulkRun = await cpuOf(() =>
      run({
        url: `${url}/api/v1/orders/bulk`,
        connections: Number(args['bulk-connections']),
        amount: bulkRequests,
        requests: [
          {
            method: 'POST',
            headers,
            setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] as string }),
            onResponse: (status, body) => {
              if (status === 200) {
                succeeded += JSON.parse(body).data.succeeded;
              }
            },
          },
        ],
      }),
    );
    const bulk = bulkRun.result;
    const bulkSeconds = (bulk.finish.getTime() - bulk.start.getTime()) / 1000;
    const ids = await createPatchTargets(url, headers, Number(args.patches));

    let patchIndex = 0;
    const patchRun = await cpuOf(() =>
      run({
        url,
        connections: Number(args['patch-connections']),
        amount: ids.length,
        requests: [
          {
            method: 'PATCH',
            headers,
            body: JSON.stringify({ status: 'confirmed' }),
            setupRequest: (request) => ({ ...request, path: `/api/v1/orders/${ids[patchIndex++]}/status` }),
          },
        ],
      }),
    );
    const patches = patchRun.result;
    const patchSeconds = (patches.finish.getTime() - patches.start.getTime()) / 1000;

    const report = {
      date: new Date().toISOString(),
      engine: 'postgres',
      bulk_create: {
        requests: bulk.requests.total,
        orders_created: succeeded,
        non_2xx: bulk.non2xx,
        orders_per_second: Math.round(succeeded / bulkSeconds),
        latency_ms: { p50: bulk.latency.p50, p99: bulk.latency.p99, max: bulk.latency.max },
        cpu_us_per_order: {
          node: perUnitUs(bulkRun.nodeMs, succeeded),
          postgres: perUnitUs(bulkRun.postgresMs, succeeded),
        },
      },
      status_patch: {
        requests: patches.requests.total,
        non_2xx: patches.non2xx,
        requests_per_second: Math.round(patches.requests.total / patchSeconds),
        latency_ms: { p50: patches.latency.p50, p99: patches.latency.p99, max: patches.latency.max },
        cpu_us_per_patch: {
          node: perUnitUs(patchRun.nodeMs, patches.requests.total),
          postgres: perUnitUs(patchRun.postgresMs, patches.requests.total),
        },
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit'); // a CPU profile (BENCH_CPU_PROF) is written as the service stops
  }
}

/** Orders for the patch run, created in bulk: each patch moves a different order pending → confirmed. */
async function createPatchTargets(url: string, headers: Record<string, string>, count: number) {
  const ids: string[] = [];
  for (let batch = 0; ids.length < count; batch += 1) {
    const size = Math.min(BULK_SIZE, count - ids.length);
    const body = Array.from({ length: size }, (_, index) => ({
      ...orderBody(1_000_000 + batch, index),
      source_transaction_id: null,
    }));
    const response = await fetch(`${url}/api/v1/orders/bulk`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as { data: { orders: Array<{ id: string } | null> } };
    ids.push(...result.data.orders.flatMap((order) => (order ? [order.id] : [])));
  }
  return ids;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
