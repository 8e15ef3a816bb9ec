import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import { vendorUrl } from '../services/vendor-http-client.js';
import { omsPaging } from './oms-paging.js';
import { orbitkitPaging } from './orbitkit-paging.js';
import type { PagingAdapter, VendorRequest, VendorResponse } from './paging-adapter.js';
import { rateLimitResetMs, retryAfterMs, VendorShapeError } from './paging-adapter.js';
import { SALLA_API, SALLA_TOKEN_URL, sallaPaging } from './salla-paging.js';
import { syncatyPaging } from './syncaty-paging.js';
import { parseVendorJson, stringifyVendorJson } from './vendor-json.js';

const ok = (body: unknown, headers: Record<string, string> = {}): VendorResponse => ({
  status: 200,
  headers,
  // Bodies reach adapters parsed losslessly, as the engine parses them.
  body: parseVendorJson(stringifyVendorJson(body)),
});

/** Pure models of each vendor's list as its document describes it: the answer to a request. */
const models: Record<string, (ids: string[], query: Record<string, string>) => unknown> = {
  salla(ids, query) {
    const perPage = Number(query.per_page);
    const page = Number(query.page);
    const totalPages = Math.max(1, Math.ceil(ids.length / perPage));
    return {
      status: 200,
      success: true,
      data: ids.slice((page - 1) * perPage, page * perPage).map((id) => ({ id: Number(id) })),
      pagination: {
        count: 0,
        total: ids.length,
        perPage,
        currentPage: page,
        totalPages,
        links: page < totalPages ? { next: `${SALLA_API}/orders?page=${page + 1}` } : {},
      },
    };
  },
  syncaty(ids, query) {
    const limit = Number(query.limit);
    const page = Number(query.page);
    return {
      data: ids.slice((page - 1) * limit, page * limit).map((id) => ({ id })),
      meta: { total: ids.length, page, limit, total_pages: Math.max(1, Math.ceil(ids.length / limit)) },
    };
  },
  orbitkit(ids, query) {
    const limit = Number(query.limit);
    const start = query.cursor ? Number(query.cursor.slice(1)) : 0;
    const end = start + limit;
    return {
      data: ids.slice(start, end).map((key) => ({ key })),
      total: ids.length,
      more: end < ids.length ? `c${end}` : null,
    };
  },
  oms(ids, query) {
    const limit = Number(query.limit);
    const offset = Number(query.offset);
    return {
      data: ids.slice(offset, offset + limit).map((id) => ({ id })),
      total: ids.length,
      limit,
      offset,
    };
  },
};

const adapters: Array<[string, PagingAdapter<unknown>]> = [
  ['salla', sallaPaging as PagingAdapter<unknown>],
  ['syncaty', syncatyPaging as PagingAdapter<unknown>],
  ['orbitkit', orbitkitPaging as PagingAdapter<unknown>],
  ['oms', omsPaging as PagingAdapter<unknown>],
];

const credentials = { access_token: 'a', refresh_token: 'r', token: 't', store_id: 's', api_key: 'k' };

describe.each(adapters)('%s paging adapter', (name, adapter) => {
  it('walks the documented paging from the first position to the end, every row once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2500 }), (count) => {
        const ids = Array.from({ length: count }, (_, index) => String(1000 + index));
        const model = models[name] as (ids: string[], query: Record<string, string>) => unknown;
        const seen: string[] = [];
        let position: unknown = adapter.firstPosition({ from: null });
        for (let pages = 0; position !== null; pages += 1) {
          expect(pages).toBeLessThan(200);
          const request = adapter.listRequest(position, { from: null }, credentials);
          const page = adapter.readPage(ok(model(ids, request.query ?? {})), position);
          seen.push(...page.rows.map((row) => row.vendorOrderId));
          position = page.next;
        }
        expect(seen).toEqual(ids);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an answer that is not its documented shape', () => {
    expect(() => adapter.readPage(ok({ unexpected: true }), adapter.firstPosition({ from: null }))).toThrow(
      VendorShapeError,
    );
  });

  it('sends the credentials as a bearer token', () => {
    expect(adapter.authHeaders(credentials).authorization).toMatch(/^Bearer \S+$/);
  });
});

describe('vendor specifics', () => {
  it('Salla: seed 004 list rows need their details call; ids keep their exact digits', () => {
    const page = sallaPaging.readPage(ok(fixture('salla', 'order-list.json')), { page: 1 });
    expect(page.rows.map((row) => row.vendorOrderId)).toEqual(['1017120475', '1013578136']);
    expect(page.rows.every((row) => row.needsDetails)).toBe(true);
    expect(page.rows[0]?.placedAt?.toISOString()).toBe('2022-06-16T11:48:20.000Z'); // Asia/Riyadh is UTC+3
    expect(page.next).toBeNull();
    expect(page.total).toBe(2);
  });

  it('Salla: pages oldest first from the day before a backfill start, 50 a page', () => {
    const request = sallaPaging.listRequest(
      { page: 3 },
      { from: new Date('2024-05-01T00:30:00Z') },
      credentials,
    );
    expect(request.query).toEqual({ page: '3', per_page: '50', sort_by: 'id-asc', from_date: '2024-04-30' });
  });

  it('Salla: a refresh posts the refresh token and keeps the rotated one', () => {
    const request = sallaPaging.refresh?.request(
      { ...credentials, client_id: 'c', client_secret: 's' },
      SALLA_API,
    );
    expect(request).toMatchObject({
      method: 'POST',
      path: SALLA_TOKEN_URL,
      form: { grant_type: 'refresh_token', refresh_token: 'r', client_id: 'c', client_secret: 's' },
    });
    // Salla's tokens are at the root of a host (accounts.salla.sa/oauth2/token), never under the API's
    // /admin/v2: a sandbox or simulator serves them at the root of its base URL's origin (decision 0142).
    const sandbox = 'http://sandbox.test/admin/v2';
    const sandboxRequest = sallaPaging.refresh?.request(credentials, sandbox);
    expect(sandboxRequest?.path).toBe('http://sandbox.test/oauth2/token');
    expect(vendorUrl(sandbox, sandboxRequest as VendorRequest).toString()).toBe(
      'http://sandbox.test/oauth2/token',
    );
    expect(vendorUrl(SALLA_API, request as VendorRequest).toString()).toBe(SALLA_TOKEN_URL);
    const next = sallaPaging.refresh?.read(
      ok({ access_token: 'a2', refresh_token: 'r2', expires_in: 1 }),
      credentials,
    );
    expect(next).toMatchObject({ access_token: 'a2', refresh_token: 'r2', token: 't' });
    expect(() => sallaPaging.refresh?.read(ok({ error: 'invalid_grant' }), credentials)).toThrow(
      VendorShapeError,
    );
  });

  it('Syncaty: list rows (no items) need details; limit 100 and store_id on every call', () => {
    const page = syncatyPaging.readPage(ok(fixture('syncaty', 'order-list.json')), { page: 1 });
    expect(page.rows[0]).toMatchObject({ vendorOrderId: 'uuid', needsDetails: true });
    expect(page.total).toBe(2500);
    expect(page.next).toEqual({ page: 2 });
    expect(syncatyPaging.listRequest({ page: 2 }, { from: null }, credentials).query).toEqual({
      store_id: 's',
      page: '2',
      limit: '100',
    });
    expect(syncatyPaging.detailsRequest('uuid', credentials)?.query).toEqual({ store_id: 's' });
  });

  it('Orbitkit: rows are full orders; the cursor is the previous more; 410 means removed', () => {
    const order = fixture('orbitkit', 'order.json');
    const page = orbitkitPaging.readPage(ok({ data: [order], total: 1, more: 'abc' }), { cursor: null });
    expect(page.rows[0]).toMatchObject({ vendorOrderId: 'ORD4548', needsDetails: false });
    expect(page.next).toEqual({ cursor: 'abc' });
    expect(orbitkitPaging.listRequest({ cursor: 'abc' }, { from: null }, credentials).query).toEqual({
      limit: '1000',
      cursor: 'abc',
    });
    expect(orbitkitPaging.isRemoved({ status: 410, headers: {}, body: null })).toBe(true);
    expect(orbitkitPaging.isRemoved({ status: 404, headers: {}, body: null })).toBe(false);
  });

  it('OMS: offset paging stops at the total', () => {
    const page = omsPaging.readPage(ok({ data: [fixture('oms', 'order.json')], total: 101 }), {
      offset: 100,
    });
    expect(page.next).toBeNull();
    expect(page.rows[0]?.vendorOrderId).toBe('ord_01JGK9');
  });
});

describe('rate-limit headers', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '7' }, now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBe(0);
    expect(retryAfterMs({}, now)).toBe(0);
  });

  it('an empty bucket waits for its reset (Unix seconds or seconds from now)', () => {
    const epoch = String(now.getTime() / 1000 + 5);
    expect(rateLimitResetMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epoch }, now)).toBe(5000);
    expect(rateLimitResetMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }, now)).toBe(2000);
    expect(rateLimitResetMs({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '2' }, now)).toBe(0);
  });
});
