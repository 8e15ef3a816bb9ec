/**
 * Connector routes: credentials never leave the service (responses, logs, exports), base URLs pass the
 * operator's settings and the SSRF guard, and the usual security cases (no key, read-only key, another
 * tenant's install).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSync } from '../../../src/storage/schema.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { installApp } from '../../helpers/integrations.js';
import { saveCredentials, testConnectors, waitForState } from '../../helpers/sync.js';
import { OrbitkitSimulator } from '../../simulators/orbitkit.js';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

describe('connector settings and secrecy', { timeout: 300_000 }, () => {
  let app: TestApp;
  let strict: TestApp;
  let tenant: TestTenant;
  let vendor: OrbitkitSimulator;
  const secretKey = 'orbitkit-key-123';

  beforeAll(async () => {
    app = await startTestApp({ connectors: testConnectors, logger: { level: 'trace', stream: logStream } });
    // The production defaults: no overrides, no private addresses.
    strict = await startTestApp({
      connectors: {
        allowBaseUrlOverride: false,
        allowPrivateTargets: false,
        scheduler: false,
        timeoutMs: 1000,
      },
    });
    tenant = await app.newTenant();
    vendor = await OrbitkitSimulator.start({ orders: 30 });
  });

  afterAll(async () => {
    await app?.close();
    await strict?.close();
    await vendor?.close();
  });

  it('credentials are never in a response, a log line or an export, and are sealed at rest', async () => {
    const install = await installApp(app, tenant, 'orbitkit-orders');
    const saved = await saveCredentials(app, tenant, install.id, vendor.credentials, vendor.baseUrl);
    await waitForState(app, tenant, install.id, (state) => state.last_success_at !== null);
    const responses = [
      JSON.stringify(saved),
      (await app.call('GET', `/api/v1/apps/${install.id}/sync`, { key: tenant.key })).text,
      (await app.call('GET', `/api/v1/apps/${install.id}`, { key: tenant.key })).text,
      (await app.call('GET', '/api/v1/apps', { key: tenant.key })).text,
      (await app.call('GET', `/api/v1/apps/${install.id}/intake?limit=100`, { key: tenant.key })).text,
      await (
        await fetch(`${app.url}/api/v1/orders/export?format=jsonl`, {
          headers: { authorization: `Bearer ${tenant.key}` },
        })
      ).text(),
      (await app.call('POST', `/api/v1/apps/${install.id}/sync`, { key: tenant.key, body: {} })).text,
    ];
    for (const text of responses) {
      expect(text).not.toContain(secretKey);
    }
    expect(responses[5]?.split('\n').filter(Boolean).length).toBe(30);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(secretKey);
    const stored = await app.database.db.select({ credentials: appSync.credentials }).from(appSync);
    const text = JSON.stringify(stored);
    expect(text).not.toContain(secretKey);
    expect(text).toContain('sbx1.');
    // The vendor did get it, as a bearer token.
    expect(vendor.server.log.every((entry) => entry.authorization === `Bearer ${secretKey}`)).toBe(true);
  });

  it('credentials are checked against the app’s fields', async () => {
    const install = await installApp(app, tenant, 'syncaty-orders');
    const response = await app.call('PUT', `/api/v1/apps/${install.id}/credentials`, {
      key: tenant.key,
      body: { credentials: { token: 'abc', password: 'x' } },
    });
    expect(response.status).toBe(422);
    expect(response.body.details).toMatchObject({
      'credentials.store_id': expect.stringContaining('is required'),
      'credentials.password': expect.stringContaining('is not a credential of this app'),
    });
    const sync = await app.call('POST', `/api/v1/apps/${install.id}/sync`, { key: tenant.key, body: {} });
    expect(sync.status).toBe(409);
    const generic = await installApp(app, tenant, 'generic-orders');
    const none = await app.call('GET', `/api/v1/apps/${generic.id}/sync`, { key: tenant.key });
    expect(none.status).toBe(409);
    expect(none.body).toEqual({
      code: 409,
      error: 'generic-orders has no API to pull orders from',
      details: { app_slug: 'generic-orders' },
    });
    const badFrom = await app.call('POST', `/api/v1/apps/${install.id}/sync`, {
      key: tenant.key,
      body: { from: 'yesterday' },
    });
    expect(badFrom.status).toBe(422);
  });

  it('a base URL override is refused unless the operator allows it; private addresses need their own setting', async () => {
    const strictTenant = await strict.newTenant();
    const orbitkit = await installApp(strict, strictTenant, 'orbitkit-orders');
    const put = (baseUrl: string | null, installId = orbitkit.id) =>
      strict.call('PUT', `/api/v1/apps/${installId}/credentials`, {
        key: strictTenant.key,
        body: { credentials: { api_key: 'k' }, base_url: baseUrl },
      });
    const override = await put('https://sandbox.orbitkit.example');
    expect(override.status).toBe(422);
    expect(override.body.details.base_url).toMatch(/does not allow replacing the vendor's API address/);
    const production = await put(null);
    expect(production.status).toBe(200);
    expect(production.body.data.base_url).toBe('https://api.orbitkit.com');

    // The OMS has no public host of its own: its address is required and still guarded.
    const oms = await installApp(strict, strictTenant, 'oms-orders');
    for (const target of [
      'http://127.0.0.1:8080',
      'https://127.0.0.1',
      'https://169.254.169.254/latest',
      'https://[::1]',
    ]) {
      const refused = await put(target, oms.id);
      expect(refused.status, target).toBe(422);
      expect(refused.body.details.base_url).toBeDefined();
    }
    expect((await put(null, oms.id)).status).toBe(422);

    // Where overrides are allowed but private targets are not, loopback and metadata stay refused.
    const half = await startTestApp({
      connectors: {
        allowBaseUrlOverride: true,
        allowPrivateTargets: false,
        scheduler: false,
        timeoutMs: 1000,
      },
    });
    try {
      const halfTenant = await half.newTenant();
      const install = await installApp(half, halfTenant, 'salla-orders');
      for (const target of ['https://127.0.0.1/admin/v2', 'https://169.254.169.254', vendor.baseUrl]) {
        const refused = await half.call('PUT', `/api/v1/apps/${install.id}/credentials`, {
          key: halfTenant.key,
          body: { credentials: { access_token: 'a', refresh_token: 'r' }, base_url: target },
        });
        expect(refused.status, target).toBe(422);
        expect(refused.body.details.base_url).toMatch(/not a public address|must use https/);
      }
    } finally {
      await half.close();
    }
  });

  it('no key, a read-only key, another tenant’s install', async () => {
    const install = await installApp(app, tenant, 'orbitkit-orders');
    const other = await app.newTenant();
    const reader = await tenant.issueKey({ scopes: ['order:read'] });
    expect((await app.call('GET', `/api/v1/apps/${install.id}/sync`)).status).toBe(401);
    expect((await app.call('GET', `/api/v1/apps/${install.id}/sync`, { key: reader.key })).status).toBe(200);
    expect(
      (await app.call('POST', `/api/v1/apps/${install.id}/sync`, { key: reader.key, body: {} })).status,
    ).toBe(403);
    expect(
      (
        await app.call('PUT', `/api/v1/apps/${install.id}/credentials`, {
          key: reader.key,
          body: { credentials: {} },
        })
      ).status,
    ).toBe(403);
    expect((await app.call('GET', `/api/v1/apps/${install.id}/sync`, { key: other.key })).status).toBe(404);
    expect(
      (
        await app.call('PUT', `/api/v1/apps/${install.id}/credentials`, {
          key: other.key,
          body: { credentials: { api_key: 'x' } },
        })
      ).status,
    ).toBe(404);
  });
});
