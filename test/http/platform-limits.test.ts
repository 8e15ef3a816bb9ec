/** Rate limits per key and organization, webhook budgets, CORS and `/metrics`, over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

const ORDERS = '/api/v1/orders?limit=1';

describe('rate limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      webRoot: false,
      rateLimits: { perKeyPerMinute: 3, perOrganizationPerMinute: 5, webhooksPerInstallPerMinute: 2 },
    });
  });
  afterAll(() => app.close());

  it('refuses a key past its budget, then its organization past the organization budget; others are unaffected', async () => {
    const tenant = await app.newTenant();
    const first = await app.call('GET', ORDERS, { key: tenant.key });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    await app.call('GET', ORDERS, { key: tenant.key });
    await app.call('GET', ORDERS, { key: tenant.key });
    const refused = await app.call('GET', ORDERS, { key: tenant.key });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 429,
      error: 'Too many requests',
      details: { limit: 3, scope: 'api_key' },
    });
    expect(refused.body.details.retry_after_seconds).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');

    // The organization has spent 4 of 5: a second key gets one more, then the organization's 429.
    const other = await tenant.issueKey();
    expect((await app.call('GET', ORDERS, { key: other.key })).status).toBe(200);
    const byOrganization = await app.call('GET', ORDERS, { key: other.key });
    expect(byOrganization.status).toBe(429);
    expect(byOrganization.body.details).toMatchObject({ limit: 5, scope: 'organization' });

    const stranger = await app.newTenant();
    expect((await app.call('GET', ORDERS, { key: stranger.key })).status).toBe(200);
    // Probes are never counted.
    expect((await app.call('GET', '/healthz')).status).toBe(200);
  });

  it('limits a webhook flood per install without touching the API budgets', async () => {
    const path = '/webhooks/salla/inst_flooded';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await app.call('POST', path, { body: { event: 'order.created' } })).status);
    }
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses.slice(2)).toEqual([429, 429]);
    const tenant = await app.newTenant();
    expect((await app.call('GET', ORDERS, { key: tenant.key })).status).toBe(200);
    // Another install has its own budget.
    expect((await app.call('POST', '/webhooks/salla/inst_other', { body: {} })).status).not.toBe(429);
  });
});

describe('CORS and metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      webRoot: false,
      cors: { origins: ['https://app.example.com'] },
      metrics: { enabled: true, token: 'metrics-token-0123456789' },
    });
  });
  afterAll(() => app.close());

  it('answers a preflight from an allowed origin and gives a refused one no CORS headers', async () => {
    const allowed = await app.call('OPTIONS', '/api/v1/orders', {
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');

    const tenant = await app.newTenant();
    const simple = await app.call('GET', ORDERS, {
      key: tenant.key,
      headers: { origin: 'https://app.example.com' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(simple.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(simple.headers.get('access-control-expose-headers')).toContain('ETag');

    const refused = await app.call('OPTIONS', '/api/v1/orders', {
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves Prometheus metrics by route pattern with the intake gauge, behind its token', async () => {
    const tenant = await app.newTenant();
    await app.call('GET', ORDERS, { key: tenant.key });
    await app.call('GET', '/api/v1/orders/ord_doesnotexist', { key: tenant.key });

    const anonymous = await app.call('GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 401 });

    const scrape = await app.call('GET', '/metrics', {
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    expect(scrape.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/orders",status_code="200"\} \d+/,
    );
    expect(scrape.text).toContain('route="/api/v1/orders/:id"');
    expect(scrape.text).not.toContain('ord_doesnotexist');
    expect(scrape.text).toContain('http_request_duration_seconds_bucket');
    expect(scrape.text).toContain('process_cpu_user_seconds_total');
    expect(scrape.text).toContain('# TYPE linkit_intake_items gauge');
    expect(scrape.text).toMatch(/linkit_webhook_deliveries\{status="pending"\} \d+/);
    expect(scrape.text).toContain('# TYPE linkit_sync_installs gauge');
  });
});

describe('metrics off, CORS off', () => {
  it('keeps /metrics a JSON 404 and sends no CORS headers', async () => {
    const app = await startTestApp({ webRoot: false, metrics: { enabled: false, token: undefined } });
    try {
      const metrics = await app.call('GET', '/metrics');
      expect(metrics.status).toBe(404);
      expect(metrics.body).toMatchObject({ code: 404 });
      const preflight = await app.call('OPTIONS', '/api/v1/orders', {
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await app.close();
    }
  });
});

describe('request logs', () => {
  it('name the organization, the key and the route pattern on the completion line', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
    const app = await startTestApp({ webRoot: false, logger: { level: 'info', stream } });
    try {
      const tenant = await app.newTenant();
      await app.call('GET', '/api/v1/orders/ord_missing', { key: tenant.key });
      const completed = lines.find(
        (line) => line.msg === 'request completed' && line.route === '/api/v1/orders/:id',
      );
      expect(completed).toMatchObject({
        organization_id: tenant.organizationId,
        route: '/api/v1/orders/:id',
      });
      expect(completed?.api_key_id).toEqual(expect.any(String));
      // A refused caller's line still names the route.
      await app.call('GET', '/api/v1/orders', { key: 'lk_not_a_key' });
      const refused = lines.find(
        (line) =>
          line.msg === 'request completed' &&
          line.route === '/api/v1/orders' &&
          (line.res as { statusCode?: number } | undefined)?.statusCode === 401,
      );
      expect(refused).toBeDefined();
      expect(refused?.organization_id).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
