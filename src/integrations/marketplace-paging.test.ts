import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import type { PagingAdapter, VendorResponse } from './paging-adapter.js';
import { decimalRetryAfterMs, VendorShapeError } from './paging-adapter.js';
import { nextPageInfo, SHOPIFY_API_VERSION, shopifyPaging } from './shopify-paging.js';
import { parseVendorJson, stringifyVendorJson } from './vendor-json.js';
import { woocommercePaging } from './woocommerce-paging.js';
import { zidPaging } from './zid-paging.js';

const ok = (body: unknown, headers: Record<string, string> = {}): VendorResponse => ({
  status: 200,
  headers,
  body: parseVendorJson(stringifyVendorJson(body)),
});

const SHOP = 'https://demo.myshopify.com';

/** Each vendor's list as its docs describe it: the answer (body and headers) to a request. */
const models: Record<string, (ids: string[], query: Record<string, string>) => VendorResponse> = {
  shopify(ids, query) {
    const limit = Number(query.limit);
    const start = query.page_info ? Number(query.page_info.slice(1)) : 0;
    const end = start + limit;
    const link =
      end < ids.length
        ? `<${SHOP}/admin/api/${SHOPIFY_API_VERSION}/orders.json?limit=${limit}&page_info=p${end}>; rel="next"`
        : '';
    const previous = `<${SHOP}/admin/api/${SHOPIFY_API_VERSION}/orders.json?page_info=back>; rel="previous"`;
    return ok(
      { orders: ids.slice(start, end).map((id) => ({ id: Number(id), created_at: '2024-01-01T00:00:00Z' })) },
      link ? { link: start > 0 ? `${previous}, ${link}` : link } : {},
    );
  },
  woocommerce(ids, query) {
    const perPage = Number(query.per_page);
    const page = Number(query.page);
    return ok(
      ids.slice((page - 1) * perPage, page * perPage).map((id) => ({ id: Number(id) })),
      {
        'x-wp-total': String(ids.length),
        'x-wp-totalpages': String(Math.max(1, Math.ceil(ids.length / perPage))),
      },
    );
  },
  zid(ids, query) {
    const perPage = Number(query.per_page);
    const page = Number(query.page);
    return ok({
      status: 'object',
      orders: ids.slice((page - 1) * perPage, page * perPage).map((id) => ({ id: Number(id) })),
      total_order_count: ids.length,
    });
  },
};

const adapters: Array<[string, PagingAdapter<unknown>]> = [
  ['shopify', shopifyPaging as PagingAdapter<unknown>],
  ['woocommerce', woocommercePaging as PagingAdapter<unknown>],
  ['zid', zidPaging as PagingAdapter<unknown>],
];

const credentials = {
  access_token: 'shpat',
  consumer_key: 'ck',
  consumer_secret: 'cs',
  authorization: 'p',
  manager_token: 'm',
};

describe.each(adapters)('%s paging adapter', (name, adapter) => {
  it('walks the documented paging from the first position to the end, every row once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1200 }), (count) => {
        const ids = Array.from({ length: count }, (_, index) => String(1000 + index));
        const model = models[name] as (ids: string[], query: Record<string, string>) => VendorResponse;
        const seen: string[] = [];
        let position: unknown = adapter.firstPosition({ from: null });
        for (let pages = 0; position !== null; pages += 1) {
          expect(pages).toBeLessThan(100);
          const request = adapter.listRequest(position, { from: null }, credentials);
          const page = adapter.readPage(model(ids, request.query ?? {}), position);
          seen.push(...page.rows.map((row) => row.vendorOrderId));
          position = page.next;
        }
        expect(seen).toEqual(ids);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses an answer that is not its documented shape', () => {
    expect(() => adapter.readPage(ok({ unexpected: true }), adapter.firstPosition({ from: null }))).toThrow(
      VendorShapeError,
    );
  });

  it('filters a backfill by placed time and an incremental run by update time', () => {
    const from = new Date('2024-05-01T00:30:00Z');
    const first = adapter.firstPosition({ from });
    const backfill = JSON.stringify(adapter.listRequest(first, { from }, credentials).query);
    const incremental = JSON.stringify(
      adapter.listRequest(first, { from, incremental: true }, credentials).query,
    );
    expect(backfill).toMatch(/created_at_min|"after"|"date_attribute":"created_at"/);
    expect(incremental).toMatch(/updated_at_min|modified_after|"date_attribute":"updated_at"/);
    expect(backfill).toContain('2024-05-01T00:30:00');
  });
});

describe('marketplace specifics', () => {
  it('Shopify: page_info requests carry only limit; the Link header’s next, never previous', () => {
    const request = shopifyPaging.listRequest({ pageInfo: 'abc' }, { from: new Date() }, credentials);
    expect(request.query).toEqual({ limit: '250', page_info: 'abc' });
    expect(
      nextPageInfo(
        `<${SHOP}/x.json?page_info=back>; rel="previous", <${SHOP}/x.json?page_info=fwd&limit=250>; rel="next"`,
      ),
    ).toBe('fwd');
    expect(nextPageInfo(`<${SHOP}/x.json?page_info=back>; rel="previous"`)).toBeNull();
    expect(nextPageInfo(undefined)).toBeNull();
    expect(shopifyPaging.authHeaders(credentials)).toEqual({ 'x-shopify-access-token': 'shpat' });
    const page = shopifyPaging.readPage(ok({ orders: [fixture('shopify', 'order-cod.json')] }), {
      pageInfo: null,
    });
    expect(page.rows[0]).toMatchObject({ vendorOrderId: '820982911946154508', needsDetails: false });
  });

  it('Shopify: waits out a decimal Retry-After and a nearly full call bucket', () => {
    const now = new Date();
    expect(decimalRetryAfterMs({ 'retry-after': '2.0' }, now)).toBe(2000);
    expect(decimalRetryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(shopifyPaging.waitBeforeNextMs(ok({}, { 'x-shopify-shop-api-call-limit': '39/40' }), now)).toBe(
      500,
    );
    expect(shopifyPaging.waitBeforeNextMs(ok({}, { 'x-shopify-shop-api-call-limit': '12/40' }), now)).toBe(0);
  });

  it('WooCommerce: the consumer key and secret as Basic auth; pages end at X-WP-TotalPages', () => {
    expect(woocommercePaging.authHeaders(credentials).authorization).toBe(
      `Basic ${Buffer.from('ck:cs').toString('base64')}`,
    );
    const page = woocommercePaging.readPage(
      ok([fixture('woocommerce', 'order-processing.json')], { 'x-wp-total': '201', 'x-wp-totalpages': '3' }),
      { page: 3 },
    );
    expect(page).toMatchObject({ next: null, total: 201 });
    expect(page.rows[0]?.placedAt?.toISOString()).toBe('2024-03-22T13:28:02.000Z');
  });

  it('Zid: partner token and manager token; rows without payment need their details call', () => {
    expect(zidPaging.authHeaders(credentials)).toMatchObject({
      authorization: 'Bearer p',
      'x-manager-token': 'm',
    });
    const row = fixture('zid', 'order-delivered.json');
    const { payment: _payment, ...listed } = row;
    const page = zidPaging.readPage(ok({ status: 'object', orders: [row, listed], total_order_count: 2 }), {
      page: 1,
    });
    expect(page.rows.map((r) => r.needsDetails)).toEqual([false, true]);
    expect(page.rows[0]?.placedAt?.toISOString()).toBe('2024-03-12T18:25:38.000Z');
    expect(zidPaging.detailsRequest('64086815', credentials)?.path).toBe(
      '/v1/managers/store/orders/64086815/view',
    );
    expect(zidPaging.readDetails(ok({ status: 'object', order: row }))).toMatchObject({
      id: expect.anything(),
    });
    const query = zidPaging.listRequest(
      { page: 1 },
      { from: new Date('2024-05-01T00:30:00Z') },
      credentials,
    ).query;
    expect(query?.date_from).toBe('2024-05-01T00:30:00.000+0000');
  });
});
