/**
 * @module Salla's List Orders (seed 004) for the sync engine: `page` + `pagination.totalPages` /
 * `links.next`, oldest first (`sort_by=id-asc`) so that new orders land after the pages already read,
 * `from_date` for a backfill's start; list rows carry items without prices, so every new or changed row
 * is read again through the order details call. OAuth access tokens expire: a 401 refreshes them with the
 * refresh token (Salla rotates both) and the engine stores them back. Rate limits: `Retry-After` on 429,
 * and `X-RateLimit-Remaining: 0` waits for `X-RateLimit-Reset`.
 */
import {
  arrayAt,
  type Credentials,
  idAt,
  type ListRow,
  objectAt,
  optionalCount,
  type PagingAdapter,
  rateLimitResetMs,
  retryAfterMs,
  VendorShapeError,
} from './paging-adapter.js';
import { isObject, zonedWallTime } from './vendor-json.js';

export const SALLA_API = 'https://api.salla.dev/admin/v2';
export const SALLA_TOKEN_URL = 'https://accounts.salla.sa/oauth2/token';
/** Rows per page the engine asks for. */
export const SALLA_PAGE_SIZE = 50;

interface SallaPosition {
  page: number;
}

/** Salla filters by calendar day: ask from the day before, so no time zone can cut an order off. */
function fromDate(from: Date): string {
  return new Date(from.getTime() - 86_400_000).toISOString().slice(0, 10);
}

function placedAt(row: Record<string, unknown>): Date | null {
  if (!isObject(row.date)) {
    return null;
  }
  try {
    return zonedWallTime(row.date.date, row.date.timezone, 'date');
  } catch {
    return null;
  }
}

export const sallaPaging: PagingAdapter<SallaPosition> = {
  appSlug: 'salla-orders',
  defaultBaseUrl: SALLA_API,
  credentialFields: [
    { name: 'access_token', required: true, description: 'the OAuth access token Salla issued to the app' },
    { name: 'refresh_token', required: true, description: 'the OAuth refresh token' },
    { name: 'client_id', required: false, description: "the Salla app's client id (to refresh tokens)" },
    { name: 'client_secret', required: false, description: "the Salla app's client secret" },
  ],
  listOrder: 'oldest-first',
  filtersByPlacedTime: true,
  reportsRemovals: false,
  detailsConcurrency: 4,

  firstPosition: () => ({ page: 1 }),

  listRequest(position, window) {
    return {
      method: 'GET',
      path: '/orders',
      query: {
        page: String(position.page),
        per_page: String(SALLA_PAGE_SIZE),
        sort_by: 'id-asc',
        ...(window.from ? { from_date: fromDate(window.from) } : {}),
      },
    };
  },

  readPage(response, position) {
    const body = objectAt(response.body, 'body');
    const pagination = objectAt(body.pagination, 'pagination');
    const rows: ListRow[] = arrayAt(body.data, 'data').map((value, index) => {
      const row = objectAt(value, `data[${index}]`);
      return {
        vendorOrderId: idAt(row.id, `data[${index}].id`),
        placedAt: placedAt(row),
        raw: row,
        needsDetails: true,
      };
    });
    const current = optionalCount(pagination.currentPage) ?? position.page;
    const totalPages = optionalCount(pagination.totalPages);
    const links = isObject(pagination.links) ? pagination.links : {};
    const more = typeof links.next === 'string' || (totalPages !== null && current < totalPages);
    if (more && rows.length === 0) {
      throw new VendorShapeError(`page ${current} is empty but the pagination says more follow`);
    }
    return { rows, next: more ? { page: current + 1 } : null, total: optionalCount(pagination.total) };
  },

  detailsRequest: (vendorOrderId) => ({
    method: 'GET',
    path: `/orders/${encodeURIComponent(vendorOrderId)}`,
  }),
  readDetails: (response) => objectAt(objectAt(response.body, 'body').data, 'data'),
  isRemoved: () => false,
  waitBeforeNextMs: (response, now) =>
    Math.max(retryAfterMs(response.headers, now), rateLimitResetMs(response.headers, now)),
  authHeaders: (credentials) => ({ authorization: `Bearer ${credentials.access_token}` }),

  refresh: {
    request(credentials: Credentials, baseUrl: string) {
      return {
        method: 'POST',
        // The production tokens come from Salla's accounts host; a sandbox or simulator serves its own at
        // the root of its origin (not under the API path /admin/v2), so the path is absolute (decision 0142).
        path: baseUrl === SALLA_API ? SALLA_TOKEN_URL : new URL('/oauth2/token', baseUrl).toString(),
        form: {
          grant_type: 'refresh_token',
          refresh_token: credentials.refresh_token ?? '',
          ...(credentials.client_id ? { client_id: credentials.client_id } : {}),
          ...(credentials.client_secret ? { client_secret: credentials.client_secret } : {}),
        },
      };
    },
    read(response, credentials) {
      const body = objectAt(response.body, 'body');
      if (typeof body.access_token !== 'string' || body.access_token === '') {
        throw new VendorShapeError('token answer has no access_token');
      }
      return {
        ...credentials,
        access_token: body.access_token,
        // Salla's refresh tokens are single-use: keep the new one, or the next refresh fails.
        refresh_token:
          typeof body.refresh_token === 'string' ? body.refresh_token : (credentials.refresh_token ?? ''),
      };
    },
  },
};
