import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  type StatusField,
} from '../../../src/domain/order-status.js';
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

const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  app.call('PATCH', `/api/v1/orders/${id}/status`, { key: tenant.key, body, headers });

/** The request field of each machine, and how to create an order that starts in a given state. */
const MACHINES: Record<StatusField, { body: string; values: readonly string[] }> = {
  order_status: { body: 'status', values: ORDER_STATUSES },
  payment_status: { body: 'payment_status', values: PAYMENT_STATUSES },
  fulfillment_status: { body: 'fulfillment_status', values: FULFILLMENT_STATUSES },
};

/** The workflow written out by hand (docs/decisions/0020-status-workflow.md). */
const ALLOWED = new Set([
  'order_status:pending>confirmed',
  'order_status:pending>preparing',
  'order_status:pending>ready',
  'order_status:pending>shipped',
  'order_status:pending>delivered',
  'order_status:pending>cancelled',
  'order_status:confirmed>preparing',
  'order_status:confirmed>ready',
  'order_status:confirmed>shipped',
  'order_status:confirmed>delivered',
  'order_status:confirmed>cancelled',
  'order_status:preparing>ready',
  'order_status:preparing>shipped',
  'order_status:preparing>delivered',
  'order_status:preparing>cancelled',
  'order_status:ready>shipped',
  'order_status:ready>delivered',
  'order_status:ready>cancelled',
  'order_status:shipped>delivered',
  'order_status:delivered>returned',
  'payment_status:pending>paid',
  'payment_status:pending>failed',
  'payment_status:failed>pending',
  'payment_status:failed>paid',
  'payment_status:paid>partially_refunded',
  'payment_status:paid>refunded',
  'payment_status:partially_refunded>refunded',
  'fulfillment_status:unfulfilled>processing',
  'fulfillment_status:unfulfilled>partially_fulfilled',
  'fulfillment_status:unfulfilled>fulfilled',
  'fulfillment_status:unfulfilled>cancelled',
  'fulfillment_status:processing>partially_fulfilled',
  'fulfillment_status:processing>fulfilled',
  'fulfillment_status:processing>cancelled',
  'fulfillment_status:partially_fulfilled>fulfilled',
  'fulfillment_status:partially_fulfilled>returned',
  'fulfillment_status:fulfilled>returned',
]);

const transitions = Object.entries(MACHINES).flatMap(([field, machine]) =>
  machine.values.flatMap((from) =>
    machine.values
      .filter((to) => to !== from)
      .map((to) => ({
        field: field as StatusField,
        bodyField: machine.body,
        from,
        to,
        allowed: ALLOWED.has(`${field}:${from}>${to}`),
      })),
  ),
);

describe('PATCH /api/v1/orders/{id}/status: every transition over HTTP', () => {
  it.each(transitions)(
    '$field $from → $to: allowed=$allowed',
    async ({ field, bodyField, from, to, allowed }) => {
      // Create writes any starting state directly; the machine governs changes, not creation.
      const id = await createOrder(app, tenant.key, { [field === 'order_status' ? 'status' : field]: from });
      const response = await patch(id, { [bodyField]: to });
      const read = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
      if (allowed) {
        expect(response.status).toBe(200);
        expect(response.body.event_type).toBe('order.snapshot');
        expect(response.body.order[field]).toBe(to);
        expect(read.body.order[field]).toBe(to);
      } else {
        expect(response.status).toBe(422);
        expect(response.body).toEqual({
          code: 422,
          error: 'Invalid status transition',
          details: { field, from, to },
        });
        expect(read.body.order[field]).toBe(from);
      }
    },
  );
});

describe('PATCH /api/v1/orders/{id}/status', () => {
  it('changes several pipelines at once and moves updated_at and the ETag', async () => {
    const id = await createOrder(app, tenant.key);
    const before = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await patch(id, {
      status: 'confirmed',
      payment_status: 'paid',
      fulfillment_status: 'processing',
    });
    expect(response.status).toBe(200);
    expect(response.body.order).toMatchObject({
      order_status: 'confirmed',
      payment_status: 'paid',
      fulfillment_status: 'processing',
      created_at: before.body.order.created_at,
    });
    expect(Date.parse(response.body.order.updated_at)).toBeGreaterThan(
      Date.parse(before.body.order.updated_at),
    );
    expect(before.headers.get('etag')).toBe('"v1"');
    expect(response.headers.get('etag')).toBe('"v2"');
  });

  it('applies nothing when one of several moves is refused', async () => {
    const id = await createOrder(app, tenant.key);
    const response = await patch(id, { status: 'confirmed', payment_status: 'refunded' });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual({ field: 'payment_status', from: 'pending', to: 'refunded' });
    const read = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(read.body.order.order_status).toBe('pending');
    expect(read.headers.get('etag')).toBe('"v1"');
  });

  it('treats a move to the current state as a no-op: same version, no event', async () => {
    const id = await createOrder(app, tenant.key, { status: 'confirmed' });
    const response = await patch(id, { status: 'confirmed' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"v1"');
    const history = await app.call('GET', `/api/v1/orders/${id}/history`, { key: tenant.key });
    expect(history.body.events.map((event: any) => event.event_type)).toEqual(['order.created']);
  });

  it('accepts order_status as the payload name of status, and refuses the two contradicting', async () => {
    const id = await createOrder(app, tenant.key);
    expect((await patch(id, { order_status: 'confirmed' })).body.order.order_status).toBe('confirmed');
    const contradicting = await patch(id, { status: 'ready', order_status: 'preparing' });
    expect(contradicting.status).toBe(422);
    expect(contradicting.body.details).toEqual({ status: 'contradicts order_status; send one of them' });
  });

  it('refuses an empty body, unknown fields and unknown values in the contract shape', async () => {
    const id = await createOrder(app, tenant.key);
    const empty = await patch(id, {});
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({
      code: 422,
      error: 'Validation failed',
      details: { body: 'name at least one of status, payment_status, fulfillment_status' },
    });
    const unknownField = await patch(id, { colour: 'red' });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.details).toEqual({ colour: 'is not a known field' });
    const unknownValue = await patch(id, { status: 'RECEIVED' });
    expect(unknownValue.status).toBe(422);
    expect(Object.keys(unknownValue.body.details)).toEqual(['status']);
  });

  it('answers 404 for an unknown order and 410 for a deleted one', async () => {
    const missing = await patch('r0000000000000000', { status: 'confirmed' });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 404,
      error: 'Order not found',
      details: { id: 'r0000000000000000' },
    });
    const id = await createOrder(app, tenant.key);
    await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    const gone = await patch(id, { status: 'confirmed' });
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual({ code: 410, error: 'Order deleted', details: { id } });
  });

  it('honours If-Match: the current ETag writes, a stale one is 412 and writes nothing', async () => {
    const id = await createOrder(app, tenant.key);
    const etag = (await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key })).headers.get(
      'etag',
    ) as string;
    const first = await patch(id, { status: 'confirmed' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    const stale = await patch(id, { status: 'preparing' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      code: 412,
      error: 'Order was modified',
      details: { id, current_version: 2 },
    });
    const star = await patch(id, { status: 'preparing' }, { 'if-match': '*' });
    expect(star.status).toBe(200);
    const listed = await patch(id, { status: 'ready' }, { 'if-match': `"v1", ${star.headers.get('etag')}` });
    expect(listed.status).toBe(200);
    const foreign = await patch(id, { status: 'shipped' }, { 'if-match': 'W/"v4"' });
    expect(foreign.status).toBe(412);
    const read = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(read.body.order.order_status).toBe('ready');
  });
});
