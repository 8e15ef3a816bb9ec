/** The dashboard's static files and client-side routes, next to the API's own paths. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b.js"></script></body></html>';
/** What Chromium sends when it navigates to a page. */
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
let app: TestApp;
let webRoot: string;

beforeAll(async () => {
  // A stand-in build: what is tested is how the service serves files, not the page itself.
  webRoot = mkdtempSync(join(tmpdir(), 'linkit-web-root-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), INDEX);
  writeFileSync(join(webRoot, 'assets', 'app-1a2b.js'), 'console.log("dashboard");');
  app = await startTestApp({ webRoot });
});
afterAll(async () => {
  await app.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('serving the dashboard', () => {
  it('serves the page at / and must-revalidate, so a deploy is picked up', async () => {
    const response = await app.call('GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.text).toBe(INDEX);
  });

  it('answers client-side routes with the page, query and all', async () => {
    for (const path of [
      '/orders',
      '/orders/r123abc',
      '/orders?status=pending&sort=-total_amount',
      '/webhooks',
    ]) {
      const response = await app.call('GET', path, { headers: { accept: BROWSER_ACCEPT } });
      expect(response.status, path).toBe(200);
      expect(response.text, path).toBe(INDEX);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const response = await app.call('GET', '/assets/app-1a2b.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('keeps the JSON 404 for missing files, unknown API paths and non-GET methods', async () => {
    for (const [method, path] of [
      ['GET', '/assets/missing-9z.js'],
      ['GET', '/favicon.ico'],
      ['GET', '/api/v1/nothing'],
      ['GET', '/api'],
      ['GET', '/api/v2/orders'],
      ['GET', '/metrics/anything'],
      ['GET', '/api/anything'],
      ['POST', '/orders'],
      ['PUT', '/orders/r123abc'],
      ['DELETE', '/'],
    ] as const) {
      const response = await app.call(method, path, { headers: { accept: BROWSER_ACCEPT } });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body, `${method} ${path}`).toMatchObject({ code: 404, error: 'Route not found' });
    }
  });

  it('answers a page path with the JSON 404 when the client does not ask for HTML', async () => {
    for (const accept of ['*/*', 'application/json', '']) {
      for (const path of ['/orders', '/orders/r123abc', '/anything']) {
        const response = await app.call('GET', path, { headers: accept ? { accept } : {} });
        expect(response.status, `${path} ${accept}`).toBe(404);
        expect(response.headers.get('content-type'), `${path} ${accept}`).toMatch(/^application\/json/);
        expect(response.body, `${path} ${accept}`).toMatchObject({ code: 404, error: 'Route not found' });
      }
    }
  });

  it('leaves the service routes alone', async () => {
    // Prometheus' text, not the dashboard's page, even for a browser (decision 0184).
    const metrics = await app.call('GET', '/metrics', { headers: { accept: BROWSER_ACCEPT } });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await app.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await app.call('GET', '/readyz')).body).toEqual({ status: 'ready' });
    expect((await app.call('GET', '/api/v1/openapi.json')).body.openapi).toBe('3.1.0');
    const docs = await app.call('GET', '/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).not.toBe(INDEX);
    expect((await app.call('GET', '/api/v1/orders')).status).toBe(401);
  });
});

describe('without a dashboard build', () => {
  it('serves the API only: / is a JSON 404', async () => {
    const apiOnly = await startTestApp({ webRoot: join(webRoot, 'no-such-build') });
    try {
      const response = await apiOnly.call('GET', '/');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 404, error: 'Route not found' });
      expect((await apiOnly.call('GET', '/healthz')).status).toBe(200);
    } finally {
      await apiOnly.close();
    }
  });
});
