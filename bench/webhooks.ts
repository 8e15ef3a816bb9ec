/**
 * Webhook benchmark: the write-path cost of the outbox fan-out and the dispatcher's throughput.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/webhooks.ts [--creates 300] [--backlog 2000]
 *   npx tsx bench/webhooks.ts             # PGlite in a temp dir
 *
 * 1. Latency of `POST /api/v1/orders` (sequential, over HTTP) with 0, 1 and 10 active subscriptions,
 *    dispatcher off: what the delivery rows written in the order's transaction add to a write.
 * 2. Throughput: a backlog of events written while no dispatcher runs, then one dispatcher delivers
 *    them to a local receiver that answers 200 at once: events delivered per second.
 * 3. Write-to-receipt latency with the dispatcher running (woken by NOTIFY; it polls every second).
 * Bounded in count and time; only loopback traffic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { createOrdersService } from '../src/services/orders-service.js';
import { createTenantsService } from '../src/services/tenants-service.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { createSecretBox, generateSecretKey, parseSecretKeys } from '../src/storage/secret-box.js';
import { createDispatcher } from '../src/webhooks/dispatcher.js';
import { orderBody } from '../test/helpers/orders.js';

const { values } = parseArgs({
  options: { creates: { type: 'string', default: '300' }, backlog: { type: 'string', default: '2000' } },
});
const CREATES = Number(values.creates);
const BACKLOG = Number(values.backlog);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    n: sorted.length,
    mean: +mean.toFixed(2),
    p50: +percentile(sorted, 0.5).toFixed(2),
    p95: +percentile(sorted, 0.95).toFixed(2),
  };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'linkit-bench-webhooks-'));
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, poolSize: 20 });
  await migrate(database.db);

  let received = 0;
  const receivedAt = new Map<string, number>();
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/throughput') {
        received += 1;
        receivedAt.set(JSON.parse(body).order.id, performance.now());
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const secretBox = createSecretBox(parseSecretKeys(generateSecretKey()));
  const settings = { allowPrivateTargets: true, timeoutMs: 10_000, secretBox };
  const app = await buildApp({
    database,
    secretBox,
    webhooks: { ...settings, dispatcher: false },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const tenants = createTenantsService(database.db);
  const newTenant = async (name: string) => {
    const created = await tenants.createOrganizationWithOwner(
      `Bench ${name}`,
      `${name}-${Date.now()}@bench.local`,
    );
    const headers = { authorization: `Bearer ${created.key.key}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return {
      organizationId: created.organizationId,
      async createOrder() {
        const response = await post('/api/v1/orders', orderBody());
        if (response.status !== 201) {
          throw new Error(`create answered ${response.status}`);
        }
        return ((await response.json()) as { data: { id: string } }).data.id;
      },
      /** Deletes the tenant's subscriptions with their deliveries, so no dispatcher sends them. */
      async unsubscribeAll() {
        const auth = { authorization: headers.authorization };
        const listed = (await (await fetch(`${url}/api/v1/webhooks`, { headers: auth })).json()) as {
          data: Array<{ id: string }>;
        };
        for (const { id } of listed.data) {
          const deleted = await fetch(`${url}/api/v1/webhooks/${id}`, { method: 'DELETE', headers: auth });
          if (deleted.status !== 204) {
            throw new Error(`delete answered ${deleted.status}`);
          }
        }
      },
      async subscribe(path: string, count = 1) {
        for (let i = 0; i < count; i++) {
          const response = await post('/api/v1/webhooks', { url: `${receiverUrl}${path}` });
          if (response.status !== 201) {
            throw new Error(`subscribe answered ${response.status}`);
          }
        }
      },
    };
  };

  // Three tenants with 0, 1 and 10 active subscriptions, written to in turn so that machine noise
  // hits the three series alike.
  const results: Record<string, unknown> = { engine: database.engine, creates: CREATES, backlog: BACKLOG };
  const series = [0, 1, 10].map((subscriptions) => ({ subscriptions, samples: [] as number[] }));
  const writers = await Promise.all(series.map(({ subscriptions }) => newTenant(`latency-${subscriptions}`)));
  for (const [index, writer] of writers.entries()) {
    await writer.subscribe('/latency', series[index]?.subscriptions);
  }
  for (let round = -50; round < CREATES; round++) {
    for (const [index, writer] of writers.entries()) {
      const started = performance.now();
      await writer.createOrder();
      if (round >= 0) {
        series[index]?.samples.push(performance.now() - started); // the first 50 rounds warm up
      }
    }
  }
  for (const { subscriptions, samples } of series) {
    results[`create_ms_${subscriptions}_subscriptions`] = summary(samples);
  }
  await Promise.all(writers.map((writer) => writer.unsubscribeAll()));

  // Throughput: a backlog of events for one subscription, delivered by one dispatcher.
  const tenant = await newTenant('throughput');
  await tenant.subscribe('/throughput');
  const orders = createOrdersService({ db: database.db, secretBox });
  for (let written = 0; written < BACKLOG; written += 100) {
    const batch = Array.from({ length: Math.min(100, BACKLOG - written) }, () => orderBody() as any);
    await orders.createOrders({ organizationId: tenant.organizationId }, batch);
  }
  received = 0;
  const dispatcher = createDispatcher(database, settings);
  const started = performance.now();
  await dispatcher.start();
  const deadline = Date.now() + 300_000;
  while (received < BACKLOG && Date.now() < deadline) {
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  results.backlog_delivered = received;
  results.events_per_second = +(received / seconds).toFixed(1);

  // Write-to-receipt latency while the dispatcher runs: NOTIFY wakes it, the poll is a fallback.
  const endToEnd: number[] = [];
  for (let i = 0; i < 50; i++) {
    const id = await tenant.createOrder();
    const acknowledged = performance.now();
    while (!receivedAt.has(id) && performance.now() - acknowledged < 5_000) {
      await sleep(1);
    }
    endToEnd.push((receivedAt.get(id) ?? Number.NaN) - acknowledged);
  }
  results.write_ack_to_receipt_ms = summary(endToEnd);

  await dispatcher.stop();
  await app.close();
  await database.close();
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
