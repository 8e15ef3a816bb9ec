/**
 * @module Syncaty's order list (seed 001) for the sync engine: `page` / `limit` (at most 100) scoped by
 * `store_id`, `from_date` for a backfill's start, `meta.total_pages` for the end. List rows have no
 * items, so each new or changed row is read through `GET /api/orders/{id}`. The list's order is not
 * documented: it is taken as newest first (the safe assumption: the engine then re-reads the first pages
 * after its pass, so an order placed mid-run is not missed).
 */
import {
  arrayAt,
  idAt,
  objectAt,
  optionalCount,
  optionalInstant,
  type PagingAdapter,
  retryAfterMs,
} from './paging-adapter.js';

export const SYNCATY_API = 'https://api.syncaty.com';
/** The documented maximum `limit`. */
export const SYNCATY_PAGE_SIZE = 100;

interface SyncatyPosition {
  page: number;
}

export const syncatyPaging: PagingAdapter<SyncatyPosition> = {
  appSlug: 'syncaty-orders',
  defaultBaseUrl: SYNCATY_API,
  credentialFields: [
    { name: 'token', required: true, description: 'the Syncaty API bearer token' },
    { name: 'store_id', required: true, description: 'the Syncaty store UUID' },
  ],
  listOrder: 'newest-first',
  filtersByPlacedTime: true,
  reportsRemovals: false,
  detailsConcurrency: 4,

  firstPosition: () => ({ page: 1 }),

  listRequest(position, window, credentials) {
    return {
      method: 'GET',
      path: '/api/orders',
      query: {
        store_id: credentials.store_id ?? '',
        page: String(position.page),
        limit: String(SYNCATY_PAGE_SIZE),
        ...(window.from ? { from_date: window.from.toISOString() } : {}),
      },
    };
  },

  readPage(response, position) {
    const body = objectAt(response.body, 'body');
    const meta = objectAt(body.meta, 'meta');
    const rows = arrayAt(body.data, 'data').map((value, index) => {
      const row = objectAt(value, `data[${index}]`);
      return {
        vendorOrderId: idAt(row.id, `data[${index}].id`),
        placedAt: optionalInstant(row.order_date),
        raw: row,
        needsDetails: !Array.isArray(row.items),
      };
    });
    const page = optionalCount(meta.page) ?? position.page;
    const totalPages = optionalCount(meta.total_pages) ?? page;
    return {
      rows,
      next: page < totalPages && rows.length > 0 ? { page: page + 1 } : null,
      total: optionalCount(meta.total),
    };
  },

  detailsRequest: (vendorOrderId, credentials) => ({
    method: 'GET',
    path: `/api/orders/${encodeURIComponent(vendorOrderId)}`,
    query: { store_id: credentials.store_id ?? '' },
  }),
  readDetails: (response) => objectAt(response.body, 'body'),
  isRemoved: () => false,
  waitBeforeNextMs: (response, now) => retryAfterMs(response.headers, now),
  authHeaders: (credentials) => ({ authorization: `Bearer ${credentials.token}` }),
  refresh: null,
};
