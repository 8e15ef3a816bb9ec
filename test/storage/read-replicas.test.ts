/**
 * Reads from replicas (decision 0222), on PostgreSQL: a replica is used only when its copy of the
 * organization's ledger version is at least the primary's, and one that is behind or down is skipped
 * with no error to the client. A "replica" here is a second database: the file's own (always fresh),
 * a copy made before the writes (behind), or a closed port (down). The streaming replica itself is
 * exercised by the cluster suite (test/cluster/).
 */
import { createServer } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openReplicaSet, type ReplicaSet } from '../../src/storage/read-replicas.js';
import { startTestApp, type TestApp, type TestTenant, testSecretBox } from '../helpers/app.js';
import { createOrder } from '../helpers/orders.js';

const url = process.env.TEST_DATABASE_URL;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!url)('reads from replicas', () => {
  let app: TestApp;
  let tenant: TestTenant;
  const opened: Array<{ close(): Promise<unknown> }> = [];

  /** A second service on the same primary whose reads may go to `replicaUrls`. */
  async function serviceWith(replicaUrls: string[]) {
    const replicas: ReplicaSet = openReplicaSet(replicaUrls, { poolSize: 2 });
    const service = await buildApp({
      database: app.database,
      secretBox: testSecretBox,
      webRoot: false,
      replicas,
    });
    const base = await service.listen({ port: 0, host: '127.0.0.1' });
    opened.push(service, replicas);
    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tenant.key}` } });
      return { status: response.status, body: (await response.json()) as any };
    };
    return { get };
  }

  beforeAll(async () => {
    app = await startTestApp({ webRoot: false });
    tenant = await app.newTenant();
  });
  afterAll(async () => {
    for (const item of opened.reverse()) {
      await item.close();
    }
    await app?.close();
  });

  it('serves reads from a replica that is up to date', async () => {
    const id = await createOrder(app, tenant.key);
    const service = await serviceWith([url as string]);
    const read = await service.get(`/api/v1/orders/${id}`);
    expect(read.status).toBe(200);
    const listed = await service.get('/api/v1/orders');
    expect(listed.body.pagination.total_items).toBe(1);
  });

  it('skips a replica that is behind: the read shows the newest write', async () => {
    // A "replica" that never saw this organization's writes: a copy of the run's migrated, empty template.
    const admin = postgres(url as string, { max: 1, onnotice: () => {} });
    const copy = `linkit_behind_${process.pid}_${Date.now()}`;
    await admin.unsafe(`create database ${copy} template ${inject('postgresTemplateDatabase')}`);
    opened.push({
      close: async () => {
        await admin.unsafe(`drop database if exists ${copy} with (force)`);
        await admin.end();
      },
    });
    const behind = new URL(url as string);
    behind.pathname = `/${copy}`;
    const service = await serviceWith([behind.toString()]);
    const id = await createOrder(app, tenant.key);
    const read = await service.get(`/api/v1/orders/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.order.id).toBe(id);
    const listed = await service.get('/api/v1/orders');
    expect(listed.body.pagination.total_items).toBe(2);
    expect(listed.body.orders.map((item: { order: { id: string } }) => item.order.id)).toContain(id);
  });

  it('skips a replica that is down, without an error', async () => {
    const down = new URL(url as string);
    down.port = String(await closedPort());
    const service = await serviceWith([down.toString()]);
    const id = await createOrder(app, tenant.key);
    for (let i = 0; i < 3; i += 1) {
      expect((await service.get(`/api/v1/orders/${id}`)).status).toBe(200);
      expect((await service.get('/api/v1/orders')).status).toBe(200);
    }
  });
});
