/**
 * @module Orbitkit's `/orders` (seed 002) for the sync engine: `limit` (at most 1000) and `cursor` = the
 * previous answer's `more` until it is null. Rows are the full order (the single-order shape), so no
 * details call is needed to capture them. The list cannot filter by date, so a backfill's `from` is
 * applied to `created` by the engine. `GET /orders/{key}` answering 410 Gone means the vendor removed the
 * order: the engine asks it for orders a complete pass no longer listed.
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

export const ORBITKIT_API = 'https://api.orbitkit.com';
export const ORBITKIT_PAGE_SIZE = 1000;

interface OrbitkitPosition {
  /** null: the first page. */
  cursor: string | null;
}

export const orbitkitPaging: PagingAdapter<OrbitkitPosition> = {
  appSlug: 'orbitkit-orders',
  defaultBaseUrl: ORBITKIT_API,
  credentialFields: [{ name: 'api_key', required: true, description: 'the Orbitkit API key' }],
  listOrder: 'oldest-first',
  filtersByPlacedTime: false,
  reportsRemovals: true,
  detailsConcurrency: 4,

  firstPosition: () => ({ cursor: null }),

  listRequest(position) {
    return {
      method: 'GET',
      path: '/orders',
      query: { limit: String(ORBITKIT_PAGE_SIZE), ...(position.cursor ? { cursor: position.cursor } : {}) },
    };
  },

  readPage(response) {
    const body = objectAt(response.body, 'body');
    const rows = arrayAt(body.data, 'data').map((value, index) => {
      const row = objectAt(value, `data[${index}]`);
      return {
        vendorOrderId: idAt(row.key, `data[${index}].key`),
        placedAt: optionalInstant(row.created),
        raw: row,
        needsDetails: false,
      };
    });
    const more = typeof body.more === 'string' && body.more !== '' ? body.more : null;
    return { rows, next: more === null ? null : { cursor: more }, total: optionalCount(body.total) };
  },

  detailsRequest: (vendorOrderId) => ({
    method: 'GET',
    path: `/orders/${encodeURIComponent(vendorOrderId)}`,
  }),
  readDetails: (response) => objectAt(response.body, 'body'),
  isRemoved: (response) => response.status === 410,
  waitBeforeNextMs: (response, now) => retryAfterMs(response.headers, now),
  authHeaders: (credentials) => ({ authorization: `Bearer ${credentials.api_key}` }),
  refresh: null,
};
