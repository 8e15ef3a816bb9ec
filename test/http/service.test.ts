import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('service endpoints', () => {
  it('answers health and readiness', async () => {
    expect((await app.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await app.call('GET', '/readyz')).body).toEqual({ status: 'ready' });
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await app.call('GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders', '/api/v1/orders/{id}']),
    );
    const create = response.body.paths['/api/v1/orders'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['source', 'products', 'total_amount', 'currency']),
    );
  });

  it('serves the docs page', async () => {
    const response = await app.call('GET', '/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<html');
  });

  it('answers unknown routes in the error shape', async () => {
    const response = await app.call('GET', '/api/v1/nothing');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 404, error: 'Route not found' });
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const kept = await app.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await app.call('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });
});
