/**
 * Pulling Orbitkit (seed 002) against its simulator: a backfill of everything through `more` cursors,
 * incremental runs after changes and removals (410 Gone soft-deletes as a DELETE would), faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orbitkitNormalizer } from '../../../src/integrations/orbitkit.js';
import { parseVendorJson } from '../../../src/integrations/vendor-json.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { installApp } from '../../helpers/integrations.js';
import {
  expectLedgerMatchesVendor,
  ledgerOf,
  saveCredentials,
  syncNow,
  testConnectors,
  waitForState,
} from '../../helpers/sync.js';
import { OrbitkitSimulator } from '../../simulators/orbitkit.js';

let app: TestApp;
let tenant: TestTenant;
let vendor: OrbitkitSimulator;
let installId: string;

const vendorOrders = () =>
  [...vendor.orders.values()].map((order) => ({
    id: order.key,
    normalized: orbitkitNormalizer.normalize(parseVendorJson(JSON.stringify(vendor.details(order))), {
      defaultCurrency: null,
    }),
  }));

beforeAll(async () => {
  app = await startTestApp({ connectors: testConnectors });
  tenant = await app.newTenant();
  // 250 orders, pages of at most 100 (the vendor may send fewer than the 1,000 asked for).
  vendor = await OrbitkitSimulator.start({ orders: 250, pageCap: 100 });
  installId = (await installApp(app, tenant, 'orbitkit-orders')).id;
});

afterAll(async () => {
  await app?.close();
  await vendor?.close();
});

describe('Orbitkit pull', { timeout: 300_000 }, () => {
  it('saving credentials starts the first run: everything through the cursor, with orders inserted and changed between pages', async () => {
    const first = [...vendor.orders.keys()][0] as string;
    vendor.server.beforeListRequest(2, () => {
      vendor.insertOrder(); // lands after the pages already read: the same pass finds it
      vendor.changeOrder(first); // already read: the next run brings its new version
    });
    const saved = await saveCredentials(app, tenant, installId, vendor.credentials, vendor.baseUrl);
    expect(saved).toMatchObject({
      credentials_set: true,
      credential_fields: ['api_key'],
      schedule_minutes: 5,
    });
    expect(JSON.stringify(saved)).not.toContain(vendor.apiKey);
    const state = await waitForState(app, tenant, installId, (current) => current.last_success_at !== null);
    expect(state.last_error).toBeNull();
    expect(state.state).toBe('idle');
    expect(vendor.server.count('list')).toBe(3);
    expect(vendor.server.log.filter((entry) => entry.kind === 'list').map((entry) => entry.query)).toEqual([
      '?limit=1000',
      expect.stringMatching(/^\?limit=1000&cursor=/),
      expect.stringMatching(/^\?limit=1000&cursor=/),
    ]);
    expect((await ledgerOf(app, tenant, installId)).length).toBe(251);

    await syncNow(app, tenant, installId, {});
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });

  it('an incremental run re-reads without capturing unchanged orders, and brings changes', async () => {
    const keys = [...vendor.orders.keys()];
    const intakeBefore = await app.call('GET', `/api/v1/apps/${installId}/intake?limit=1`, {
      key: tenant.key,
    });
    for (const key of keys.slice(0, 40)) {
      vendor.changeOrder(key);
    }
    const state = await syncNow(app, tenant, installId, {});
    const intakeAfter = await app.call('GET', `/api/v1/apps/${installId}/intake?limit=1`, {
      key: tenant.key,
    });
    const shipped = keys.slice(0, 40).filter((key) => vendor.orders.get(key)?.state !== 'PROCESSING');
    expect(state.last_success_at).not.toBeNull();
    // Only the orders whose version changed were captured again.
    const captured = intakeAfter.body.pagination.total_items - intakeBefore.body.pagination.total_items;
    expect(captured).toBeGreaterThan(0);
    expect(captured).toBeLessThanOrEqual(40);
    expect(shipped.length).toBeGreaterThan(0);
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });

  it('an order the vendor removed (410 Gone on its key) is soft-deleted with an order.deleted event', async () => {
    const [gone] = [...vendor.orders.keys()].slice(5, 6) as [string];
    const before = (await ledgerOf(app, tenant, installId)).find((order) => order.vendorOrderId === gone);
    vendor.removeOrder(gone);
    await syncNow(app, tenant, installId, {});
    expect(vendor.server.log.some((entry) => entry.path === `/orders/${gone}` && entry.status === 410)).toBe(
      true,
    );
    const ledger = await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
    expect(ledger.find((order) => order.vendorOrderId === gone)?.deleted).toBe(true);
    const read = await app.call('GET', `/api/v1/orders/${before?.id}`, { key: tenant.key });
    expect(read.status).toBe(410);
    const history = await app.call('GET', `/api/v1/orders/${before?.id}/history`, { key: tenant.key });
    expect(JSON.stringify(history.body)).toContain('order.deleted');
  });

  it('rides out 429 with Retry-After, 500s, a slow answer and a reset connection', async () => {
    vendor.insertOrder();
    vendor.server.fail({ on: 'list', status: 429, headers: { 'retry-after': '1' } });
    vendor.server.fail({ on: 'list', status: 500, times: 2 });
    vendor.server.fail({ on: 'list', reset: true });
    vendor.server.fail({ on: 'list', delayMs: 300 });
    const started = vendor.server.log.length;
    const state = await syncNow(app, tenant, installId, {});
    expect(state.last_error).toBeNull();
    expect(state.consecutive_failures).toBe(0);
    const statuses = vendor.server.log.slice(started).map((entry) => entry.status);
    expect(statuses.slice(0, 4)).toEqual([429, 500, 500, null]);
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });

  it('a vendor that keeps failing moves the install to failing with the reason, and it is retried later', async () => {
    vendor.insertOrder();
    vendor.server.fail({ on: 'list', status: 503, times: 6 });
    const failed = await syncNow(app, tenant, installId, {}, { until: (state) => state.state === 'failing' });
    expect(failed.last_error).toMatch(/GET \/orders answered 503 6 times in a row/);
    expect(failed.next_run_at).not.toBeNull();
    // Retried on its own (failureRetryMs) and it now succeeds.
    const recovered = await syncNow(
      app,
      tenant,
      installId,
      {},
      {
        until: (state) => state.state === 'idle' && state.consecutive_failures === 0 && state.run === null,
      },
    );
    expect(recovered.last_error).toBeNull();
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });
});
