/**
 * @module Zid's Merchant API order list for the sync engine: `GET /v1/managers/store/orders` with
 * `page` / `per_page=100` (the max) until `page × per_page` reaches `total_order_count`, oldest first
 * (`order_by=created_at&sort_by=asc`), `payload_type=default` (rows with their products). `date_from`
 * with `date_attribute=created_at` for a backfill, `updated_at` for an incremental run. A row without
 * its `payment` (invoice lines, method) is read through `GET /v1/managers/store/orders/{id}/view`.
 * Auth: the partner token (`Authorization: Bearer …`) and the store's `X-Manager-Token`.
 */
import {
  arrayAt,
  idAt,
  objectAt,
  optionalCount,
  type PagingAdapter,
  rateLimitResetMs,
  retryAfterMs,
} from './paging-adapter.js';
import { isObject } from './vendor-json.js';

export const ZID_API = 'https://api.zid.sa';
/** The documented maximum `per_page`. */
export const ZID_PAGE_SIZE = 100;

interface ZidPosition {
  page: number;
}

/** Zid writes times as UTC without a zone (`2024-12-05 12:27:15`). */
function utcInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  const at = Date.parse(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(at) ? null : new Date(at);
}

export const zidPaging: PagingAdapter<ZidPosition> = {
  appSlug: 'zid-orders',
  defaultBaseUrl: ZID_API,
  credentialFields: [
    { name: 'authorization', required: true, description: 'the Zid partner (app) token, without "Bearer"' },
    {
      name: 'manager_token',
      required: true,
      description: "the store's X-Manager-Token (OAuth access token)",
    },
  ],
  listOrder: 'oldest-first',
  filtersByPlacedTime: true,
  reportsRemovals: false,
  detailsConcurrency: 4,

  firstPosition: () => ({ page: 1 }),

  listRequest(position, window) {
    return {
      method: 'GET',
      path: '/v1/managers/store/orders',
      query: {
        page: String(position.page),
        per_page: String(ZID_PAGE_SIZE),
        payload_type: 'default',
        order_by: 'created_at',
        sort_by: 'asc',
        ...(window.from
          ? {
              // Zid's documented form: `2020-01-01T00:00:00.000+0000`.
              date_from: window.from.toISOString().replace('Z', '+0000'),
              date_attribute: window.incremental ? 'updated_at' : 'created_at',
            }
          : {}),
      },
    };
  },

  readPage(response, position) {
    const body = objectAt(response.body, 'body');
    const rows = arrayAt(body.orders, 'orders').map((value, index) => {
      const row = objectAt(value, `orders[${index}]`);
      return {
        vendorOrderId: idAt(row.id, `orders[${index}].id`),
        placedAt: utcInstant(row.created_at),
        raw: row,
        needsDetails: !isObject(row.payment) || !Array.isArray(row.products),
      };
    });
    const total = optionalCount(body.total_order_count);
    const more = total === null ? rows.length === ZID_PAGE_SIZE : position.page * ZID_PAGE_SIZE < total;
    return { rows, next: more && rows.length > 0 ? { page: position.page + 1 } : null, total };
  },

  detailsRequest: (vendorOrderId) => ({
    method: 'GET',
    path: `/v1/managers/store/orders/${encodeURIComponent(vendorOrderId)}/view`,
  }),
  readDetails: (response) => objectAt(objectAt(response.body, 'body').order, 'order'),
  isRemoved: () => false,
  waitBeforeNextMs: (response, now) =>
    Math.max(retryAfterMs(response.headers, now), rateLimitResetMs(response.headers, now)),
  authHeaders: (credentials) => ({
    authorization: `Bearer ${credentials.authorization ?? ''}`,
    'x-manager-token': credentials.manager_token ?? '',
    'accept-language': 'en',
  }),
  refresh: null,
};
