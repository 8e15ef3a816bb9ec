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
    const bodySchema = create.requestBody.content['application/json'].schema;
    // Named schemas are shared components (docs/decisions/0183-openapi-document.md).
    expect(bodySchema).toEqual({ $ref: '#/components/schemas/OrderCreateBody' });
    expect(response.body.components.schemas.OrderCreateBody.required).toEqual(
      expect.arrayContaining(['source', 'products', 'total_amount', 'currency']),
    );
  });

  it('marks every parameter with a default optional, and keeps path parameters required', async () => {
    const document = (await app.call('GET', '/api/v1/openapi.json')).body;
    const parameters = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations).flatMap(([method, operation]) =>
          (operation.parameters ?? []).map((parameter: any) => ({ at: `${method} ${path}`, ...parameter })),
        ),
    );
    const withDefaults = parameters.filter((parameter) => parameter.schema?.default !== undefined);
    expect(withDefaults.length).toBeGreaterThanOrEqual(15);
    for (const parameter of withDefaults) {
      expect(parameter.required ?? false, `${parameter.at} ${parameter.name}`).toBe(false);
    }
    const list = document.paths['/api/v1/orders'].get.parameters;
    expect(list.find((parameter: any) => parameter.name === 'page')).toMatchObject({ required: false });
    expect(list.find((parameter: any) => parameter.name === 'sort')).toMatchObject({ required: false });
    for (const parameter of parameters.filter((parameter) => parameter.in === 'path')) {
      expect(parameter.required, `${parameter.at} ${parameter.name}`).toBe(true);
    }
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
