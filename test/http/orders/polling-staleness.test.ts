/**
 * Never stale: a write acknowledged before a poll started is in that poll's answer (and a deleted order
 * is gone), also when the write went through another process over the same PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { orderBody } from '../../helpers/orders.js';
import { freshDatabase, startServer } from '../../helpers/process.js';

const KEY = 'lk_polling_staleness_test_key_0001';

async function call(url: string, method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: text ? JSON.parse(text) : null,
  };
}

const poll = (url: string, headers = {}) =>
  call(
    url,
    'GET',
    `/api/v1/orders?sort=-created&from=${new Date(Date.now() - 3600_000).toISOString()}`,
    undefined,
    headers,
  );

describe('polling from two processes', { timeout: 120_000 }, () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'shows every write of one process in the next poll of the other',
    async () => {
      const database = await freshDatabase();
      const env = { ...database.env, LINKIT_BOOTSTRAP_KEY: KEY };
      const writer = await startServer(env);
      const reader = await startServer(env);
      try {
        // Warm the reader's window and single-order reads first, so staleness would show.
        expect((await poll(reader.url)).status).toBe(200);
        for (let round = 0; round < 5; round += 1) {
          const created = await call(writer.url, 'POST', '/api/v1/orders', orderBody());
          expect(created.status).toBe(201);
          const id = created.body.data.id;
          const listed = await poll(reader.url);
          expect(listed.body.orders[0].order.id).toBe(id);

          const single = await call(reader.url, 'GET', `/api/v1/orders/${id}`);
          expect(single.body.order.order_status).toBe('pending');
          await call(writer.url, 'PATCH', `/api/v1/orders/${id}/status`, { status: 'confirmed' });
          const changed = await call(reader.url, 'GET', `/api/v1/orders/${id}`, undefined, {
            'if-none-match': single.etag,
          });
          expect(changed.status).toBe(200);
          expect(changed.body.order.order_status).toBe('confirmed');
          const relisted = await poll(reader.url, { 'if-none-match': listed.etag });
          expect(relisted.status).toBe(200);
          expect(relisted.body.orders[0].order.order_status).toBe('confirmed');

          expect((await call(writer.url, 'DELETE', `/api/v1/orders/${id}`)).status).toBe(200);
          const afterDelete = await poll(reader.url);
          expect(afterDelete.body.orders.map((item: any) => item.order.id)).not.toContain(id);
        }
      } finally {
        await writer.stop();
        await reader.stop();
        await database.drop();
      }
    },
  );
});
