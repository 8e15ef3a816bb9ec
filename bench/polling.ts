/**
 * Polling benchmark: many tenants poll `sort=-created&from=<6 h ago>` while writes continue, answered
 * by the polling fast path, by the normal path (the same rows asked with `from` 8 h ago, outside the
 * fast path's reach), with `If-None-Match` (304s), and by the bare baseline — all in one run.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/polling.ts [--tenants 40] [--orders 200] [--duration 10]
 *                                                       [--connections 32] [--writes-per-second 20]
 *
 * Each run creates its own organizations; nothing is cleaned up. See bench/polling.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createTenantsService } from '../src/services/tenants-service.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';

const { values: args } = parseArgs({
  options: {
    tenants: { type: 'string', default: '40' },
    orders: { type: 'string', default: '200' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'writes-per-second': { type: 'string', default: '20' },
  },
});
const LIMIT = 50;
const BASELINE_PORT = '3112';

function orderBody(index: number) {
  return {
    source: 'api',
    customer_name: `Buyer ${index}`,
    customer_email: 'sarah@example.com',
    products: [{ product_id: 'prd_001', sku: 'SKU-1', name: 'Product One', quantity: 2, price: 29.99 }],
    subtotal: 59.98,
    total_amount: 59.98,
    currency: 'SAR',
  };
}

function start(command: string, argv: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('set DATABASE_URL to the PostgreSQL to benchmark against');
  }
  const connections = Number(args.connections);
  const pool = String(connections + 10);
  const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 2 });
  await migrate(database.db);
  const tenantsService = createTenantsService(database.db);
  const keys: string[] = [];
  for (let index = 0; index < Number(args.tenants); index += 1) {
    const created = await tenantsService.createOrganizationWithOwner(
      `poll bench ${Date.now()} ${index}`,
      `poll-${Date.now()}-${index}@bench.local`,
    );
    keys.push(created.key.key);
  }
  await database.close();

  const service = start(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['src/server.ts'], {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: pool,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  const baseline = start('node', ['--import', 'tsx', 'bench/baseline-server.ts'], {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: pool,
    PORT: BASELINE_PORT,
  });
  let writing = true;
  try {
    const url = await listeningUrl(service);
    const auth = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
    for (const key of keys) {
      const body = JSON.stringify(Array.from({ length: Number(args.orders) }, (_, i) => orderBody(i)));
      await fetch(`${url}/api/v1/orders/bulk`, { method: 'POST', headers: auth(key), body });
    }

    // Writes continue through every scenario, spread over the tenants.
    let writes = 0;
    const writer = (async () => {
      const interval = 1000 / Number(args['writes-per-second']);
      while (writing) {
        const key = keys[writes % keys.length] as string;
        await fetch(`${url}/api/v1/orders`, {
          method: 'POST',
          headers: auth(key),
          body: JSON.stringify(orderBody(writes)),
        });
        writes += 1;
        await sleep(interval);
      }
    })();

    const hoursAgo = (hours: number) =>
      encodeURIComponent(new Date(Date.now() - hours * 3600_000).toISOString());
    const fastPath = () => `/api/v1/orders?sort=-created&from=${hoursAgo(6)}&limit=${LIMIT}`;
    const normalPath = () => `/api/v1/orders?sort=-created&from=${hoursAgo(8)}&limit=${LIMIT}`;
    // A poller's ETag per tenant: refreshed whenever it gets a 200, as a real poller would.
    const etags = new Map<string, string>();

    const scenario = async (name: string, base: string, path: () => string, conditional = false) => {
      let next = 0;
      let notModified = 0;
      const result = await run({
        url: base,
        connections,
        duration: Number(args.duration),
        requests: [
          {
            method: 'GET',
            setupRequest: (request, context) => {
              const key = keys[next++ % keys.length] as string;
              (context as { key?: string }).key = key;
              const etag = conditional ? etags.get(key) : undefined;
              return {
                ...request,
                path: path(),
                headers: { ...auth(key), ...(etag ? { 'if-none-match': etag } : {}) },
              };
            },
            onResponse: (status, _body, context, headers) => {
              const { key } = context as { key?: string };
              if (status === 304) {
                notModified += 1;
              } else if (conditional && status === 200 && key && headers?.etag) {
                etags.set(key, String(headers.etag));
              }
            },
          },
        ],
      });
      return {
        name,
        requests_per_second: Math.round(result.requests.average),
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        not_modified_share: Number((notModified / result.requests.total).toFixed(3)),
        non_2xx_or_304: result.non2xx - notModified,
      };
    };
    for (const key of keys) {
      const response = await fetch(`${url}${fastPath()}`, { headers: auth(key) });
      etags.set(key, response.headers.get('etag') as string);
    }

    await scenario('warm-up', url, fastPath);
    const rows = [
      await scenario('fast path', url, fastPath),
      await scenario('normal path', url, normalPath),
      await scenario('If-None-Match (304 unless a write landed)', url, fastPath, true),
      await scenario(
        'bare baseline',
        `http://127.0.0.1:${BASELINE_PORT}`,
        () => `/api/v1/orders?limit=${LIMIT}`,
      ),
    ];
    writing = false;
    await writer;
    process.stdout.write(
      `${JSON.stringify({ date: new Date().toISOString(), tenants: keys.length, writes, scenarios: rows }, null, 2)}\n`,
    );
  } finally {
    writing = false;
    service.kill('SIGTERM');
    baseline.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
