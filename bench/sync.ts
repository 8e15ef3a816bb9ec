/**
 * Sync benchmark (issue 18): a real service process backfills an Orbitkit install (pages of 1,000
 * full orders) and then a Salla install (pages of 50, a details call per order) from the simulators
 * of test/simulators/ on 127.0.0.1, and reports orders/s promoted end to end (install with credentials
 * → the run's success, the ledger counted) and the service's peak RSS growth during each backfill.
 *
 *   DATABASE_URL=postgres://…/fresh_db npx tsx bench/sync.ts [--orbitkit 100000] [--salla 20000]
 *
 * Use an empty database: the service migrates it on start. RSS is the kernel's high-water mark
 * (VmHWM in /proc/<pid>/status), reset through /proc/<pid>/clear_refs before each backfill, as
 * bench/export.ts does. Goal: ≥ 2,000 orders/s, < 100 MB growth.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { OrbitkitSimulator } from '../test/simulators/orbitkit.js';
import { SallaSimulator } from '../test/simulators/salla.js';
import { startService } from './service-process.js';

const { values: args } = parseArgs({
  options: {
    orbitkit: { type: 'string', default: '100000' },
    salla: { type: 'string', default: '20000' },
  },
});

const KEY = 'lk_bench_sync_key_000000000001';

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as any;
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('set DATABASE_URL to an empty PostgreSQL database');
  }
  const counts = { orbitkit: Number(args.orbitkit), salla: Number(args.salla) };
  // One order a minute from 2025: every order is in the past, whatever the count.
  const start = new Date('2025-01-01T00:00:00Z');
  console.log(`generating ${counts.orbitkit} Orbitkit and ${counts.salla} Salla orders…`);
  const orbitkit = await OrbitkitSimulator.start({
    orders: counts.orbitkit,
    pageCap: 1000,
    start,
    spacingMs: 60_000,
  });
  const salla = await SallaSimulator.start({ orders: counts.salla, start, spacingMs: 60_000 });

  Object.assign(process.env, {
    LINKIT_BOOTSTRAP_KEY: KEY,
    LINKIT_SECRET_KEYS: 'bench:YmVuY2gta2V5LTMyLWJ5dGVzLWxvbmctMDEyMzQ1Njc',
    CONNECTORS_SCHEDULER: 'true',
    CONNECTORS_ALLOW_BASE_URL_OVERRIDE: 'true',
    CONNECTORS_ALLOW_PRIVATE_TARGETS: 'true',
  });
  const { url, child } = await startService(databaseUrl);
  const pid = child.pid as number;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const results: string[] = [];
  try {
    const scenarios = [
      {
        name: 'Orbitkit (pages of 1,000)',
        slug: 'orbitkit-orders',
        vendor: orbitkit,
        orders: counts.orbitkit,
      },
      { name: 'Salla (pages of 50 + details)', slug: 'salla-orders', vendor: salla, orders: counts.salla },
    ];
    for (const scenario of scenarios) {
      if (scenario.orders === 0) {
        continue;
      }
      const rssBefore = memoryMb(pid, 'VmRSS');
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      const began = performance.now();
      const installed = await call(url, 'POST', '/api/v1/apps', {
        app_slug: scenario.slug,
        credentials: scenario.vendor.credentials,
        base_url: scenario.vendor.baseUrl,
      });
      const installId = installed.data.id as string;
      let state: any;
      for (;;) {
        state = (await call(url, 'GET', `/api/v1/apps/${installId}/sync`)).data;
        if ((state.last_success_at !== null || state.consecutive_failures > 0) && state.run === null) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const seconds = (performance.now() - began) / 1000;
      if (state.consecutive_failures > 0) {
        throw new Error(`${scenario.name}: the run failed: ${state.last_error}`);
      }
      const [{ n }] = (await sql`
        select count(*)::int as n from orders where source = ${installId} and deleted_at is null`) as unknown as [
        { n: number },
      ];
      if (n !== scenario.orders) {
        throw new Error(`${scenario.name}: the ledger holds ${n} orders, the vendor ${scenario.orders}`);
      }
      const peakGrowth = memoryMb(pid, 'VmHWM') - rssBefore;
      results.push(
        `| ${scenario.name} | ${n.toLocaleString('en')} | ${seconds.toFixed(1)} | ${Math.round(n / seconds).toLocaleString('en')} | ${rssBefore.toFixed(0)} | ${peakGrowth.toFixed(0)} |`,
      );
      console.log(results.at(-1));
    }
  } finally {
    child.kill('SIGTERM');
    await sql.end();
    await orbitkit.close();
    await salla.close();
  }
  console.log(
    '\n| backfill | orders | seconds | orders/s | service RSS before (MB) | peak RSS growth (MB) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const line of results) {
    console.log(line);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
