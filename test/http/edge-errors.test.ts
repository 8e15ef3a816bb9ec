/**
 * Every malformed request gets a 4xx in the contract's `{code, error, details}`: framing errors that
 * Node's parser refuses, bad URLs, bodies and content types, methods, and text PostgreSQL cannot store
 * (issue 17: Fastify's and Node's own bodies, and 500s for NUL bytes and out-of-range integers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { createOrder, orderBody } from '../helpers/orders.js';
import { rawRequest } from '../helpers/raw-http.js';

let app: TestApp;
let tenant: TestTenant;
let orderId: string;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
  orderId = await createOrder(app, tenant.key);
});
afterAll(async () => {
  await app.close();
});

function expectContractError(body: unknown, status: number, context: string): void {
  expect(body, context).toEqual({ code: status, error: expect.any(String), details: expect.any(Object) });
}

/** A raw request's answer, checked for the contract's shape; returns the parsed body. */
async function raw(bytes: string | Buffer, status: number): Promise<any> {
  const response = await rawRequest(app.url, bytes);
  const context = JSON.stringify(bytes.toString().slice(0, 80));
  expect(response.status, context).toBe(status);
  expect(response.headers['content-type'], context).toMatch(/^application\/json/);
  const body = JSON.parse(response.body);
  expectContractError(body, status, context);
  return body;
}

const auth = () => `Authorization: Bearer ${tenant.key}\r\n`;

describe('framing errors (refused by the HTTP parser)', () => {
  it('a Content-Length that is not a number, or two that disagree: 400', async () => {
    const post = (headers: string) =>
      `POST /api/v1/orders HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: application/json\r\n${headers}\r\n{}`;
    expect((await raw(post('Content-Length: abc\r\n'), 400)).error).toBe('Invalid Content-Length');
    expect((await raw(post('Content-Length: 2\r\nContent-Length: 3\r\n'), 400)).error).toBe(
      'Invalid Content-Length',
    );
  });

  it('oversized headers: 431', async () => {
    await raw(`GET /api/v1/orders HTTP/1.1\r\nHost: x\r\n${auth()}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431);
  });

  it('broken chunked framing, an unknown method, bytes that are not HTTP: 400', async () => {
    await raw(
      `POST /api/v1/orders HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      400,
    );
    await raw('FOO /api/v1/orders HTTP/1.1\r\nHost: x\r\n\r\n', 400);
    await raw('HELLO\r\n\r\n', 400);
  });

  it('unencoded UTF-8 in the URL: 400 Malformed URL', async () => {
    const body = await raw(
      Buffer.concat([
        Buffer.from('GET /api/v1/orders?search='),
        Buffer.from('عبد', 'utf8'),
        Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth()}\r\n`),
      ]),
      400,
    );
    expect(body.error).toBe('Malformed URL');
  });

  it('the service still answers afterwards', async () => {
    expect((await app.call('GET', '/api/v1/orders', { key: tenant.key })).status).toBe(200);
  });
});

describe('bad URLs, bodies, content types and methods', () => {
  it('a path that is not valid percent-encoded UTF-8: 400', async () => {
    for (const path of ['/api/v1/orders/%E0%A4%A', '/api/v1/orders/a%ED%A0%80b', '/api/v1/orders/%']) {
      const response = await app.call('GET', path, { key: tenant.key });
      expect(response.status, path).toBe(400);
      expectContractError(response.body, 400, path);
    }
  });

  it('malformed JSON, an empty JSON body: 400', async () => {
    for (const rawBody of ['{x', '', '{"a":1', 'nul']) {
      const response = await app.call('POST', '/api/v1/orders', { key: tenant.key, rawBody });
      expect(response.status, rawBody).toBe(400);
      expectContractError(response.body, 400, rawBody);
    }
  });

  it('a body that is not JSON: 415, whatever its type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'image/png']) {
      const response = await app.call('POST', '/api/v1/orders', {
        key: tenant.key,
        rawBody: '{}',
        headers: { 'content-type': type },
      });
      expect(response.status, type).toBe(415);
      expectContractError(response.body, 415, type);
    }
  });

  it('a body over the limit: 413', async () => {
    const response = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      rawBody: JSON.stringify(orderBody({ comment: 'x'.repeat(1_100_000) })),
    });
    expect(response.status).toBe(413);
    expectContractError(response.body, 413, 'too large');
  });

  it('a method a path does not have, and OPTIONS: the JSON 404', async () => {
    for (const [method, path] of [
      ['PUT', '/api/v1/orders'],
      ['PATCH', `/api/v1/orders/${orderId}`],
      ['OPTIONS', '/api/v1/orders'],
      ['TRACE', '/api/v1/orders'],
    ] as const) {
      const response = await rawRequest(
        app.url,
        `${method} ${path} HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`,
      );
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expectContractError(JSON.parse(response.body), response.status, `${method} ${path}`);
    }
  });

  it('HEAD answers as GET does, without a body', async () => {
    const ok = await app.call('HEAD', '/api/v1/orders', { key: tenant.key });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const anonymous = await app.call('HEAD', '/api/v1/orders');
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toBe('');
  });
});

describe('text PostgreSQL cannot store, integers past its ranges', () => {
  it('a NUL in a query value, a path id or a body string: 422 naming the field', async () => {
    const cases = [
      ['GET', '/api/v1/orders?search=a%00b', undefined, 'search'],
      ['GET', '/api/v1/orders?sku=a%00b&product=x', undefined, 'sku'],
      ['GET', '/api/v1/orders/export?format=xlsx&sku=a%00b', undefined, 'sku'],
      ['GET', '/api/v1/orders/r1%00', undefined, 'id'],
      ['GET', `/api/v1/orders/${orderId}%00/history`, undefined, 'id'],
      ['POST', '/api/v1/orders', orderBody({ customer_name: 'a\u0000b' }), 'customer_name'],
      [
        'POST',
        '/api/v1/orders',
        orderBody({ products: [{ product_id: 'p\u0000', name: 'n', quantity: 1, price: 1 }] }),
        'products[0].product_id',
      ],
      ['PATCH', `/api/v1/orders/${orderId}/status`, { status: 'confirmed\u0000' }, 'status'],
    ] as const;
    for (const [method, path, body, field] of cases) {
      const response = await app.call(method, path, { key: tenant.key, body });
      expect(response.status, `${method} ${path}`).toBe(422);
      expect(response.body.details[field], `${method} ${path}`).toMatch(/NUL/);
    }
  });

  it('a lone UTF-16 surrogate in a body string or key: 422', async () => {
    for (const rawBody of [
      JSON.stringify(orderBody({ customer_name: 'x' })).replace('"x"', '"\\ud800"'),
      JSON.stringify(orderBody({ comment: 'x' })).replace('"x"', '"a\\udc00b"'),
      JSON.stringify({ ...orderBody(), metadata: { x: 1 } }).replace('"x"', '"\\ud83d"'),
    ]) {
      const response = await app.call('POST', '/api/v1/orders', { key: tenant.key, rawBody });
      expect(response.status, rawBody.slice(0, 60)).toBe(422);
      expect(JSON.stringify(response.body.details)).toMatch(/surrogate/);
    }
    // A pair is a character like any other.
    expect(
      (
        await app.call('POST', '/api/v1/orders', {
          key: tenant.key,
          body: orderBody({ customer_name: '😀' }),
        })
      ).status,
    ).toBe(201);
  });

  it('integers past PostgreSQL ranges: 422, not an internal error', async () => {
    for (const query of ['after_version=99999999999999999999', 'after_version=2147483648', 'limit=1e400']) {
      const response = await app.call('GET', `/api/v1/orders/${orderId}/history?${query}`, {
        key: tenant.key,
      });
      expect(response.status, query).toBe(422);
      expectContractError(response.body, 422, query);
    }
    const ok = await app.call('GET', `/api/v1/orders/${orderId}/history?after_version=2147483647`, {
      key: tenant.key,
    });
    expect(ok.status).toBe(200);
  });
});
