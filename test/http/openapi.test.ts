/**
 * The OpenAPI document: the committed `openapi.json` is what the service serves (regenerate with
 * `npm run openapi`), and it names what integrators look for.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
let served: any;

beforeAll(async () => {
  app = await startTestApp({ webRoot: false });
  served = (await app.call('GET', '/api/v1/openapi.json')).body;
});
afterAll(async () => {
  await app.close();
});

const operations = (document: any) =>
  Object.entries(document.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item).map(([method, operation]: [string, any]) => ({ path, method, operation })),
  );

describe('the OpenAPI document', () => {
  it('is the committed openapi.json (run `npm run openapi` after changing a route)', () => {
    expect(JSON.parse(readFileSync('openapi.json', 'utf8'))).toEqual(served);
  });

  it('gives every operation a unique operationId and a described answer', () => {
    const all = operations(served);
    expect(all.length).toBeGreaterThan(35);
    const ids = all.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of all) {
      for (const response of Object.values(operation.responses) as any[]) {
        expect(response.description).not.toBe('Default Response');
      }
    }
    expect(served.paths['/api/v1/orders'].get.operationId).toBe('listOrders');
    expect(served.paths['/api/v1/keys/{id}/rotate'].post.operationId).toBe('rotateApiKey');
  });

  it('names the contract schemas and refers to them', () => {
    for (const name of [
      'UnifiedOrderPayload',
      'OrderSnapshot',
      'OrdersListed',
      'Error',
      'OrderEvent',
      'ApiKey',
    ]) {
      expect(served.components.schemas, name).toHaveProperty(name);
    }
    const get = served.paths['/api/v1/orders/{id}'].get;
    expect(get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/OrderSnapshot',
    });
    expect(served.components.schemas.OrderSnapshot.properties.order).toEqual({
      $ref: '#/components/schemas/UnifiedOrderPayload',
    });
    const bulk = served.paths['/api/v1/orders/bulk'].post.requestBody.content['application/json'].schema;
    expect(bulk.items).toEqual({ $ref: '#/components/schemas/OrderCreateBody' });
    expect(served.paths['/api/v1/orders'].post.requestBody.content['application/json'].example).toMatchObject(
      {
        source: 'manual',
        total_amount: 83.98,
      },
    );
  });

  it('declares the headers and media types the routes use', () => {
    const names = (operation: any) =>
      (operation.parameters ?? []).map((parameter: any) =>
        parameter.$ref ? served.components.parameters[parameter.$ref.split('/').pop()].name : parameter.name,
      );
    const get = served.paths['/api/v1/orders/{id}'].get;
    expect(names(get)).toContain('If-None-Match');
    expect(get.responses['200'].headers).toHaveProperty('ETag');
    expect(get.responses).toHaveProperty('304');
    const patch = served.paths['/api/v1/orders/{id}/status'].patch;
    expect(names(patch)).toEqual(
      expect.arrayContaining(['if-match', 'Idempotency-Key', 'X-Organization-ID']),
    );
    expect(patch.responses).toHaveProperty('412');
    expect(Object.keys(served.paths['/api/v1/orders/export'].get.responses['200'].content)).toEqual([
      'text/csv',
      'application/x-ndjson',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const changes = served.paths['/api/v1/orders/changes'].get;
    expect(changes.responses['200'].content).toHaveProperty('text/event-stream');
    expect(names(changes)).toContain('Last-Event-ID');
    expect(served.servers).toEqual([expect.objectContaining({ url: expect.stringMatching(/^http/) })]);
  });

  it('documents each outbound webhook event with its signature headers', () => {
    expect(Object.keys(served.webhooks).sort()).toEqual(
      ['order.created', 'order.deleted', 'order.status_changed', 'order.updated'].sort(),
    );
    const created = served.webhooks['order.created'].post;
    expect(created.parameters.map((parameter: any) => parameter.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(created.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/OrderEvent',
    });
    expect(served.components.schemas.OrderEvent.required).toContain('order_version');
  });
});
