import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import { installApp, listOrders } from '../../helpers/integrations.js';
import { bodyWithLines, setStock, stockOf } from '../../helpers/stock.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function create(
  tenant: TestTenant,
  lines: Record<string, number>,
  overrides: Record<string, unknown> = {},
) {
  return app.call('POST', '/api/v1/orders', { key: tenant.key, body: bodyWithLines(lines, overrides) });
}

async function createdId(tenant: TestTenant, lines: Record<string, number>, overrides = {}) {
  const response = await create(tenant, lines, overrides);
  expect(response.status).toBe(201);
  return response.body.data.id as string;
}

const patchStatus = (tenant: TestTenant, id: string, status: string) =>
  app.call('PATCH', `/api/v1/orders/${id}/status`, { key: tenant.key, body: { status } });

async function movements(tenant: TestTenant, id: string) {
  const history = await app.call('GET', `/api/v1/orders/${id}/history`, { key: tenant.key });
  expect(history.status).toBe(200);
  return history.body.events.map((event: any) => [event.event_type, event.stock_movements]);
}

const counts = async (tenant: TestTenant, sku: string, destination: string | null = null) => {
  const row = await stockOf(app, tenant, sku, destination);
  return { on_hand: row.on_hand, reserved: row.reserved, available: row.available };
};

describe('creating an order reserves its tracked SKUs', () => {
  it('reserves on create and shows the reservation in history', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'MUG', 5);
    const id = await createdId(tenant, { MUG: 2 });
    expect(await counts(tenant, 'MUG')).toEqual({ on_hand: 5, reserved: 2, available: 3 });
    expect(await movements(tenant, id)).toEqual([
      ['order.created', [{ kind: 'reserved', sku: 'MUG', destination_id: null, quantity: 2 }]],
    ]);
  });

  it('sums lines of the same SKU and refuses a shortage with the contract body, writing nothing', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'PEN', 3);
    await setStock(app, tenant, 'INK', 10);
    const body = bodyWithLines({ INK: 1 });
    (body.products as any[]).push(
      { product_id: 'p1', sku: 'PEN', name: 'Pen', quantity: 2, price: 1 },
      { product_id: 'p2', sku: 'PEN', name: 'Pen', quantity: 2, price: 1 },
    );
    const refused = await app.call('POST', '/api/v1/orders', { key: tenant.key, body });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      code: 422,
      error: 'OUT_OF_STOCK',
      details: { PEN: { requested: 4, available: 3 } },
    });
    // All or nothing: INK, which was in stock, was not reserved either, and no order exists.
    expect(await counts(tenant, 'INK')).toEqual({ on_hand: 10, reserved: 0, available: 10 });
    expect(await counts(tenant, 'PEN')).toEqual({ on_hand: 3, reserved: 0, available: 3 });
    expect(await listOrders(app, tenant)).toEqual([]);
    // The refused order took no order number: the next one is the tenant's first.
    const next = await create(tenant, { PEN: 3 });
    expect(next.status).toBe(201);
    expect(next.body.data.order_number).toMatch(/-001$/);
  });

  it('names every short SKU', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'A', 1);
    await setStock(app, tenant, 'B', 0);
    const refused = await create(tenant, { A: 2, B: 1 });
    expect(refused.body.details).toEqual({
      A: { requested: 2, available: 1 },
      B: { requested: 1, available: 0 },
    });
  });

  it('never blocks SKUs without a stock record, nor lines without a SKU', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'TRACKED', 1);
    const id = await createdId(tenant, { UNTRACKED: 1000, TRACKED: 1 });
    expect(await movements(tenant, id)).toEqual([
      ['order.created', [{ kind: 'reserved', sku: 'TRACKED', destination_id: null, quantity: 1 }]],
    ]);
    const noSku = await app.call('POST', '/api/v1/orders', {
      key: (await app.newTenant()).key,
      body: bodyWithLines({}, { products: [{ product_id: 'x', name: 'No sku', quantity: 5, price: 1 }] }),
    });
    expect(noSku.status).toBe(201);
  });

  it("draws on the order's destination when it tracks the SKU, else on the pool", async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'CUP', 10);
    await setStock(app, tenant, 'CUP', 1, 'branch_1');
    await createdId(tenant, { CUP: 1 }, { destination_id: 'branch_1' });
    expect(await counts(tenant, 'CUP', 'branch_1')).toEqual({ on_hand: 1, reserved: 1, available: 0 });
    const refused = await create(tenant, { CUP: 1 }, { destination_id: 'branch_1' });
    expect(refused.body).toMatchObject({
      error: 'OUT_OF_STOCK',
      details: { CUP: { requested: 1, available: 0 } },
    });
    await createdId(tenant, { CUP: 2 }, { destination_id: 'branch_2' });
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 10, reserved: 2, available: 8 });
  });

  it('bulk create refuses only the items stock cannot cover, leaving no trace of them', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'HOT', 3);
    const response = await app.call('POST', '/api/v1/orders/bulk', {
      key: tenant.key,
      body: [bodyWithLines({ HOT: 2 }), bodyWithLines({ HOT: 2 }), bodyWithLines({ HOT: 1 })],
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ succeeded: 2, failed: 1 });
    expect(response.body.data.errors['1']).toBe('OUT_OF_STOCK');
    expect(response.body.data.error_details['1']).toEqual({ HOT: { requested: 2, available: 1 } });
    expect(response.body.data.orders[1]).toBeNull();
    expect(await counts(tenant, 'HOT')).toEqual({ on_hand: 3, reserved: 3, available: 0 });
    expect(await listOrders(app, tenant)).toHaveLength(2);
  });
});

describe('reservations follow the order', () => {
  it('releases on cancel', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'SKU', 4);
    const id = await createdId(tenant, { SKU: 3 });
    expect((await patchStatus(tenant, id, 'cancelled')).status).toBe(200);
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 4, reserved: 0, available: 4 });
    expect((await movements(tenant, id))[1]).toEqual([
      'order.status_changed',
      [{ kind: 'released', sku: 'SKU', destination_id: null, quantity: 3 }],
    ]);
  });

  it('releases on delete before shipping', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'SKU', 4);
    const id = await createdId(tenant, { SKU: 3 });
    expect((await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key })).status).toBe(200);
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 4, reserved: 0, available: 4 });
    expect((await movements(tenant, id))[1]).toEqual([
      'order.deleted',
      [{ kind: 'released', sku: 'SKU', destination_id: null, quantity: 3 }],
    ]);
  });

  it('commits on ship, restocks on return, and moves nothing on steps that do not change stock', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'SKU', 4);
    const id = await createdId(tenant, { SKU: 3 });
    await patchStatus(tenant, id, 'confirmed');
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 4, reserved: 3, available: 1 });
    await patchStatus(tenant, id, 'shipped');
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 1, reserved: 0, available: 1 });
    await patchStatus(tenant, id, 'delivered');
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 1, reserved: 0, available: 1 });
    // Deleting a delivered order gives nothing back: the goods left.
    await patchStatus(tenant, id, 'returned');
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 4, reserved: 0, available: 4 });
    const line = (kind: string) => [{ kind, sku: 'SKU', destination_id: null, quantity: 3 }];
    expect(await movements(tenant, id)).toEqual([
      ['order.created', line('reserved')],
      ['order.status_changed', []],
      ['order.status_changed', line('committed')],
      ['order.status_changed', []],
      ['order.status_changed', line('restocked')],
    ]);
    await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 4, reserved: 0, available: 4 });
  });

  it('bulk status changes move stock per order', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'SKU', 10);
    const first = await createdId(tenant, { SKU: 2 });
    const second = await createdId(tenant, { SKU: 3 });
    const response = await app.call('PATCH', '/api/v1/orders/bulk/status', {
      key: tenant.key,
      body: {
        updates: [
          { id: first, status: 'cancelled' },
          { id: second, status: 'shipped' },
        ],
      },
    });
    expect(response.body.data).toMatchObject({ succeeded: 2, failed: 0 });
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 7, reserved: 0, available: 7 });
  });

  it('an order created already shipped commits at once; one created cancelled reserves nothing', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'SKU', 5);
    await createdId(tenant, { SKU: 2 }, { status: 'shipped' });
    await createdId(tenant, { SKU: 100 }, { status: 'cancelled' });
    expect(await counts(tenant, 'SKU')).toEqual({ on_hand: 3, reserved: 0, available: 3 });
  });
});

describe('a full update (PUT) moves the reservation to the new lines', () => {
  const replace = (tenant: TestTenant, id: string, lines: Record<string, number>, overrides = {}) =>
    app.call('PUT', `/api/v1/orders/${id}`, { key: tenant.key, body: bodyWithLines(lines, overrides) });

  it('releases what the order held and reserves its new lines, counting what it held as available', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'CUP', 5);
    await setStock(app, tenant, 'LID', 4);
    const id = await createdId(tenant, { CUP: 4 });
    // 4 held + 1 available cover 5.
    expect((await replace(tenant, id, { CUP: 5 })).status).toBe(200);
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 5, reserved: 5, available: 0 });
    expect((await replace(tenant, id, { CUP: 2, LID: 1 })).status).toBe(200);
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 5, reserved: 2, available: 3 });
    expect(await counts(tenant, 'LID')).toEqual({ on_hand: 4, reserved: 1, available: 3 });
    // A PUT that asks the same stock (here: only the customer changed) moves nothing.
    expect((await replace(tenant, id, { CUP: 2, LID: 1 }, { customer_name: 'Renamed' })).status).toBe(200);
    const cup = (kind: string, quantity: number) => ({ kind, sku: 'CUP', destination_id: null, quantity });
    expect(await movements(tenant, id)).toEqual([
      ['order.created', [cup('reserved', 4)]],
      ['order.updated', [cup('released', 4), cup('reserved', 5)]],
      [
        'order.updated',
        [
          cup('released', 5),
          cup('reserved', 2),
          { kind: 'reserved', sku: 'LID', destination_id: null, quantity: 1 },
        ],
      ],
      ['order.updated', []],
    ]);
    // Cancelling then releases what it holds now.
    await patchStatus(tenant, id, 'cancelled');
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 5, reserved: 0, available: 5 });
    expect(await counts(tenant, 'LID')).toEqual({ on_hand: 4, reserved: 0, available: 4 });
  });

  it('refuses new lines the stock cannot cover with OUT_OF_STOCK, changing nothing', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'CUP', 5);
    const id = await createdId(tenant, { CUP: 4 });
    const refused = await replace(tenant, id, { CUP: 6 }, { customer_name: 'Not saved' });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      code: 422,
      error: 'OUT_OF_STOCK',
      details: { CUP: { requested: 6, available: 5 } },
    });
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 5, reserved: 4, available: 1 });
    const order = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(order.body.order.customer_name).not.toBe('Not saved');
    expect(order.body.order.products.map((line: any) => line.quantity)).toEqual([4]);
  });

  it('leaves shipped goods alone, and a PUT that cancels releases without reserving', async () => {
    const tenant = await app.newTenant();
    await setStock(app, tenant, 'CUP', 10);
    const shipped = await createdId(tenant, { CUP: 2 });
    await patchStatus(tenant, shipped, 'shipped');
    expect((await replace(tenant, shipped, { CUP: 3 }, { status: 'shipped' })).status).toBe(200);
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 8, reserved: 0, available: 8 });

    const cancelled = await createdId(tenant, { CUP: 3 });
    const response = await replace(tenant, cancelled, { CUP: 50 }, { status: 'cancelled' });
    expect(response.status).toBe(200);
    expect(await counts(tenant, 'CUP')).toEqual({ on_hand: 8, reserved: 0, available: 8 });
  });
});

describe('orders promoted from integrations', () => {
  it('reserve past what is available instead of being refused: the sale already happened', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'generic-orders');
    // The fixture sells 2 × CAP-01.
    await setStock(app, tenant, 'CAP-01', 1);
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('generic', 'order.json'),
    });
    expect(sent.status).toBe(202);
    expect(sent.body.data).toMatchObject({ promoted: 1, failed: 0 });
    expect(await counts(tenant, 'CAP-01')).toEqual({ on_hand: 1, reserved: 2, available: -1 });
    // An API order for the same SKU is then refused.
    const refused = await create(tenant, { 'CAP-01': 1 });
    expect(refused.body).toEqual({
      code: 422,
      error: 'OUT_OF_STOCK',
      details: { 'CAP-01': { requested: 1, available: 0 } },
    });
  });
});
