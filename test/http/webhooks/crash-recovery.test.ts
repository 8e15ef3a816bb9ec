/**
 * At-least-once across a crash: the service is killed with SIGKILL after acknowledging writes and
 * while their deliveries are in flight, then restarted on the same data. Every event arrives, and
 * none that was acknowledged by the receiver is sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody } from '../../helpers/orders.js';
import { type FreshDatabase, freshDatabase, type RunningServer, startServer } from '../../helpers/process.js';
import { type Receiver, startReceiver } from '../../helpers/webhook-receiver.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const KEY = 'lk_crash_recovery_test_key_0001';
// More than the dispatcher's 8 deliveries in flight, so some were never attempted before the crash.
const ORDERS = 12;

let database: FreshDatabase;
let receiver: Receiver;
const servers: RunningServer[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  await receiver.close();
  await database.drop();
});

async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('a crash between the write and the delivery', () => {
  it('loses no event and re-sends none that succeeded', { timeout: 120_000 }, async () => {
    const env = {
      ...database.env,
      LINKIT_BOOTSTRAP_KEY: KEY,
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOKS_TIMEOUT_MS: '3000', // the held requests are still in flight when the process dies
    };
    let crashed = false;
    // Before the crash the receiver acknowledges the first event and holds every later request open.
    receiver.script('/crash', (_request, n) => (crashed || n === 1 ? 200 : 'hang'));

    const first = await startServer(env);
    servers.push(first);
    const subscription = await call(first, 'POST', '/api/v1/webhooks', { url: receiver.url('/crash') });
    expect(subscription.status).toBe(201);
    const orderIds: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const created = await call(first, 'POST', '/api/v1/orders', orderBody());
      expect(created.status).toBe(201);
      orderIds.push(created.body.data.id);
    }
    await receiver.waitFor(() => receiver.at('/crash').length >= 2, 30_000);
    // The first success is on record (that is what "never re-sent" can promise); later ones are in flight.
    const logPath = `/api/v1/webhooks/${subscription.body.data.id}/deliveries`;
    for (
      let tries = 0;
      (await call(first, 'GET', `${logPath}?status=succeeded`)).body.data.length < 1;
      tries++
    ) {
      expect(tries).toBeLessThan(100);
      await sleep(100);
    }
    await first.kill('SIGKILL');
    servers.pop();
    crashed = true;
    const beforeRestart = receiver.at('/crash').length;
    expect(beforeRestart).toBeLessThan(ORDERS);

    const second = await startServer(env);
    servers.push(second);
    const delivered = () =>
      new Set(
        receiver
          .at('/crash')
          .filter((request) => request.answered === 200)
          .map((request) => request.json.order.id),
      );
    await receiver.waitFor(() => delivered().size === ORDERS, 60_000);
    await sleep(1500); // room for a wrong re-send to show up

    expect(delivered()).toEqual(new Set(orderIds));
    const acknowledgedIds = receiver
      .at('/crash')
      .filter((request) => request.answered === 200)
      .map((request) => request.headers['webhook-id']);
    expect(acknowledgedIds).toHaveLength(ORDERS); // each event acknowledged exactly once
    expect(new Set(acknowledgedIds).size).toBe(ORDERS);
    expect(receiver.at('/crash').length).toBeGreaterThan(beforeRestart);

    const log = await call(second, 'GET', logPath);
    expect(log.body.data.map((delivery: any) => delivery.status)).toEqual(Array(ORDERS).fill('succeeded'));
  });
});
