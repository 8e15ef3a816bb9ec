/**
 * @module The OMS order resource (seed 003) for the sync engine: `GET /v1/orders` with `limit` (at most
 * 100) and `offset`. Rows are the order resource itself, so no details call is needed. The list cannot
 * filter by date (the engine applies a backfill's `from` to `created_at`) and its order is not
 * documented: taken as newest first, so the engine re-reads the first pages after its pass. There is no
 * public production host: every install names its OMS's base URL.
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

export const OMS_PAGE_SIZE = 100;

interface OmsPosition {
  offset: number;
}

export const omsPaging: PagingAdapter<OmsPosition> = {
  appSlug: 'oms-orders',
  defaultBaseUrl: null,
  credentialFields: [
    { name: 'api_key', required: true, description: 'an OMS API key with order read access' },
  ],
  listOrder: 'newest-first',
  filtersByPlacedTime: false,
  reportsRemovals: false,
  detailsConcurrency: 1,

  firstPosition: () => ({ offset: 0 }),

  listRequest(position) {
    return {
      method: 'GET',
      path: '/v1/orders',
      query: { limit: String(OMS_PAGE_SIZE), offset: String(position.offset) },
    };
  },

  readPage(response, position) {
    const body = objectAt(response.body, 'body');
    const rows = arrayAt(body.data, 'data').map((value, index) => {
      const row = objectAt(value, `data[${index}]`);
      return {
        vendorOrderId: idAt(row.id, `data[${index}].id`),
        placedAt: optionalInstant(row.created_at),
        raw: row,
        needsDetails: false,
      };
    });
    const total = optionalCount(body.total);
    const offset = position.offset + rows.length;
    const more = rows.length > 0 && (total === null ? rows.length >= OMS_PAGE_SIZE : offset < total);
    return { rows, next: more ? { offset } : null, total };
  },

  detailsRequest: () => null,
  readDetails: (response) => objectAt(response.body, 'body'),
  isRemoved: () => false,
  waitBeforeNextMs: (response, now) => retryAfterMs(response.headers, now),
  authHeaders: (credentials) => ({ authorization: `Bearer ${credentials.api_key}` }),
  refresh: null,
};
