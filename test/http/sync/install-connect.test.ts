/**
 * Installing and connecting in one call: `POST /api/v1/apps` with `credentials` (and `base_url`) is
 * checked and sealed as the credentials route does it, starts the first sync, never shows the
 * credentials again, and a refused body installs nothing (decision 0141).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orbitkitNormalizer } from '../../../src/integrations/orbitkit.js';
import { parseVendorJson } from '../../../src/integrations/vendor-json.js';
import { appSync, organizationApps } from '../../../src/storage/schema.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { expectLedgerMatchesVendor, syncState, testConnectors, waitForState } from '../../helpers/sync.js';
import { OrbitkitSimulator } from '../../simulators/orbitkit.js';

let app: TestApp;
let strict: TestApp;
let vendor: OrbitkitSimulator;

beforeAll(async () => {
  app = await startTestApp({ connectors: testConnectors });
  // The production defaults: no overrides, no private addresses.
  strict = await startTestApp({
    connectors: {
      allowBaseUrlOverride: false,
      allowPrivateTargets: false,
      scheduler: false,
      timeoutMs: 1000,
    },
  });
  vendor = await OrbitkitSimulator.start({ orders: 40 });
});

afterAll(async () => {
  await app?.close();
  await strict?.close();
  await vendor?.close();
});

/** Every install row (live or not) and sync row the organization has, straight from storage. */
async function storedRows(on: TestApp, tenant: TestTenant) {
  const installs = await on.database.db.select().from(organizationApps);
  const syncs = await on.database.db.select().from(appSync);
  return {
    installs: installs.filter((row) => row.organizationId === tenant.organizationId),
    syncs: syncs.filter((row) => row.organizationId === tenant.organizationId),
  };
}

describe('POST /api/v1/apps with credentials', { timeout: 60_000 }, () => {
  it('installs, connects and syncs in one call; the credentials are never shown again', async () => {
    const tenant = await app.newTenant();
    const created = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: {
        app_slug: 'orbitkit-orders',
        name: 'Orbitkit',
        credentials: vendor.credentials,
        base_url: vendor.baseUrl,
      },
    });
    expect(created.status, created.text).toBe(201);
    const installId = created.body.data.id as string;
    expect(created.body.data.webhook_secret).toEqual(expect.any(String));
    expect(created.body.data).not.toHaveProperty('credentials');
    expect(created.body.data).not.toHaveProperty('base_url');

    const state = await waitForState(app, tenant, installId, (current) => current.last_success_at !== null);
    expect(state).toMatchObject({ credentials_set: true, base_url: vendor.baseUrl, last_error: null });
    await expectLedgerMatchesVendor(
      app,
      tenant,
      installId,
      [...vendor.orders.values()].map((order) => ({
        id: order.key,
        normalized: orbitkitNormalizer.normalize(parseVendorJson(JSON.stringify(vendor.details(order))), {
          defaultCurrency: null,
        }),
      })),
    );

    const texts = [
      created.text,
      (await app.call('GET', `/api/v1/apps/${installId}`, { key: tenant.key })).text,
      (await app.call('GET', '/api/v1/apps', { key: tenant.key })).text,
      (await app.call('GET', `/api/v1/apps/${installId}/sync`, { key: tenant.key })).text,
    ];
    for (const text of texts) {
      expect(text).not.toContain(vendor.apiKey);
    }
    // Sealed at rest, under the same context as the credentials route seals them.
    const [row] = (await storedRows(app, tenant)).syncs;
    expect(row?.credentials).toEqual(expect.any(String));
    expect(row?.credentials).not.toContain(vendor.apiKey);
  });

  it('without credentials an install is as before; base_url alone is kept for the credentials to come', async () => {
    const tenant = await app.newTenant();
    const plain = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'orbitkit-orders' },
    });
    expect(plain.status, plain.text).toBe(201);
    expect((await syncState(app, tenant, plain.body.data.id)).credentials_set).toBe(false);

    const oms = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'oms-orders', base_url: `${vendor.baseUrl}/oms/` },
    });
    expect(oms.status, oms.text).toBe(201);
    expect(await syncState(app, tenant, oms.body.data.id)).toMatchObject({
      credentials_set: false,
      base_url: `${vendor.baseUrl}/oms`,
      next_run_at: null,
    });
  });

  it('a refused credentials body or base URL installs nothing', async () => {
    const tenant = await app.newTenant();
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ app_slug: 'orbitkit-orders', credentials: {}, base_url: vendor.baseUrl }, 'credentials.api_key'],
      [
        { app_slug: 'orbitkit-orders', credentials: { api_key: 'k', token: 'x' }, base_url: vendor.baseUrl },
        'credentials.token',
      ],
      [{ app_slug: 'orbitkit-orders', credentials: { api_key: 'k' }, base_url: 'not a url' }, 'base_url'],
      // The OMS has no public address: its credentials need one.
      [{ app_slug: 'oms-orders', credentials: { api_key: 'k' } }, 'base_url'],
      [{ app_slug: 'generic-orders', credentials: { api_key: 'k' } }, 'credentials'],
      [{ app_slug: 'generic-orders', base_url: vendor.baseUrl }, 'base_url'],
    ];
    for (const [body, field] of refusals) {
      const refused = await app.call('POST', '/api/v1/apps', { key: tenant.key, body });
      expect(refused.status, `${JSON.stringify(body)}: ${refused.text}`).toBe(422);
      expect(Object.keys(refused.body.details)).toContain(field);
      expect(refused.text).not.toContain('"k"');
    }
    // Not a string: the schema refuses it before the service runs.
    const typed = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'orbitkit-orders', credentials: { api_key: 12 }, base_url: vendor.baseUrl },
    });
    expect(typed.status).toBe(422);

    expect((await app.call('GET', '/api/v1/apps', { key: tenant.key })).body.data).toEqual([]);
    expect(await storedRows(app, tenant)).toEqual({ installs: [], syncs: [] });
  });

  it('the operator settings and the SSRF guard apply as on the credentials route', async () => {
    const tenant = await strict.newTenant();
    const override = await strict.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: {
        app_slug: 'orbitkit-orders',
        credentials: vendor.credentials,
        base_url: 'https://sandbox.example.com',
      },
    });
    expect(override.status, override.text).toBe(422);
    expect(override.body.details.base_url).toMatch(/does not allow replacing/);
    for (const target of ['http://127.0.0.1:9/', 'https://169.254.169.254/latest']) {
      const internal = await strict.call('POST', '/api/v1/apps', {
        key: tenant.key,
        body: { app_slug: 'oms-orders', credentials: { api_key: 'k' }, base_url: target },
      });
      expect(internal.status, internal.text).toBe(422);
      expect(internal.body.details).toHaveProperty('base_url');
    }
    expect(await storedRows(strict, tenant)).toEqual({ installs: [], syncs: [] });

    // The vendor's own address needs no override.
    const production = await strict.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'orbitkit-orders', credentials: vendor.credentials },
    });
    expect(production.status, production.text).toBe(201);
    expect(await syncState(strict, tenant, production.body.data.id)).toMatchObject({
      credentials_set: true,
      base_url: 'https://api.orbitkit.com',
    });
  });
});
