/**
 * Pulling Salla (004), Syncaty (001) and the OMS (003) from their simulators: everything on the first
 * run, details calls where list rows lack what the normalizer needs, orders placed and changed while a
 * run pages (newest-first lists get their catch-up pass), incremental runs after changes, Salla's
 * expired token refreshed on 401 and stored back, its rate-limit headers honoured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NORMALIZERS } from '../../../src/integrations/normalizers.js';
import type { SourceNormalizer } from '../../../src/integrations/source-normalizer.js';
import { parseVendorJson } from '../../../src/integrations/vendor-json.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { installApp } from '../../helpers/integrations.js';
import {
  expectLedgerMatchesVendor,
  saveCredentials,
  syncNow,
  testConnectors,
  waitForState,
} from '../../helpers/sync.js';
import { OmsSimulator } from '../../simulators/oms.js';
import { SallaSimulator } from '../../simulators/salla.js';
import { SyncatySimulator } from '../../simulators/syncaty.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp({ connectors: testConnectors });
  tenant = await app.newTenant();
});

afterAll(async () => {
  await app?.close();
});

/** The vendor's current orders as the normalizer reads them (from JSON text, as captures are). */
function normalizedOrders<T>(
  normalizer: SourceNormalizer,
  orders: Iterable<T>,
  idOf: (order: T) => string,
  details: (order: T) => unknown,
) {
  return [...orders].map((order) => ({
    id: idOf(order),
    normalized: normalizer.normalize(parseVendorJson(JSON.stringify(details(order))), {
      defaultCurrency: null,
    }),
  }));
}

describe('Salla pull', { timeout: 300_000 }, () => {
  let vendor: SallaSimulator;
  let installId: string;
  const expected = () =>
    normalizedOrders(
      NORMALIZERS['salla-orders'],
      vendor.orders.values(),
      (order) => String(order.id),
      (order) => vendor.details(order),
    );

  beforeAll(async () => {
    // Orders placed over the last days, hourly, so that the ones the tests add are placed now-ish, as new
    // orders are: Salla's list filters by placed day, and an incremental run asks only from the day
    // before its checkpoint minus the overlap (decisions 0140, 0141).
    vendor = await SallaSimulator.start({ orders: 120, start: new Date(Date.now() - 125 * 3_600_000) });
    installId = (await installApp(app, tenant, 'salla-orders')).id;
  });
  afterAll(() => vendor?.close());

  it('first run: every order, list pages oldest first and a details call per order; inserts and changes mid-run', async () => {
    const first = [...vendor.orders.keys()][0] as number;
    vendor.server.beforeListRequest(2, () => {
      vendor.insertOrder();
      vendor.changeOrder(first);
    });
    await saveCredentials(app, tenant, installId, vendor.credentials, vendor.baseUrl);
    const state = await waitForState(app, tenant, installId, (current) => current.last_success_at !== null);
    expect(state.last_error).toBeNull();
    const lists = vendor.server.log.filter((entry) => entry.kind === 'list');
    expect(lists.map((entry) => new URLSearchParams(entry.query).get('page'))).toEqual(['1', '2', '3']);
    expect(
      lists.every((entry) => entry.query.includes('sort_by=id-asc') && entry.query.includes('per_page=50')),
    ).toBe(true);
    expect(vendor.server.count('details')).toBe(121);
    // An incremental run reads from the day before its checkpoint minus the overlap: the first order,
    // placed days ago and changed after its page was read, is not listed again (decision 0140: Salla's
    // list filters by placed time only; its webhooks or a backfill bring such a change).
    let before = vendor.server.log.length;
    const incremental = await syncNow(app, tenant, installId, {});
    expect(incremental.last_error).toBeNull();
    const checkpoint = new Date(state.checkpoint as string);
    const window = new Date(checkpoint.getTime() - incremental.overlap_minutes * 60_000 - 86_400_000);
    const incrementalLists = vendor.server.log.slice(before).filter((entry) => entry.kind === 'list');
    expect(incrementalLists.length).toBeGreaterThan(0);
    expect(
      incrementalLists.every(
        (entry) => new URLSearchParams(entry.query).get('from_date') === window.toISOString().slice(0, 10),
      ),
    ).toBe(true);
    expect(vendor.server.log.slice(before).filter((entry) => entry.kind === 'details')).toEqual([]);
    // A backfill from the first order's placed time re-reads it: its changed row costs one details call.
    before = vendor.server.log.length;
    const firstPlaced = vendor.orders.get(first)?.created as Date;
    const backfill = await syncNow(app, tenant, installId, { from: firstPlaced.toISOString() });
    expect(backfill.last_error).toBeNull();
    expect(
      vendor.server.log
        .slice(before)
        .filter((entry) => entry.kind === 'details')
        .map((entry) => entry.path),
    ).toEqual([`/admin/v2/orders/${first}`]);
    await expectLedgerMatchesVendor(app, tenant, installId, expected());
  });

  it('an expired access token is refreshed on 401, stored back, and the run goes on', async () => {
    vendor.expireToken();
    const oldRefresh = vendor.refreshToken;
    const newest = vendor.insertOrder();
    const state = await syncNow(app, tenant, installId, {});
    expect(state.last_error).toBeNull();
    expect(vendor.refreshToken).not.toBe(oldRefresh);
    expect(vendor.server.log.filter((entry) => entry.kind === 'token').map((entry) => entry.status)).toEqual([
      200,
    ]);
    // The rotated refresh token was stored: a second expiry refreshes again with it.
    vendor.expireToken();
    vendor.changeOrder(newest.id);
    const again = await syncNow(app, tenant, installId, {});
    expect(again.last_error).toBeNull();
    expect(vendor.server.log.filter((entry) => entry.kind === 'token').map((entry) => entry.status)).toEqual([
      200, 200,
    ]);
    await expectLedgerMatchesVendor(app, tenant, installId, expected());
  });

  it('a refused refresh fails the install with the reason in words', async () => {
    vendor.expireToken();
    vendor.refreshToken = 'revoked-by-the-merchant';
    const state = await syncNow(
      app,
      tenant,
      installId,
      {},
      { until: (current) => current.state === 'failing' },
    );
    expect(state.last_error).toMatch(/refresh was refused \(401\); save new credentials/);
    await saveCredentials(app, tenant, installId, vendor.credentials, vendor.baseUrl);
    await waitForState(
      app,
      tenant,
      installId,
      (current) => current.state === 'idle' && current.consecutive_failures === 0,
    );
  });

  it('a backfill from a date asks Salla for orders from the day before it', async () => {
    const from = [...vendor.orders.values()][100]?.created as Date;
    const before = vendor.server.log.length;
    await syncNow(app, tenant, installId, { from: from.toISOString() });
    const lists = vendor.server.log.slice(before).filter((entry) => entry.kind === 'list');
    const dayBefore = new Date(from.getTime() - 86_400_000).toISOString().slice(0, 10);
    expect(lists.every((entry) => new URLSearchParams(entry.query).get('from_date') === dayBefore)).toBe(
      true,
    );
  });
});

describe('Syncaty pull', { timeout: 300_000 }, () => {
  let vendor: SyncatySimulator;
  let installId: string;
  const expected = () =>
    normalizedOrders(
      NORMALIZERS['syncaty-orders'],
      vendor.orders.values(),
      (order) => order.id,
      (order) => vendor.details(order),
    );

  beforeAll(async () => {
    vendor = await SyncatySimulator.start({
      orders: 230,
      start: new Date(Date.now() - 230 * 600_000),
      spacingMs: 600_000,
    });
    installId = (await installApp(app, tenant, 'syncaty-orders')).id;
  });
  afterAll(() => vendor?.close());

  it('first run: every order through page/limit 100 with store_id; an order placed mid-run is caught by the catch-up pass', async () => {
    let placed = '';
    vendor.server.beforeListRequest(2, () => {
      placed = vendor.insertOrder().id; // newest first: it lands on page 1, already read
    });
    await saveCredentials(app, tenant, installId, vendor.credentials, vendor.baseUrl);
    const state = await waitForState(app, tenant, installId, (current) => current.last_success_at !== null);
    expect(state.last_error).toBeNull();
    const lists = vendor.server.log.filter((entry) => entry.kind === 'list');
    expect(
      lists.every(
        (entry) => entry.query.includes('limit=100') && entry.query.includes(`store_id=${vendor.storeId}`),
      ),
    ).toBe(true);
    // Three pages, then page 1 again (it brought the new order), then page 2 (nothing new): caught up.
    expect(lists.map((entry) => new URLSearchParams(entry.query).get('page'))).toEqual([
      '1',
      '2',
      '3',
      '1',
      '2',
    ]);
    expect(vendor.server.log.some((entry) => entry.kind === 'details' && entry.path.endsWith(placed))).toBe(
      true,
    );
    await expectLedgerMatchesVendor(app, tenant, installId, expected());
  });

  it('an incremental run reads from the checkpoint minus the overlap and brings changed orders', async () => {
    const recent = [...vendor.orders.values()].slice(-10);
    for (const order of recent) {
      vendor.changeOrder(order.id);
    }
    const before = vendor.server.log.length;
    const state = await syncNow(app, tenant, installId, {});
    expect(state.last_error).toBeNull();
    const lists = vendor.server.log.slice(before).filter((entry) => entry.kind === 'list');
    expect(lists.every((entry) => new URLSearchParams(entry.query).has('from_date'))).toBe(true);
    // Unchanged list rows cost no details call.
    const details = vendor.server.log.slice(before).filter((entry) => entry.kind === 'details');
    expect(details.length).toBe(10);
    await expectLedgerMatchesVendor(app, tenant, installId, expected());
  });
});

describe('OMS pull', { timeout: 300_000 }, () => {
  let vendor: OmsSimulator;
  let installId: string;
  const expected = () =>
    normalizedOrders(
      NORMALIZERS['oms-orders'],
      vendor.orders.values(),
      (order) => order.id,
      (order) => vendor.details(order),
    );

  beforeAll(async () => {
    vendor = await OmsSimulator.start({ orders: 210 });
    installId = (await installApp(app, tenant, 'oms-orders')).id;
  });
  afterAll(() => vendor?.close());

  it('first run: limit/offset to the end, then a catch-up for orders placed meanwhile; changes on the next run', async () => {
    const someone = [...vendor.orders.keys()][3] as string;
    vendor.server.beforeListRequest(2, () => {
      vendor.insertOrder();
      vendor.changeOrder(someone);
    });
    await saveCredentials(app, tenant, installId, vendor.credentials, vendor.baseUrl);
    const state = await waitForState(app, tenant, installId, (current) => current.last_success_at !== null);
    expect(state.last_error).toBeNull();
    const offsets = vendor.server.log
      .filter((entry) => entry.kind === 'list')
      .map((entry) => new URLSearchParams(entry.query).get('offset'));
    expect(offsets.slice(0, 3)).toEqual(['0', '100', '200']);
    await syncNow(app, tenant, installId, {});
    await expectLedgerMatchesVendor(app, tenant, installId, expected());
  });
});
