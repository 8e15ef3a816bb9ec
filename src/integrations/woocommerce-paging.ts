/**
 * @module WooCommerce's REST API v3 order list for the sync engine: `GET /wp-json/wc/v3/orders` with
 * `page` / `per_page=100` (the max) until `page` reaches `X-WP-TotalPages` (`X-WP-Total` orders),
 * `orderby=id&order=asc` (oldest first: new orders land after the pages already read), `status=any`.
 * A backfill filters on `after` (placed after), an incremental run on `modified_after` (WooCommerce
 * 5.8+); the overlap of incremental runs covers an order shifting pages while the pass reads them.
 * Rows are whole orders. Auth: the consumer key and secret as HTTP Basic (over HTTPS).
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

/** The documented maximum `per_page`. */
export const WOOCOMMERCE_PAGE_SIZE = 100;
const ORDERS_PATH = '/wp-json/wc/v3/orders';

interface WooCommercePosition {
  page: number;
}

/** WooCommerce's `*_gmt` times are UTC without a zone. */
function gmtInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  const at = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(at) ? null : new Date(at);
}

/** A count header (`X-WP-TotalPages: 3`), or null when absent or not a count. */
function headerCount(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? optionalCount(Number(value)) : null;
}

export const woocommercePaging: PagingAdapter<WooCommercePosition> = {
  appSlug: 'woocommerce-orders',
  // Each store is its own WordPress site: the install gives its URL.
  defaultBaseUrl: null,
  credentialFields: [
    { name: 'consumer_key', required: true, description: 'the WooCommerce REST API consumer key (ck_…)' },
    {
      name: 'consumer_secret',
      required: true,
      description: 'the WooCommerce REST API consumer secret (cs_…)',
    },
  ],
  listOrder: 'oldest-first',
  filtersByPlacedTime: true,
  reportsRemovals: false,
  detailsConcurrency: 2,

  firstPosition: () => ({ page: 1 }),

  listRequest(position, window) {
    // `after` / `modified_after` are ISO 8601; `dates_are_gmt` makes WooCommerce read them as UTC.
    const since = window.from ? window.from.toISOString().replace(/\.\d{3}Z$/, '') : null;
    return {
      method: 'GET',
      path: ORDERS_PATH,
      query: {
        page: String(position.page),
        per_page: String(WOOCOMMERCE_PAGE_SIZE),
        orderby: 'id',
        order: 'asc',
        status: 'any',
        ...(since ? { [window.incremental ? 'modified_after' : 'after']: since, dates_are_gmt: 'true' } : {}),
      },
    };
  },

  readPage(response, position) {
    const rows = arrayAt(response.body, 'body').map((value, index) => {
      const row = objectAt(value, `[${index}]`);
      return {
        vendorOrderId: idAt(row.id, `[${index}].id`),
        placedAt: gmtInstant(row.date_created_gmt),
        raw: row,
        needsDetails: false,
      };
    });
    const totalPages = headerCount(response.headers['x-wp-totalpages']) ?? position.page;
    return {
      rows,
      next: position.page < totalPages && rows.length > 0 ? { page: position.page + 1 } : null,
      total: headerCount(response.headers['x-wp-total']),
    };
  },

  detailsRequest: (vendorOrderId) => ({
    method: 'GET',
    path: `${ORDERS_PATH}/${encodeURIComponent(vendorOrderId)}`,
  }),
  readDetails: (response) => objectAt(response.body, 'body'),
  isRemoved: () => false,
  waitBeforeNextMs: (response, now) =>
    Math.max(retryAfterMs(response.headers, now), rateLimitResetMs(response.headers, now)),
  authHeaders: (credentials) => ({
    authorization: `Basic ${Buffer.from(`${credentials.consumer_key}:${credentials.consumer_secret}`).toString('base64')}`,
  }),
  refresh: null,
};
