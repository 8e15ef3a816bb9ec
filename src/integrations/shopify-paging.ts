/**
 * @module Shopify's REST Admin order list for the sync engine: `GET /admin/api/{version}/orders.json`
 * with `status=any` (open, closed and cancelled), `limit=250` (the max) and cursor pagination: the
 * next page is the `page_info` of the `Link` header's `rel="next"` URL, and a `page_info` request may
 * carry nothing but `limit` (Shopify refuses the filters there: they are fixed by the first page).
 * A backfill filters on `created_at_min`, an incremental run on `updated_at_min`. Rows are whole orders,
 * so there is no details call. Auth: `X-Shopify-Access-Token`. Rate limit: 429 with `Retry-After`
 * (decimal seconds); a nearly full `X-Shopify-Shop-Api-Call-Limit` bucket waits a leak (half a second).
 */
import {
  arrayAt,
  decimalRetryAfterMs,
  idAt,
  objectAt,
  optionalInstant,
  type PagingAdapter,
  type VendorRequest,
} from './paging-adapter.js';

/** The Admin API version we read (a stable, supported one: Shopify keeps each for a year). */
export const SHOPIFY_API_VERSION = '2024-10';
/** The documented maximum `limit`. */
export const SHOPIFY_PAGE_SIZE = 250;
const ORDERS_PATH = `/admin/api/${SHOPIFY_API_VERSION}/orders.json`;

interface ShopifyPosition {
  /** Null: the first page, which carries the filters. */
  pageInfo: string | null;
}

/** The `page_info` of the `rel="next"` link of a `Link` header (RFC 8288), or null at the end. */
export function nextPageInfo(link: string | undefined): string | null {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match?.[1]) {
      try {
        return new URL(match[1]).searchParams.get('page_info');
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** `X-Shopify-Shop-Api-Call-Limit: 39/40`: one call left means waiting for the bucket to leak. */
function bucketWaitMs(headers: Readonly<Record<string, string>>): number {
  const match = /^(\d+)\/(\d+)$/.exec(headers['x-shopify-shop-api-call-limit']?.trim() ?? '');
  return match && Number(match[2]) - Number(match[1]) <= 1 ? 500 : 0;
}

export const shopifyPaging: PagingAdapter<ShopifyPosition> = {
  appSlug: 'shopify-orders',
  // Every shop has its own host (`https://{shop}.myshopify.com`): the install gives it.
  defaultBaseUrl: null,
  credentialFields: [
    { name: 'access_token', required: true, description: 'the Shopify Admin API access token (shpat_…)' },
  ],
  listOrder: 'oldest-first',
  filtersByPlacedTime: true,
  reportsRemovals: false,
  detailsConcurrency: 2,

  firstPosition: () => ({ pageInfo: null }),

  listRequest(position, window): VendorRequest {
    if (position.pageInfo !== null) {
      return {
        method: 'GET',
        path: ORDERS_PATH,
        query: { limit: String(SHOPIFY_PAGE_SIZE), page_info: position.pageInfo },
      };
    }
    const since = window.from ? window.from.toISOString() : null;
    // An incremental run lists what changed since its window's start; the first run lists everything.
    const byUpdate = window.incremental === true && since !== null;
    return {
      method: 'GET',
      path: ORDERS_PATH,
      query: {
        limit: String(SHOPIFY_PAGE_SIZE),
        status: 'any',
        // Oldest first: orders placed during the pass land after the pages already read.
        order: byUpdate ? 'updated_at asc' : 'created_at asc',
        ...(since ? { [byUpdate ? 'updated_at_min' : 'created_at_min']: since } : {}),
      },
    };
  },

  readPage(response) {
    const body = objectAt(response.body, 'body');
    const rows = arrayAt(body.orders, 'orders').map((value, index) => {
      const row = objectAt(value, `orders[${index}]`);
      return {
        vendorOrderId: idAt(row.id, `orders[${index}].id`),
        placedAt: optionalInstant(row.created_at),
        raw: row,
        needsDetails: false,
      };
    });
    const next = rows.length > 0 ? nextPageInfo(response.headers.link) : null;
    return { rows, next: next === null ? null : { pageInfo: next }, total: null };
  },

  detailsRequest: (vendorOrderId) => ({
    method: 'GET',
    path: `/admin/api/${SHOPIFY_API_VERSION}/orders/${encodeURIComponent(vendorOrderId)}.json`,
  }),
  readDetails: (response) => objectAt(objectAt(response.body, 'body').order, 'order'),
  isRemoved: () => false,
  waitBeforeNextMs: (response, now) =>
    Math.max(decimalRetryAfterMs(response.headers, now), bucketWaitMs(response.headers)),
  authHeaders: (credentials) => ({ 'x-shopify-access-token': credentials.access_token ?? '' }),
  refresh: null,
};
