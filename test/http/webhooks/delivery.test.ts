/**
 * Deliveries end to end: orders written over HTTP (and through the service's applyChange for the
 * changes whose endpoints are not here yet), delivered by the in-process dispatcher to a real
 * receiver on loopback. The only test file that runs a dispatcher on the shared test database.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../src/domain/order.js';
import type { OrderEventType } from '../../../src/domain/order-event.js';
import { createOrdersService } from '../../../src/services/orders-service.js';
import { openDatabase } from '../../../src/storage/db.js';
import { createDispatcher } from '../../../src/webhooks/dispatcher.js';
import { createWebhookSender } from '../../../src/webhooks/http-sender.js';
import { startTestApp, type TestApp, type TestTenant, testSecretBox } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';
import { type ReceivedRequest, type Receiver, startReceiver } from '../../helpers/webhook-receiver.js';

// Generous: PGlite runs on this process's event loop, and a loaded machine stalls it.
const TIMEOUT_MS = 2000;
const RETRY_DELAYS_MS = [100, 200];

let app: TestApp;
let receiver: Receiver;
let orders: ReturnType<typeof createOrdersService>;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({
    webhooks: {
      allowPrivateTargets: true,
      dispatcher: true,
      timeoutMs: TIMEOUT_MS,
      retryDelaysMs: RETRY_DELAYS_MS,
      pollIntervalMs: 100,
    },
  });
  orders = createOrdersService({ db: app.database.db, secretBox: testSecretBox });
});
afterAll(async () => {
  // Leave no subscription behind that another test run's dispatcher could try to reach.
  await Promise.all(cleanups.map((cleanup) => cleanup()));
  await app.close();
  await receiver.close();
});

let pathCounter = 0;

/** A tenant with one subscription to a fresh receiver path. */
async function subscribed(body: Record<string, unknown> = {}) {
  const tenant = await app.newTenant();
  pathCounter += 1;
  const path = `/hooks/${pathCounter}`;
  const created = await app.call('POST', '/api/v1/webhooks', {
    key: tenant.key,
    body: { url: receiver.url(path), ...body },
  });
  expect(created.status).toBe(201);
  const subscription = created.body.data;
  cleanups.push(() => app.call('DELETE', `/api/v1/webhooks/${subscription.id}`, { key: tenant.key }));
  return { tenant, path, subscription, secret: subscription.secret as string };
}

async function createOrder(tenant: TestTenant): Promise<string> {
  const created = await app.call('POST', '/api/v1/orders', { key: tenant.key, body: orderBody() });
  expect(created.status).toBe(201);
  return created.body.data.id;
}

function change(
  tenant: TestTenant,
  orderId: string,
  eventType: OrderEventType,
  mutate: (current: OrderRecord) => OrderRecord,
) {
  return orders.applyChange({ organizationId: tenant.organizationId }, orderId, () => eventType, mutate);
}

async function deliveries(tenant: TestTenant, subscriptionId: string, query = '') {
  const response = await app.call('GET', `/api/v1/webhooks/${subscriptionId}/deliveries${query}`, {
    key: tenant.key,
  });
  expect(response.status).toBe(200);
  return response.body;
}

/** What a receiver does: Standard Webhooks verification of the raw body and the three headers. */
const verifyWith = (secret: string, request: ReceivedRequest | undefined) =>
  new Webhook(secret).verify(request?.body ?? '', {
    'webhook-id': String(request?.headers['webhook-id']),
    'webhook-timestamp': String(request?.headers['webhook-timestamp']),
    'webhook-signature': String(request?.headers['webhook-signature']),
  }) as any;
const signatures = (request: ReceivedRequest | undefined) =>
  String(request?.headers['webhook-signature']).split(' ');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `count` deliveries succeeded, then checks that none was sent after its success and
 * that the receiver saw no request that is not an attempt on record (a delivery claimed twice would
 * show up as one). Under heavy load an attempt may time out on our side after the receiver answered;
 * that one is retried, as at-least-once allows, and is on record as a timeout.
 */
async function expectEachDeliveredOnce(
  tenant: TestTenant,
  subscriptionId: string,
  path: string,
  count: number,
) {
  const succeeded = async () =>
    (await deliveries(tenant, subscriptionId, '?status=succeeded&limit=100')).data;
  await receiver.waitFor(() => acknowledged(receiver, path).length >= count);
  for (let tries = 0; (await succeeded()).length < count; tries++) {
    expect(tries).toBeLessThan(100);
    await sleep(100);
  }
  await sleep(300); // time for a wrong re-send to show up
  const log = await succeeded();
  expect(log).toHaveLength(count);
  const attempts = log.flatMap((delivery: any) => delivery.attempts);
  expect(receiver.at(path).length).toBeLessThanOrEqual(attempts.length);
  for (const delivery of log) {
    const successes = delivery.attempts.filter((attempt: any) => attempt.status_code === 200);
    expect(successes).toHaveLength(1);
    expect(delivery.attempts.at(-1)).toEqual(successes[0]);
  }
  expect(new Set(receiver.at(path).map((request) => request.headers['webhook-id'])).size).toBe(count);
}

const acknowledged = (receiver: Receiver, path: string) =>
  receiver.at(path).filter((request) => request.answered !== null && request.answered < 300);

describe('webhook delivery', () => {
  it('POSTs the contract event envelope with a Standard Webhooks signature the receiver verifies', async () => {
    const { tenant, path, secret } = await subscribed();
    const orderId = await createOrder(tenant);
    await receiver.waitFor(() => acknowledged(receiver, path).length === 1);

    const [request] = receiver.at(path);
    const verified = verifyWith(secret, request);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(verified.event_id).toBe(request?.headers['webhook-id']);
    expect(verified).toMatchObject({
      spec_version: '2026-04-01',
      event_type: 'order.created',
      organization_id: tenant.organizationId,
      organization_app_id: null,
      app_slug: null,
      order: {
        id: orderId,
        organization_id: tenant.organizationId,
        order_status: 'pending',
        total_amount: 83.98,
      },
    });
    expect(verified.event_id).toMatch(/^evt_[0-9a-f]{16}$/);
    expect(verified.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    // The order in the event is the order as the API reads it.
    const read = await app.call('GET', `/api/v1/orders/${orderId}`, { key: tenant.key });
    expect(verified.order).toEqual(read.body.order);
    // The event names the order's version, the number its ETag names (decision 0182).
    expect(verified.order_version).toBe(1);
    expect(read.headers.get('etag')).toBe(`"v${verified.order_version}"`);
    // A tampered body does not verify.
    expect(() =>
      verifyWith(secret, { ...(request as ReceivedRequest), body: `${request?.body} ` }),
    ).toThrow();
  });

  it('retries after a 500 and a timeout, then succeeds; the log shows every attempt', async () => {
    const { tenant, path, subscription } = await subscribed();
    receiver.script(path, (_request, n) => (n === 1 ? 500 : n === 2 ? 'hang' : 200));
    await createOrder(tenant);
    await receiver.waitFor(() => acknowledged(receiver, path).length === 1);

    const requests = receiver.at(path);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    const [delivery] = (await deliveries(tenant, subscription.id)).data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 3, last_status_code: 200 });
    expect(delivery.attempts.map((attempt: any) => attempt.status_code)).toEqual([500, null, 200]);
    expect(delivery.attempts[1].error).toMatch(/timed out/);
    expect(delivery.attempts[1].latency_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(delivery.next_attempt_at).toBeNull();
  });

  it('dead-letters after the retry schedule, and redelivers on request with the same event id', async () => {
    const { tenant, path, subscription } = await subscribed();
    receiver.script(path, () => 503);
    await createOrder(tenant);
    await receiver.waitFor(() => receiver.at(path).length === RETRY_DELAYS_MS.length + 1);
    await sleep(300); // time for a further attempt, which must not come
    expect(receiver.at(path)).toHaveLength(RETRY_DELAYS_MS.length + 1);
    let delivery = (await deliveries(tenant, subscription.id)).data[0];
    expect(delivery).toMatchObject({ status: 'dead_lettered', attempt_count: 3, last_status_code: 503 });
    expect((await deliveries(tenant, subscription.id, '?status=dead_lettered')).data).toHaveLength(1);
    expect((await deliveries(tenant, subscription.id, '?status=pending')).data).toHaveLength(0);

    receiver.script(path, () => 200);
    const redelivered = await app.call(
      'POST',
      `/api/v1/webhooks/${subscription.id}/deliveries/${delivery.id}/redeliver`,
      { key: tenant.key },
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body.data).toMatchObject({ id: delivery.id, status: 'pending', attempt_count: 0 });
    await receiver.waitFor(() => acknowledged(receiver, path).length === 1);
    const ids = new Set(receiver.at(path).map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    delivery = (await deliveries(tenant, subscription.id)).data[0];
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 1 });
    expect(delivery.attempts).toHaveLength(4);
  });

  it('delivers the events of one order in order, holding later ones while an earlier one retries', async () => {
    const { tenant, path } = await subscribed();
    receiver.script(path, (_request, n) => (n <= 2 ? 500 : 200)); // the creation fails twice
    const orderId = await createOrder(tenant);
    for (const status of ['confirmed', 'preparing', 'ready'] as const) {
      await change(tenant, orderId, 'order.status_changed', (current) => ({
        ...current,
        order_status: status,
      }));
    }
    await change(tenant, orderId, 'order.deleted', (current) => ({ ...current, deleted_at: new Date() }));
    await receiver.waitFor(() => acknowledged(receiver, path).length === 5);

    const sent = receiver.at(path).map((request) => request.json);
    expect(sent.map((event) => event.event_type)).toEqual([
      'order.created',
      'order.created',
      'order.created',
      'order.status_changed',
      'order.status_changed',
      'order.status_changed',
      'order.deleted',
    ]);
    const delivered = acknowledged(receiver, path).map((request) => request.json);
    expect(delivered.map((event) => event.order.order_status)).toEqual([
      'pending',
      'confirmed',
      'preparing',
      'ready',
      'ready',
    ]);
    expect(delivered[1].previous).toEqual({
      order_status: 'pending',
      payment_status: 'pending',
      fulfillment_status: 'unfulfilled',
    });
    expect(delivered[3].previous.order_status).toBe('preparing');
    expect(new Set(delivered.map((event) => event.event_id)).size).toBe(5);
  });

  it('never sends a delivered event again (many orders, concurrent writes)', async () => {
    const { tenant, path, subscription } = await subscribed();
    const ids = await Promise.all(Array.from({ length: 20 }, () => createOrder(tenant)));
    await expectEachDeliveredOnce(tenant, subscription.id, path, 20);
    const received = receiver.at(path).map((request) => request.json);
    expect(new Set(received.map((event) => event.order.id))).toEqual(new Set(ids));
  });

  it('shares the work between several dispatchers without sending an event twice', async () => {
    // A second dispatcher on its own connection(s), as another service process would run it.
    const second = process.env.TEST_DATABASE_URL
      ? await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, dataDir: '', poolSize: 4 })
      : app.database;
    const dispatcher = createDispatcher(second, {
      secretBox: testSecretBox,
      allowPrivateTargets: true,
      timeoutMs: TIMEOUT_MS,
      retryDelaysMs: RETRY_DELAYS_MS,
      pollIntervalMs: 50,
    });
    await dispatcher.start();
    try {
      const { tenant, path, subscription } = await subscribed();
      receiver.script(path, () => ({ status: 200, delayMs: 20 }));
      await Promise.all(Array.from({ length: 40 }, () => createOrder(tenant)));
      await expectEachDeliveredOnce(tenant, subscription.id, path, 40);
    } finally {
      await dispatcher.stop();
      if (second !== app.database) {
        await second.close();
      }
    }
  });

  it('sends only the subscribed event types, and nothing for a rolled-back change', async () => {
    const { tenant, path, subscription } = await subscribed({ events: ['order.status_changed'] });
    const orderId = await createOrder(tenant);
    await expect(
      app.database.db.transaction(async (tx) => {
        await orders.applyChange(
          { organizationId: tenant.organizationId },
          orderId,
          () => 'order.status_changed',
          (current) => ({ ...current, order_status: 'cancelled' }),
          { tx },
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await change(tenant, orderId, 'order.status_changed', (current) => ({
      ...current,
      order_status: 'confirmed',
    }));
    await receiver.waitFor(() => acknowledged(receiver, path).length === 1);
    await sleep(300);
    expect(receiver.at(path).map((request) => request.json.order.order_status)).toEqual(['confirmed']);
    expect((await deliveries(tenant, subscription.id)).pagination.total_items).toBe(1);
  });

  it('disables the subscription when the receiver answers 410 Gone', async () => {
    const { tenant, path, subscription } = await subscribed();
    receiver.script(path, () => 410);
    await createOrder(tenant);
    await receiver.waitFor(() => receiver.at(path).length === 1);
    await sleep(300); // the outcome is recorded just after the answer
    const current = (await app.call('GET', `/api/v1/webhooks/${subscription.id}`, { key: tenant.key })).body
      .data;
    expect(current).toMatchObject({ active: false, disabled_reason: 'the receiver answered 410 Gone' });
    expect((await deliveries(tenant, subscription.id)).data[0]).toMatchObject({
      status: 'dead_lettered',
      last_status_code: 410,
    });
    // While disabled, new events are not queued; re-enabling clears the reason.
    await createOrder(tenant);
    expect((await deliveries(tenant, subscription.id)).pagination.total_items).toBe(1);
    const enabled = await app.call('PATCH', `/api/v1/webhooks/${subscription.id}`, {
      key: tenant.key,
      body: { active: true },
    });
    expect(enabled.body.data).toMatchObject({ active: true, disabled_reason: null });
    expect(receiver.at(path)).toHaveLength(1);
  });

  it('signs with the old and the new secret during a rotation overlap, then with the new one only', async () => {
    const { tenant, path, subscription, secret: oldSecret } = await subscribed();
    const rotated = await app.call('POST', `/api/v1/webhooks/${subscription.id}/rotate-secret`, {
      key: tenant.key,
      body: { overlap_seconds: 3600 },
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.data.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(rotated.body.data.previous_secret_expires_at)).toBeGreaterThan(Date.now() + 3500_000);
    await createOrder(tenant);
    await receiver.waitFor(() => acknowledged(receiver, path).length === 1);
    const [during] = receiver.at(path);
    expect(signatures(during)).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(() => verifyWith(secret, during)).not.toThrow();
    }

    const again = await app.call('POST', `/api/v1/webhooks/${subscription.id}/rotate-secret`, {
      key: tenant.key,
      body: { overlap_seconds: 0 },
    });
    expect(again.body.data.previous_secret_expires_at).toBeNull();
    await createOrder(tenant);
    await receiver.waitFor(() => acknowledged(receiver, path).length === 2);
    const after = receiver.at(path)[1];
    expect(signatures(after)).toHaveLength(1);
    expect(() => verifyWith(again.body.data.secret, after)).not.toThrow();
    expect(() => verifyWith(newSecret, after)).toThrow();
  });

  it('refuses at connection time a name that resolves to a private address when they are not allowed', async () => {
    const path = '/hooks/ssrf';
    const sender = createWebhookSender({ allowPrivateTargets: false, timeoutMs: TIMEOUT_MS });
    try {
      const outcome = await sender.send(receiver.url(path).replace('127.0.0.1', 'localhost'), {}, '{}');
      expect(outcome).toMatchObject({ statusCode: null });
      expect(outcome.error).toMatch(/localhost resolves to .*not a public address/);
      const literal = await sender.send(receiver.url(path), {}, '{}');
      expect(literal.error).toBe('127.0.0.1 is not a public address');
      expect(receiver.at(path)).toHaveLength(0);
    } finally {
      sender.close();
    }
  });
});
