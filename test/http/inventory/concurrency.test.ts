import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, startTestApp, type TestApp } from '../../helpers/app.js';
import { listOrders } from '../../helpers/integrations.js';
import { bodyWithLines, setStock, stockOf } from '../../helpers/stock.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe(`many clients ordering the last units at once (${engine})`, () => {
  it('never oversells a single hot SKU', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'LAST', 5);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        app.call('POST', '/api/v1/orders', { key: tenant.key, body: bodyWithLines({ LAST: 1 }) }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 422)).toHaveLength(25);
    for (const refused of responses.filter((response) => response.status === 422)) {
      expect(refused.body).toEqual({
        code: 422,
        error: 'OUT_OF_STOCK',
        details: { LAST: { requested: 1, available: 0 } },
      });
    }
    expect(await stockOf(app, tenant, 'LAST')).toMatchObject({ on_hand: 5, reserved: 5, available: 0 });
    expect(await listOrders(app, tenant)).toHaveLength(5);
  });

  it('keeps orders naming the same SKUs in opposite orders all-or-nothing and deadlock-free', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'X', 6);
    await setStock(app, tenant, 'Y', 6);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        app.call('POST', '/api/v1/orders', {
          key: tenant.key,
          body: bodyWithLines(index % 2 === 0 ? { X: 1, Y: 2 } : { Y: 2, X: 1 }),
        }),
      ),
    );
    // Y runs out first: 6 / 2 = 3 orders fit, and each of them took its X too.
    expect(responses.filter((response) => response.status === 201)).toHaveLength(3);
    expect(responses.filter((response) => response.status === 422)).toHaveLength(17);
    expect(await stockOf(app, tenant, 'X')).toMatchObject({ reserved: 3, available: 3 });
    expect(await stockOf(app, tenant, 'Y')).toMatchObject({ reserved: 6, available: 0 });
  });

  it('releases and reserves concurrently without losing a unit', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'FLOW', 10);
    const held = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await app.call('POST', '/api/v1/orders', {
          key: tenant.key,
          body: bodyWithLines({ FLOW: 1 }),
        });
        expect(response.status).toBe(201);
        return response.body.data.id as string;
      }),
    );
    // Cancelling five while twenty more try: exactly the five freed units can be taken.
    const [cancels, creates] = await Promise.all([
      Promise.all(
        held.slice(0, 5).map((id) =>
          app.call('PATCH', `/api/v1/orders/${id}/status`, {
            key: tenant.key,
            body: { status: 'cancelled' },
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: 20 }, () =>
          app.call('POST', '/api/v1/orders', { key: tenant.key, body: bodyWithLines({ FLOW: 1 }) }),
        ),
      ),
    ]);
    expect(cancels.every((response) => response.status === 200)).toBe(true);
    const taken = creates.filter((response) => response.status === 201).length;
    expect(taken).toBeLessThanOrEqual(5);
    const level = await stockOf(app, tenant, 'FLOW');
    expect(level).toMatchObject({ on_hand: 10, reserved: 5 + taken, available: 5 - taken });
  });
});
