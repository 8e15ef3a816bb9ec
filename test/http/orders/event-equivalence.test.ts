/**
 * Every reader of the ledger tells the same story (issue 17). Random sequences of creates, bulk creates,
 * full updates, status changes (single and bulk), deletions and integration promotions; afterwards the
 * change feed read with random page sizes, each order's history, the webhook deliveries to a subscriber
 * and the list must agree: every change once, in order, nothing extra, and as many changes as writes
 * the API acknowledged. fast-check prints the seed and the shrunk sequence of a failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_TRANSITIONS, type OrderStatus } from '../../../src/domain/order-status.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import { installApp } from '../../helpers/integrations.js';
import { orderBody } from '../../helpers/orders.js';
import { type Receiver, startReceiver } from '../../helpers/webhook-receiver.js';

let app: TestApp;
let receiver: Receiver;
let runCounter = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({
    webhooks: { allowPrivateTargets: true, dispatcher: true, timeoutMs: 5000, pollIntervalMs: 50 },
  });
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});

type Step =
  | { kind: 'create' }
  | { kind: 'bulk-create'; count: number }
  | { kind: 'replace'; target: number }
  | { kind: 'status'; target: number; pick: number }
  | { kind: 'bulk-status'; targets: number[]; pick: number }
  | { kind: 'delete'; target: number }
  | { kind: 'promote' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'create' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bulk-create' as const),
      count: fc.integer({ min: 2, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('status' as const), target: fc.nat(), pick: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bulk-status' as const),
      targets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      pick: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'promote' as const }) },
);

interface Story {
  /** Acknowledged changes per order, in the order the API acknowledged them. */
  writes: Map<string, number>;
  live: Set<string>;
}

/** Runs the steps; returns how many changes the API acknowledged per order. */
async function runSteps(tenant: TestTenant, installId: string, steps: Step[]): Promise<Story> {
  const story: Story = { writes: new Map(), live: new Set() };
  const status = new Map<string, OrderStatus>();
  const acknowledge = (id: string) => story.writes.set(id, (story.writes.get(id) ?? 0) + 1);
  const pickLive = (n: number) => [...story.live][n % Math.max(story.live.size, 1)];
  let promoted = 0;
  for (const [index, next] of steps.entries()) {
    const call = (method: string, path: string, body?: unknown) =>
      app.call(method, path, { key: tenant.key, body });
    if (story.live.size === 0 && !['create', 'bulk-create', 'promote'].includes(next.kind)) {
      continue;
    }
    switch (next.kind) {
      case 'create': {
        const created = await call('POST', '/api/v1/orders', orderBody({ customer_name: `Buyer ${index}` }));
        expect(created.status).toBe(201);
        story.live.add(created.body.data.id);
        status.set(created.body.data.id, 'pending');
        acknowledge(created.body.data.id);
        break;
      }
      case 'bulk-create': {
        const bodies = Array.from({ length: next.count }, (_, i) =>
          orderBody({ customer_name: `Bulk ${index}-${i}` }),
        );
        const created = await call('POST', '/api/v1/orders/bulk', bodies);
        expect(created.body.data.succeeded).toBe(next.count);
        for (const order of created.body.data.orders) {
          story.live.add(order.id);
          status.set(order.id, 'pending');
          acknowledge(order.id);
        }
        break;
      }
      case 'replace': {
        const id = pickLive(next.target) as string;
        // Without statuses (the workflow's) or source (kept when omitted): integration orders too.
        const {
          status: _s,
          payment_status: _p,
          source: _source,
          ...fields
        } = orderBody({ customer_name: `Renamed ${index}` });
        const replaced = await call('PUT', `/api/v1/orders/${id}`, fields);
        expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
        acknowledge(id);
        break;
      }
      case 'status': {
        const id = pickLive(next.target) as string;
        const moves = ORDER_TRANSITIONS[status.get(id) as OrderStatus];
        if (moves.length === 0) {
          break; // final: nothing to move to
        }
        const to = moves[next.pick % moves.length] as OrderStatus;
        expect((await call('PATCH', `/api/v1/orders/${id}/status`, { status: to })).status).toBe(200);
        status.set(id, to);
        acknowledge(id);
        break;
      }
      case 'bulk-status': {
        const ids = [...new Set(next.targets.map(pickLive) as string[])].filter(
          (id) => (ORDER_TRANSITIONS[status.get(id) as OrderStatus] ?? []).length > 0,
        );
        if (ids.length === 0) {
          break;
        }
        const updates = ids.map((id) => {
          const moves = ORDER_TRANSITIONS[status.get(id) as OrderStatus];
          return { id, status: moves[next.pick % moves.length] as OrderStatus };
        });
        const patched = await call('PATCH', '/api/v1/orders/bulk/status', { updates });
        expect(patched.body.data, JSON.stringify(patched.body)).toMatchObject({
          succeeded: ids.length,
          failed: 0,
        });
        for (const update of updates) {
          status.set(update.id, update.status);
          acknowledge(update.id);
        }
        break;
      }
      case 'delete': {
        const id = pickLive(next.target) as string;
        expect((await call('DELETE', `/api/v1/orders/${id}`)).status).toBe(200);
        story.live.delete(id);
        acknowledge(id);
        break;
      }
      case 'promote': {
        promoted += 1;
        const vendor = {
          ...JSON.parse(fixtureText('generic', 'order.json')),
          source_transaction_id: `vendor-${runCounter}-${promoted}`,
        };
        const sent = await app.call('POST', `/api/v1/apps/${installId}/orders`, {
          key: tenant.key,
          rawBody: JSON.stringify(vendor),
        });
        expect(sent.status).toBe(202);
        const id = sent.body.data.items[0].order_id as string;
        expect(id, JSON.stringify(sent.body)).toEqual(expect.any(String));
        story.live.add(id);
        status.set(id, (await call('GET', `/api/v1/orders/${id}`)).body.order.order_status);
        acknowledge(id);
        break;
      }
    }
  }
  return story;
}

interface Told {
  order: string;
  type: string;
  version: number;
  event: string;
}

/** The whole change feed, read in pages of the given sizes (cycled). */
async function feed(tenant: TestTenant, pageSizes: number[]): Promise<Told[]> {
  const told: Told[] = [];
  let after = '';
  for (let page = 0; ; page += 1) {
    const limit = pageSizes[page % pageSizes.length] as number;
    const response = await app.call('GET', `/api/v1/orders/changes?limit=${limit}&after=${after}`, {
      key: tenant.key,
    });
    expect(response.status).toBe(200);
    told.push(
      ...response.body.events.map((event: any) => ({
        order: event.order.id,
        type: event.event_type,
        version: event.order_version,
        event: event.event_id,
      })),
    );
    after = response.body.next_cursor;
    if (!response.body.has_more) {
      return told;
    }
  }
}

describe('the change feed, history, webhooks and list tell the same story', () => {
  it('for random sequences of writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 18 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
        async (steps, pageSizes) => {
          runCounter += 1;
          const tenant = await app.newTenant();
          const path = `/equivalence/${runCounter}`;
          const subscription = await app.call('POST', '/api/v1/webhooks', {
            key: tenant.key,
            body: { url: receiver.url(path), events: ['*'] },
          });
          expect(subscription.status).toBe(201);
          const install = await installApp(app, tenant, 'generic-orders');
          const story = await runSteps(tenant, install.id, steps);
          const acknowledged = [...story.writes.values()].reduce((sum, n) => sum + n, 0);

          // The feed: every acknowledged change once; per order, versions 1, 2, 3… in order.
          let told: Told[] = [];
          await expect
            .poll(async () => {
              told = await feed(tenant, pageSizes);
              return told.length;
            })
            .toBe(acknowledged);
          expect(new Set(told.map((entry) => entry.event)).size).toBe(told.length);
          for (const [order, count] of story.writes) {
            const own = told.filter((entry) => entry.order === order);
            expect(own.map((entry) => entry.version)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
            expect(own[0]?.type).toBe('order.created');
            expect(own.at(-1)?.type === 'order.deleted').toBe(!story.live.has(order));

            // The history says the same of each order.
            const history = await app.call('GET', `/api/v1/orders/${order}/history`, { key: tenant.key });
            expect(history.status).toBe(200);
            expect(
              history.body.events.map((event: any) => [event.id, event.event_type, event.version]),
            ).toEqual(own.map((entry) => [entry.event, entry.type, entry.version]));
          }

          // The subscriber received the same events, each once, in order per order.
          await receiver.waitFor(() => receiver.at(path).length >= acknowledged, 20_000);
          const delivered = receiver.at(path).map((request) => request.json);
          expect(delivered).toHaveLength(acknowledged);
          for (const order of story.writes.keys()) {
            expect(
              delivered.filter((event) => event.order.id === order).map((event) => event.event_id),
            ).toEqual(told.filter((entry) => entry.order === order).map((entry) => entry.event));
          }

          // The list holds exactly the live orders, each at its last version's state.
          const list = await app.call('GET', '/api/v1/orders?limit=100', { key: tenant.key });
          expect(list.body.orders.map((item: any) => item.order.id).sort()).toEqual([...story.live].sort());
          await app.call('DELETE', `/api/v1/webhooks/${subscription.body.data.id}`, { key: tenant.key });
        },
      ),
      { numRuns: 15, endOnFailure: true },
    );
  }, 240_000);
});
