/**
 * Racing writes over real HTTP. On PostgreSQL (TEST_DATABASE_URL) the requests run on separate
 * connections at the same time, so the row lock in applyChange is what keeps them apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { createOrder } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

const patch = (id: string, body: unknown) =>
  app.call('PATCH', `/api/v1/orders/${id}/status`, { key: tenant.key, body });
const history = async (id: string) =>
  (await app.call('GET', `/api/v1/orders/${id}/history`, { key: tenant.key })).body.events;

describe('two status changes racing on one order', () => {
  it('never applies a move that was valid only before the other one (ready: shipped vs cancelled)', async () => {
    for (let round = 0; round < 10; round += 1) {
      const id = await createOrder(app, tenant.key, { status: 'ready' });
      const [shipped, cancelled] = await Promise.all([
        patch(id, { status: 'shipped' }),
        patch(id, { status: 'cancelled' }),
      ]);
      const statuses = [shipped.status, cancelled.status].sort();
      expect(statuses).toEqual([200, 422]);
      const winner = shipped.status === 200 ? 'shipped' : 'cancelled';
      const loser = winner === 'shipped' ? cancelled : shipped;
      expect(loser.body).toEqual({
        code: 422,
        error: 'Invalid status transition',
        details: { field: 'order_status', from: winner, to: winner === 'shipped' ? 'cancelled' : 'shipped' },
      });
      const read = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
      expect(read.body.order.order_status).toBe(winner);
      expect(read.headers.get('etag')).toBe('"v2"');
      const events = await history(id);
      expect(events.map((event: any) => event.changes?.order_status ?? null)).toEqual([
        null,
        { from: 'ready', to: winner },
      ]);
    }
  });

  it('loses neither of two changes to different pipelines', async () => {
    for (let round = 0; round < 10; round += 1) {
      const id = await createOrder(app, tenant.key);
      const responses = await Promise.all([
        patch(id, { status: 'confirmed' }),
        patch(id, { payment_status: 'paid' }),
        patch(id, { fulfillment_status: 'processing' }),
      ]);
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      const read = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
      expect(read.body.order).toMatchObject({
        order_status: 'confirmed',
        payment_status: 'paid',
        fulfillment_status: 'processing',
      });
      expect((await history(id)).map((event: any) => event.version)).toEqual([1, 2, 3, 4]);
    }
  });

  it('lets exactly one of two writers with the same If-Match win', async () => {
    const id = await createOrder(app, tenant.key);
    const write = (status: string) =>
      app.call('PATCH', `/api/v1/orders/${id}/status`, {
        key: tenant.key,
        body: { status },
        headers: { 'if-match': '"v1"' },
      });
    const responses = await Promise.all([write('confirmed'), write('preparing')]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 412]);
  });
});
