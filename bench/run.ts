/**
 * @module `npm run bench`: starts the built service and the bare baseline (bench/baseline-server.ts)
 * over the PostgreSQL of DATABASE_URL loaded by bench/generate.ts, drives each scenario with
 * autocannon (warm-up, then a measured run), and prints req/s, p50, p99 and our/baseline ratios.
 *
 *   DATABASE_URL=postgres://… npm run bench -- [--duration 10] [--warmup 3] [--connections 50] [--soak 0]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { encodeCursor } from '../src/domain/list-cursor.js';
import { CURSOR_SECRET } from '../src/services/orders-list-service.js';
import { openDatabase, queryRows } from '../src/storage/db.js';
import { createSecretBox, generateSecretKey, parseSecretKeys } from '../src/storage/secret-box.js';
import { createServiceSecretsRepository } from '../src/storage/service-secrets-repository.js';
import { MANIFEST, type Manifest } from './manifest.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    /** Seconds of one extra long run of "list page 1": postgres.js degrades over minutes if undersized. */
    soak: { type: 'string', default: '0' },
    only: { type: 'string' },
  },
});
const connections = Number(args.connections);
const databaseUrl = process.env.DATABASE_URL;
// The service processes started below inherit this key ring, so cursors made here verify there.
process.env.LINKIT_SECRET_KEYS ??= generateSecretKey('bench');
const secretBox = createSecretBox(parseSecretKeys(process.env.LINKIT_SECRET_KEYS));
if (!databaseUrl?.startsWith('postgres')) {
  throw new Error(
    'set DATABASE_URL to the PostgreSQL loaded by `npm run bench:generate` (see bench/README.md)',
  );
}
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
const big = manifest.organizations.reduce((a, b) => (b.orders > a.orders ? b : a));
const OURS = 'http://127.0.0.1:3101';
const BASELINE = 'http://127.0.0.1:3102';
const LIMIT = 50;

/** Inputs the scenarios need from the big tenant: a customer email, a deep position, order ids. */
async function scenarioInputs() {
  const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 2 });
  try {
    const org = big.organizationId;
    const [sample] = await queryRows<{ email: string }>(
      database.db,
      sql`select customer_email as email from orders where organization_id = ${org} offset 1000 limit 1`,
    );
    // Deep: 80% of the way through the tenant, newest first.
    const depth = Math.floor(big.orders * 0.8);
    const [deep] = await queryRows<{ key: string; id: string }>(
      database.db,
      sql`select created_at::text as key, id from orders where organization_id = ${org} and deleted_at is null
        order by created_at desc, id desc offset ${depth} limit 1`,
    );
    const ids = await queryRows<{ id: string }>(
      database.db,
      sql`select id from orders where organization_id = ${org} order by random() limit 2000`,
    );
    const secret = await createServiceSecretsRepository(database.db, secretBox).getOrCreate(CURSOR_SECRET);
    const cursor = encodeCursor(
      secret,
      {
        sort: '-created',
        key: deep?.key as string,
        id: deep?.id as string,
        page: Math.floor(depth / LIMIT) + 1,
      },
      {},
    );
    const [maxCreated] = await queryRows<{ at: string }>(
      database.db,
      sql`select max(created_at) as at from orders where organization_id = ${org}`,
    );
    const newest = new Date(maxCreated?.at as string).getTime();
    const day = 86_400_000;
    return {
      // "bob.smith123@…" → "smith123": one customer's orders, found by a fragment of the address.
      emailFragment: String(sample?.email).split('@')[0]?.split('.')[1] as string,
      cursor,
      depth,
      ids: ids.map((row) => row.id),
      from: new Date(newest - 90 * day).toISOString(),
      to: new Date(newest - 30 * day).toISOString(),
    };
  } finally {
    await database.close();
  }
}

function start(command: string, commandArgs: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not come up`);
}

interface Scenario {
  name: string;
  base: string;
  paths: string[];
  seconds?: number;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function drive(scenario: Scenario, seconds: number): Promise<Row> {
  let next = 0;
  const result = await autocannon({
    url: scenario.base,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${big.key}` },
    requests: [
      {
        setupRequest: (request: any) => ({
          ...request,
          path: scenario.paths[next++ % scenario.paths.length],
        }),
      },
    ],
  });
  return {
    name: scenario.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function main(): Promise<void> {
  const inputs = await scenarioInputs();
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const pool = String(connections + 10);
  const ours = start('node', ['dist/server.js'], {
    PORT: '3101',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl as string,
    DATABASE_POOL_SIZE: pool,
    LOG_LEVEL: 'warn',
  });
  const baseline = start('node', ['--import', 'tsx', 'bench/baseline-server.ts'], {
    PORT: '3102',
    DATABASE_URL: databaseUrl as string,
    DATABASE_POOL_SIZE: pool,
  });
  try {
    await Promise.all([waitFor(`${OURS}/healthz`), waitFor(BASELINE)]);
    const list = `/api/v1/orders?limit=${LIMIT}`;
    const scenarios: Scenario[] = [
      { name: 'list page 1', base: OURS, paths: [list] },
      { name: 'list page 1 (baseline)', base: BASELINE, paths: [list] },
      { name: 'list page 1 (baseline, no count)', base: BASELINE, paths: [`${list}&without_count`] },
      {
        name: 'list status + from/to',
        base: OURS,
        paths: [`${list}&status=delivered,shipped&from=${inputs.from}&to=${inputs.to}`],
      },
      { name: 'search email fragment', base: OURS, paths: [`${list}&search=${inputs.emailFragment}`] },
      {
        name: `cursor page at row ${inputs.depth}`,
        base: OURS,
        paths: [`${list}&cursor=${encodeURIComponent(inputs.cursor)}`],
      },
      { name: 'get by id', base: OURS, paths: inputs.ids.map((id) => `/api/v1/orders/${id}`) },
      { name: 'get by id (baseline)', base: BASELINE, paths: inputs.ids.map((id) => `/api/v1/orders/${id}`) },
    ].filter((scenario) => !args.only || scenario.name.includes(args.only));
    if (Number(args.soak) > 0) {
      scenarios.push({
        name: `list page 1, ${args.soak} s soak`,
        base: OURS,
        paths: [list],
        seconds: Number(args.soak),
      });
    }
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      await drive(scenario, Number(args.warmup));
      const row = await drive(scenario, scenario.seconds ?? Number(args.duration));
      rows.push(row);
      process.stderr.write(
        `${row.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms\n`,
      );
    }
    const ratio = (ourName: string, baselineName: string) => {
      const a = rows.find((row) => row.name === ourName);
      const b = rows.find((row) => row.name === baselineName);
      return a && b ? (a.rps / b.rps).toFixed(2) : '–';
    };
    const lines = [
      `${manifest.orders} orders over ${manifest.organizations.length} organizations; scenarios on the largest ` +
        `(${big.orders} orders); ${connections} connections, ${args.duration} s after ${args.warmup} s warm-up, limit ${LIMIT}`,
      '',
      '| scenario | req/s | p50 ms | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (row) => `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.errors} |`,
      ),
      '',
      `ours / baseline: list page 1 ${ratio('list page 1', 'list page 1 (baseline)')} ` +
        `(${ratio('list page 1', 'list page 1 (baseline, no count)')} against the baseline without its count), ` +
        `get by id ${ratio('get by id', 'get by id (baseline)')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    ours.kill('SIGTERM');
    baseline.kill('SIGTERM');
  }
}

await main();
