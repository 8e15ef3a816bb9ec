/**
 * The polling fast path against the normal path: the same polls, after every step of random sequences
 * of creates, replacements, status changes, deletions and integration promotions, must give the same
 * bytes apart from the read's `occurred_at` / `event_id`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { ORDER_TRANSITIONS, type OrderStatus } from '../../../src/domain/order-status.js';
import { createRecentOrdersView, pollingBounds } from '../../../src/polling/recent-orders-view.js';
import { createOrdersRepository } from '../../../src/storage/orders-repository.js';
import { startTestApp, type TestApp, type TestTenant, testSecretBox } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import { installApp, type TestInstall } from '../../helpers/integrations.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;
/** The same service over the same database, with every list forced through the normal path. */
let normal: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  app = await startTestApp();
  normal = await buildApp({ database: app.database, secretBox: testSecretBox, polling: { fastPath: false } });
});
afterAll(async () => {
  await normal.close();
  await app.close();
});

/** A small seeded generator (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

/** The bytes that must match: everything but what describes the read itself. */
const comparable = (text: string) =>
  text.replace(/"occurred_at":"[^"]*"/g, '"occurred_at":""').replace(/"event_id":"[^"]*"/g, '"event_id":""');

async function pollBoth(tenant: TestTenant, query: string) {
  const fast = await app.call('GET', `/api/v1/orders?${query}`, { key: tenant.key });
  const slow = await normal.inject({
    method: 'GET',
    url: `/api/v1/orders?${query}`,
    headers: { authorization: `Bearer ${tenant.key}` },
  });
  expect(fast.status, fast.text).toBe(200);
  expect(comparable(fast.text), `poll ${query}`).toBe(comparable(slow.body));
  return fast.body;
}

function polls(now: number): string[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const from = encodeURIComponent(iso(now - 6 * 3600_000));
  return [
    `sort=-created&from=${from}`,
    `sort=-created&from=${from}&limit=3`,
    `sort=-created&from=${from}&limit=2&page=2`,
    `sort=-created&from=${from}&limit=4&page=9`,
    `sort=-created&from=${encodeURIComponent(iso(now - 2000))}&to=${encodeURIComponent(iso(now + 60_000))}`,
  ];
}

async function runSequence(seed: number, steps: number) {
  const rng = random(seed);
  const tenant = await app.newTenant();
  const install: TestInstall = await installApp(app, tenant, 'syncaty-orders', { store_name: 'Riyadh' });
  const vendorOrder = JSON.parse(fixtureText('syncaty', 'order.json')) as Record<string, unknown>;
  const live: string[] = [];
  let promoted = 0;
  const replace = async (id: string, step: number) => {
    // Without statuses: a PUT keeps the ones it does not name, so the order's progress stands.
    const {
      status: _status,
      payment_status: _payment,
      ...fields
    } = orderBody({
      customer_name: `Renamed ${step}`,
      total_amount: 83.98 + step,
    });
    const replaced = await app.call('PUT', `/api/v1/orders/${id}`, { key: tenant.key, body: fields });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
  };

  for (let step = 0; step < steps; step += 1) {
    const action =
      live.length === 0 ? 'create' : rng.pick(['create', 'create', 'replace', 'status', 'delete', 'promote']);
    const target = rng.pick(live);
    switch (action) {
      case 'create': {
        const count = rng.next() < 0.3 ? 3 : 1;
        for (let i = 0; i < count; i += 1) {
          const created = await app.call('POST', '/api/v1/orders', {
            key: tenant.key,
            body: orderBody({ customer_name: `Buyer ${seed}-${step}-${i}` }),
          });
          expect(created.status).toBe(201);
          live.push(created.body.data.id);
        }
        break;
      }
      case 'replace':
        await replace(target, step);
        break;
      case 'status': {
        // A move the workflow allows from where the order is now, so the step always changes it.
        const current = (await app.call('GET', `/api/v1/orders/${target}`, { key: tenant.key })).body.order
          .order_status as OrderStatus;
        const moves = ORDER_TRANSITIONS[current];
        if (moves.length === 0) {
          await replace(target, step); // cancelled and returned are final
          break;
        }
        const patched = await app.call('PATCH', `/api/v1/orders/${target}/status`, {
          key: tenant.key,
          body: { status: rng.pick([...moves]) },
        });
        expect(patched.status, JSON.stringify(patched.body)).toBe(200);
        break;
      }
      case 'delete':
        expect((await app.call('DELETE', `/api/v1/orders/${target}`, { key: tenant.key })).status).toBe(200);
        live.splice(live.indexOf(target), 1);
        break;
      case 'promote': {
        promoted += 1;
        const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
          key: tenant.key,
          rawBody: JSON.stringify({ ...vendorOrder, id: `vendor-${seed}-${promoted}` }),
        });
        expect(sent.status).toBe(202);
        live.push(sent.body.data.items[0].order_id);
        break;
      }
    }
    // The fast path must already show the step: every poll on both paths, right after the write.
    for (const query of polls(Date.now())) {
      await pollBoth(tenant, query);
    }
  }
  const final = await pollBoth(tenant, `${polls(Date.now())[0]}&limit=100`);
  expect(final.orders.map((item: any) => item.order.id).sort()).toEqual([...live].sort());

  // These polls are the view's to answer (else the comparison above compared the normal path to itself).
  const bounds = pollingBounds(
    { filter: { from: new Date(Date.now() - 3600_000).toISOString() }, sort: '-created' },
    new Date(),
  );
  const version = await createOrdersRepository(app.database.db).ledgerVersion(tenant.organizationId);
  const fromView = await createRecentOrdersView({ db: app.database.db }).recentOrders(
    tenant.organizationId,
    version,
    bounds as NonNullable<typeof bounds>,
  );
  expect(fromView?.map((order) => order.id).sort()).toEqual([...live].sort());
}

describe('polling fast path ≡ normal path', () => {
  for (const seed of [1, 2, 3]) {
    it(`agrees byte for byte over a random sequence (seed ${seed})`, async () => {
      await runSequence(seed, 25);
    }, 120_000);
  }
});
