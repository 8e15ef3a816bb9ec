/**
 * Pulling Shopify, WooCommerce and Zid against their simulators: the first run reads a few hundred
 * orders through each vendor's own paging (Shopify `Link` / `page_info` cursors, WooCommerce `page` /
 * `X-WP-TotalPages`, Zid `page` / `total_order_count` with a details call per order), incremental runs
 * bring changes to older orders by their update time, and 429 / 500 answers are ridden out; each time
 * the ledger holds exactly the vendor's orders, once each, at their latest version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSlug } from '../../../src/domain/app-catalog.js';
import type { NormalizedOrder } from '../../../src/integrations/normalized-order.js';
import { shopifyNormalizer } from '../../../src/integrations/shopify.js';
import type { SourceNormalizer } from '../../../src/integrations/source-normalizer.js';
import { parseVendorJson } from '../../../src/integrations/vendor-json.js';
import { woocommerceNormalizer } from '../../../src/integrations/woocommerce.js';
import { zidNormalizer } from '../../../src/integrations/zid.js';
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
import { ShopifySimulator } from '../../simulators/shopify.js';
import type { VendorServer } from '../../simulators/vendor-simulator.js';
import { WooCommerceSimulator } from '../../simulators/woocommerce.js';
import { ZidSimulator } from '../../simulators/zid.js';

/** What the test needs of a simulator, whichever vendor it plays. */
interface Vendor {
  server: VendorServer;
  baseUrl: string;
  credentials: Record<string, string>;
  orders: Map<string, unknown>;
  insertOrder(): unknown;
  changeOrder(id: string): void;
  close(): Promise<void>;
}

interface Case {
  slug: AppSlug;
  normalizer: SourceNormalizer;
  start(): Promise<Vendor>;
  /** The vendor's whole current order, as its details call answers it. */
  fullOrder(vendor: Vendor, id: string): unknown;
  /** The first list request of a run from the start, and of an incremental run. */
  firstList: RegExp;
  incrementalList: RegExp;
  backfillList: RegExp;
  /** List requests of the first run over 301 orders (one placed between pages). */
  firstRunPages: number;
}

const ORDERS = 300;

const cases: Case[] = [
  {
    slug: 'shopify-orders',
    normalizer: shopifyNormalizer,
    start: async () => (await ShopifySimulator.start({ orders: ORDERS })) as unknown as Vendor,
    fullOrder: (vendor, id) => {
      const shopify = vendor as unknown as ShopifySimulator;
      return shopify.order(shopify.orders.get(id) as never);
    },
    firstList: /^\?limit=250&status=any&order=created_at\+asc$/,
    incrementalList: /^\?limit=250&status=any&order=updated_at\+asc&updated_at_min=/,
    backfillList: /^\?limit=250&status=any&order=created_at\+asc&created_at_min=/,
    firstRunPages: 2, // 250 + 51
  },
  {
    slug: 'woocommerce-orders',
    normalizer: woocommerceNormalizer,
    start: async () => (await WooCommerceSimulator.start({ orders: ORDERS })) as unknown as Vendor,
    fullOrder: (vendor, id) => {
      const woo = vendor as unknown as WooCommerceSimulator;
      return woo.order(woo.orders.get(id) as never);
    },
    firstList: /^\?page=1&per_page=100&orderby=id&order=asc&status=any$/,
    incrementalList:
      /^\?page=1&per_page=100&orderby=id&order=asc&status=any&modified_after=.*&dates_are_gmt=true$/,
    backfillList: /^\?page=1&per_page=100&orderby=id&order=asc&status=any&after=.*&dates_are_gmt=true$/,
    firstRunPages: 4, // 100 × 3 + 1
  },
  {
    slug: 'zid-orders',
    normalizer: zidNormalizer,
    start: async () => (await ZidSimulator.start({ orders: ORDERS })) as unknown as Vendor,
    fullOrder: (vendor, id) => {
      const zid = vendor as unknown as ZidSimulator;
      return zid.details(zid.orders.get(id) as never);
    },
    firstList: /^\?page=1&per_page=100&payload_type=default&order_by=created_at&sort_by=asc$/,
    incrementalList: /^\?page=1&per_page=100&.*&date_from=.*%2B0000&date_attribute=updated_at$/,
    backfillList: /^\?page=1&per_page=100&.*&date_from=.*%2B0000&date_attribute=created_at$/,
    firstRunPages: 4, // 100 × 3 + 1
  },
];

describe.each(cases)('$slug pull', { timeout: 300_000 }, (vendorCase) => {
  let app: TestApp;
  let tenant: TestTenant;
  let vendor: Vendor;
  let installId: string;

  const vendorOrders = (): Array<{ id: string; normalized: NormalizedOrder }> =>
    [...vendor.orders.keys()].map((id) => ({
      id,
      normalized: vendorCase.normalizer.normalize(
        parseVendorJson(JSON.stringify(vendorCase.fullOrder(vendor, id))),
        { defaultCurrency: null },
      ),
    }));
  const listQueries = (since: number) =>
    vendor.server.log
      .slice(since)
      .filter((entry) => entry.kind === 'list')
      .map((entry) => entry.query);

  beforeAll(async () => {
    app = await startTestApp({ connectors: testConnectors });
    tenant = await app.newTenant();
    vendor = await vendorCase.start();
    installId = (await installApp(app, tenant, vendorCase.slug)).id;
  });

  afterAll(async () => {
    await app?.close();
    await vendor?.close();
  });

  it('the first run reads every order through the vendor’s paging, with orders placed between pages', async () => {
    vendor.server.beforeListRequest(2, () => {
      vendor.insertOrder(); // placed after the pages already read: oldest first, so this pass finds it
    });
    const saved = await saveCredentials(app, tenant, installId, vendor.credentials, vendor.baseUrl);
    expect(saved).toMatchObject({ credentials_set: true });
    for (const secret of Object.values(vendor.credentials)) {
      expect(JSON.stringify(saved)).not.toContain(secret);
    }
    const state = await waitForState(app, tenant, installId, (current) => current.last_success_at !== null);
    expect(state.last_error).toBeNull();
    const queries = listQueries(0);
    expect(queries[0]).toMatch(vendorCase.firstList);
    expect(queries.length).toBe(vendorCase.firstRunPages);
    expect((await ledgerOf(app, tenant, installId)).length).toBe(ORDERS + 1);
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });

  it('an incremental run lists by update time and brings changes to older orders and new ones', async () => {
    const ids = [...vendor.orders.keys()];
    // The oldest orders were placed hours before the last run: only their update time brings them.
    for (const id of ids.slice(0, 30)) {
      vendor.changeOrder(id);
      vendor.changeOrder(id);
    }
    for (const id of ids.slice(150, 160)) {
      vendor.changeOrder(id);
    }
    vendor.insertOrder();
    const since = vendor.server.log.length;
    const state = await syncNow(app, tenant, installId, {});
    expect(state.last_error).toBeNull();
    expect(listQueries(since)[0]).toMatch(vendorCase.incrementalList);
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });

  it('a backfill asks the vendor for orders placed from its start', async () => {
    const since = vendor.server.log.length;
    const from = new Date(Date.now() - 60 * 60_000).toISOString();
    const state = await syncNow(app, tenant, installId, { from });
    expect(state.last_error).toBeNull();
    expect(listQueries(since)[0]).toMatch(vendorCase.backfillList);
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });

  it('rides out 429 with Retry-After and 500s', async () => {
    const [first] = [...vendor.orders.keys()];
    vendor.changeOrder(first as string);
    vendor.insertOrder();
    vendor.server.fail({ on: 'list', status: 429, headers: { 'retry-after': '1' } });
    vendor.server.fail({ on: 'list', status: 500, times: 2 });
    const since = vendor.server.log.length;
    const state = await syncNow(app, tenant, installId, {});
    expect(state.last_error).toBeNull();
    expect(state.consecutive_failures).toBe(0);
    expect(
      vendor.server.log
        .slice(since)
        .map((entry) => entry.status)
        .slice(0, 4),
    ).toEqual([429, 500, 500, 200]);
    await expectLedgerMatchesVendor(app, tenant, installId, vendorOrders());
  });
});
