/**
 * Intake → ledger throughput for Salla webhooks: starts the service in this process against
 * DATABASE_URL (or a fresh PGlite dir), installs a Salla app, and posts signed `order.created`
 * webhooks, each a new vendor order, with autocannon. Prints orders/s promoted into the ledger.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/intake.ts [--duration 10] [--connections 10] [--updates]
 *
 * `--updates` sends each request twice as many status updates of already-known orders instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { sallaSignature } from '../src/integrations/webhook-signature.js';
import { createTenantsService } from '../src/services/tenants-service.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { createSecretBox, generateSecretKey, parseSecretKeys } from '../src/storage/secret-box.js';
import { sampleSallaWebhook } from '../test/helpers/samples.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    updates: { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

const databaseUrl = process.env.DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'linkit-bench-intake-'));
const database = await openDatabase({ databaseUrl, dataDir, poolSize: connections + 5 });
await migrate(database.db);
const app = await buildApp({ database, secretBox: createSecretBox(parseSecretKeys(generateSecretKey())) });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

try {
  const tenant = await createTenantsService(database.db).createOrganizationWithOwner(
    'Intake bench',
    `bench-${Date.now()}@linkit.local`,
  );
  const installed = await fetch(`${base}/api/v1/apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.key.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ app_slug: 'salla-orders' }),
  }).then((response) => response.json() as Promise<any>);
  const { webhook_url: path, webhook_secret: secret } = installed.data;

  // With --updates, requests cycle over a small set of orders, so most are updates of known orders.
  let sequence = 0;
  const nextBody = () => {
    sequence += 1;
    const n = values.updates ? sequence % 100 : sequence;
    return sampleSallaWebhook(
      n,
      values.updates ? 'order.updated' : 'order.created',
      new Date(Date.now() + sequence * 1000),
    );
  };

  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (request: autocannon.Request) => {
          const body = nextBody();
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              'x-salla-signature': sallaSignature(secret, body),
            },
          };
        },
      },
    ],
  });

  const listed = await fetch(`${base}/api/v1/orders?limit=1`, {
    headers: { authorization: `Bearer ${tenant.key.key}` },
  }).then((response) => response.json() as Promise<any>);
  const ok = result['2xx'];
  const lines = [
    `engine: ${database.engine}, ${connections} connections, ${duration} s, ${values.updates ? 'updates of 100 known orders' : 'new orders'}`,
    `webhooks answered 2xx: ${ok} (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
    `throughput: ${(ok / duration).toFixed(0)} webhooks/s promoted; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    `orders in the ledger: ${listed.pagination.total_items}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await app.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
