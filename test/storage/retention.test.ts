/**
 * Retention (docs/decisions/0224): the sweep deletes what is past its retention and keeps what a
 * consumer still needs — a pending delivery, an event a delivery refers to, an order's latest event,
 * a failed intake capture, a live idempotency record — and only one of several nodes runs it per
 * interval (the `worker_leases` lease, decision 0223). Rows are aged by rewriting their timestamps.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackgroundJob } from '../../src/services/background-job.js';
import { createRetentionSweep, type RetentionResult } from '../../src/services/retention-service.js';
import { queryRows } from '../../src/storage/db.js';
import { createRetentionRepository } from '../../src/storage/retention-repository.js';
import { createWorkerLeasesRepository } from '../../src/storage/worker-leases-repository.js';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { createOrder } from '../helpers/orders.js';

const SETTINGS = { orderEventsDays: 90, webhookDeliveriesDays: 30, intakeDays: 30, intervalSeconds: 3600 };

let app: TestApp;
let tenant: TestTenant;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return queryRows<T>(app.database.db, query);
}

async function patchStatus(id: string, status: string) {
  const response = await app.call('PATCH', `/api/v1/orders/${id}/status`, {
    key: tenant.key,
    body: { status },
  });
  expect(response.status).toBe(200);
}

async function eventsOf(orderId: string): Promise<string[]> {
  const found = await rows<{ event_type: string }>(
    sql`select event_type from order_events where organization_id = ${tenant.organizationId}
        and order_id = ${orderId} order by seq`,
  );
  return found.map((row) => row.event_type);
}

/** Each job in its own lease name, so this file's runs never meet another's. */
let jobCounter = 0;
function retentionJob(onRun?: (result: RetentionResult) => void) {
  jobCounter += 1;
  return createBackgroundJob({
    name: `retention-test-${process.pid}-${Date.now()}-${jobCounter}`,
    leases: createWorkerLeasesRepository(app.database.db),
    intervalMs: 3_600_000,
    run: createRetentionSweep(createRetentionRepository(app.database.db), SETTINGS),
    ...(onRun ? { onRun } : {}),
  });
}

beforeAll(async () => {
  // Private targets allowed so the subscription needs no DNS; no dispatcher: deliveries stay pending.
  app = await startTestApp({
    webRoot: false,
    webhooks: { allowPrivateTargets: true, dispatcher: false, timeoutMs: 1000 },
  });
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app?.close();
});

describe('retention sweep', () => {
  it('deletes what is past retention and keeps what a consumer still needs', async () => {
    const org = tenant.organizationId;
    // Order B: two events before any subscription, so no delivery refers to them.
    const orderB = await createOrder(app, tenant.key);
    await patchStatus(orderB, 'confirmed');
    const subscribed = await app.call('POST', '/api/v1/webhooks', {
      key: tenant.key,
      body: { url: 'http://127.0.0.1:9/hooks', events: ['*'] },
    });
    expect(subscribed.status).toBe(201);
    // Order A: three events, each with a delivery (no dispatcher runs here: all pending).
    const orderA = await createOrder(app, tenant.key);
    await patchStatus(orderA, 'confirmed');
    await patchStatus(orderA, 'preparing');
    const deliveries = await rows<{ id: string; event_seq: string }>(
      sql`select d.id, d.event_seq::text from webhook_deliveries d
          where d.organization_id = ${org} and d.order_id = ${orderA} order by d.event_seq`,
    );
    expect(deliveries).toHaveLength(3);
    const [first, second] = deliveries;
    // The first delivery finished 40 days ago (past 30), the second yesterday; the third is pending.
    await app.database.db.execute(
      sql`update webhook_deliveries set status = 'succeeded', created_at = now() - interval '40 days',
          completed_at = now() - interval '40 days' where organization_id = ${org} and id = ${first?.id}`,
    );
    await app.database.db.execute(
      sql`update webhook_deliveries set status = 'dead_lettered', created_at = now() - interval '40 days',
          completed_at = now() - interval '1 day' where organization_id = ${org} and id = ${second?.id}`,
    );
    await app.database.db.execute(
      sql`update webhook_deliveries set created_at = now() - interval '400 days'
          where organization_id = ${org} and status = 'pending'`,
    );
    await app.database.db.execute(
      sql`update order_events set occurred_at = now() - interval '100 days' where organization_id = ${org}`,
    );
    // Intake captures: an old promoted one (goes), an old failed one and a recent promoted one (stay).
    for (const [id, status, age] of [
      ['int_old_promoted', 'promoted', '40 days'],
      ['int_old_failed', 'failed', '40 days'],
      ['int_new_promoted', 'promoted', '1 day'],
    ] as const) {
      await app.database.db.execute(
        sql`insert into order_intake (organization_id, id, organization_app_id, payload, status, received_at, processed_at)
            values (${org}, ${id}, 'app_x', '{}', ${status}, now() - ${age}::interval, now() - ${age}::interval)`,
      );
    }
    // Idempotency records: one whose replay window ended, one still live.
    for (const [key, expires] of [
      ['expired', '-1 hour'],
      ['live', '+1 hour'],
    ] as const) {
      await app.database.db.execute(
        sql`insert into idempotency_keys (organization_id, key, fingerprint, claim_token, created_at, expires_at)
            values (${org}, ${key}, 'f', 't', now(), now() + ${expires}::interval)`,
      );
    }

    let result: RetentionResult | undefined;
    expect(await retentionJob((done) => (result = done)).runOnce()).toBe(true);
    // Other tenants' old rows may go too (files share nothing, but be exact about ours only).
    expect(result?.webhook_deliveries).toBeGreaterThanOrEqual(1);

    const keptDeliveries = await rows<{ id: string }>(
      sql`select id from webhook_deliveries where organization_id = ${org} order by event_seq`,
    );
    expect(keptDeliveries.map((row) => row.id)).toEqual(deliveries.slice(1).map((row) => row.id));
    // A: the first event lost its delivery and goes; the second is still referred to; the third is latest.
    expect(await eventsOf(orderA)).toEqual(['order.status_changed', 'order.status_changed']);
    // B: only the latest event stays.
    expect(await eventsOf(orderB)).toEqual(['order.status_changed']);
    const intake = await rows<{ id: string }>(
      sql`select id from order_intake where organization_id = ${org} order by id`,
    );
    expect(intake.map((row) => row.id)).toEqual(['int_new_promoted', 'int_old_failed']);
    const keys = await rows<{ key: string }>(
      sql`select key from idempotency_keys where organization_id = ${org} order by key`,
    );
    expect(keys.map((row) => row.key)).toEqual(['live']);
    // The orders and their reads are untouched.
    const order = await app.call('GET', `/api/v1/orders/${orderA}`, { key: tenant.key });
    expect(order.status).toBe(200);
    const history = await app.call('GET', `/api/v1/orders/${orderB}/history`, { key: tenant.key });
    expect(history.status).toBe(200);
  });

  it('runs once per interval however many nodes try at the same time', async () => {
    const name = `retention-race-${process.pid}-${Date.now()}`;
    const sweeps: number[] = [];
    const nodes = Array.from({ length: 4 }, () =>
      createBackgroundJob({
        name,
        leases: createWorkerLeasesRepository(app.database.db),
        intervalMs: 3_600_000,
        run: async () => {
          sweeps.push(1);
          return {};
        },
      }),
    );
    const ran = await Promise.all(nodes.map((node) => node.runOnce()));
    expect(ran.filter(Boolean)).toHaveLength(1);
    // Not due again for an hour: nobody runs it now.
    expect(await Promise.all(nodes.map((node) => node.runOnce()))).toEqual([false, false, false, false]);
    expect(sweeps).toHaveLength(1);
    const [lease] = await rows<{ holder: string | null; due_in_minutes: number }>(
      sql`select holder, round(extract(epoch from next_run_at - now()) / 60)::int as due_in_minutes
          from worker_leases where name = ${name}`,
    );
    expect(lease).toEqual({ holder: null, due_in_minutes: 60 });
  });

  it('lets another node take over a lease whose holder died', async () => {
    const name = `retention-dead-${process.pid}-${Date.now()}`;
    const leases = createWorkerLeasesRepository(app.database.db);
    // A node took the lease for 1 ms and never finished (killed).
    expect(await leases.acquire(name, 'dead-node', 1)).toBe(true);
    await app.database.db.execute(
      sql`update worker_leases set expires_at = now() - interval '1 second' where name = ${name}`,
    );
    let runs = 0;
    const survivor = createBackgroundJob({
      name,
      leases,
      intervalMs: 3_600_000,
      run: async () => {
        runs += 1;
        return {};
      },
    });
    expect(await survivor.runOnce()).toBe(true);
    expect(runs).toBe(1);
  });
});
