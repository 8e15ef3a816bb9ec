/**
 * @module The paging adapter: how the sync engine reads one vendor's order list, as pure data in and
 * data out. An adapter never performs I/O: it says which request to send for a page, reads the answer
 * into rows and the next position, and says when a row needs its details call. The engine
 * (`services/sync-service.ts`) sends the requests, honours rate limits, checkpoints positions and
 * feeds every order into the intake service. See docs/decisions/0140-pull-connectors.md.
 *
 * To add a vendor: one module exporting a `PagingAdapter`, registered in `paging-adapters.ts`.
 */
import { isLosslessNumber } from 'lossless-json';
import { isObject } from './vendor-json.js';

/** A request the engine sends, relative to the install's base URL. */
export interface VendorRequest {
  method: 'GET' | 'POST';
  /** Appended to the base URL's path (`/orders`); may be an absolute URL the vendor handed us (`links.next`). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** `application/x-www-form-urlencoded` fields (OAuth token refresh). */
  form?: Record<string, string>;
}

/** A vendor's answer as the engine saw it: lower-case header names, the body parsed as JSON (null when not JSON). */
export interface VendorResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: unknown;
}

/** One order as the vendor's list shows it. */
export interface ListRow {
  /** The vendor's order id, as the normalizer will read it (`String(id)`). */
  vendorOrderId: string;
  /** When the vendor says the order was placed; used to honour a backfill's `from` where the vendor cannot filter. */
  placedAt: Date | null;
  /** The row as listed: captured verbatim when it is the full order, else fingerprinted to skip unchanged rows. */
  raw: unknown;
  /** True when the row lacks what the normalizer needs, so the order's details call supplies the capture. */
  needsDetails: boolean;
}

/** A page read: its rows, where the next page is (null at the end), and the vendor's total when it gives one. */
export interface ListPage<Position> {
  rows: ListRow[];
  next: Position | null;
  total: number | null;
}

/** What a run asks the vendor for. */
export interface ListWindow {
  /** Orders placed at or after this instant; null: everything. */
  from: Date | null;
  /**
   * True for an incremental run: `from` is then the checkpoint minus the overlap, and a vendor that can
   * filter by update time (Shopify `updated_at_min`, WooCommerce `modified_after`, Zid `date_attribute`)
   * lists the orders changed since, so a change to an older order is not missed.
   */
  incremental?: boolean;
}

/** Credentials as the install holds them (sealed at rest); each adapter declares its fields. */
export type Credentials = Readonly<Record<string, string>>;

export interface CredentialField {
  name: string;
  required: boolean;
  /** What the merchant must paste, for error messages. */
  description: string;
}

/**
 * One vendor's list API. `Position` is the adapter's own JSON-serializable place in the list (a page
 * number, an offset, a cursor): the engine commits it as the checkpoint with the orders it covers.
 */
export interface PagingAdapter<Position = unknown> {
  /** The app slug this adapter serves. */
  readonly appSlug: string;
  /** The vendor's production API, or null when there is none (the install must give its own). */
  readonly defaultBaseUrl: string | null;
  readonly credentialFields: readonly CredentialField[];
  /**
   * `newest-first` lists shift under insertions, so after its pass the engine re-reads from the first
   * page until a page brings nothing new; `oldest-first` lists (and cursors) append new orders at the end.
   */
  readonly listOrder: 'oldest-first' | 'newest-first';
  /** True when the list itself filters by `ListWindow.from`; otherwise the engine drops older rows. */
  readonly filtersByPlacedTime: boolean;
  /**
   * True when the details call tells a removed order apart (`isRemoved`): after a complete pass, the
   * engine asks it about orders the list no longer shows.
   */
  readonly reportsRemovals: boolean;
  /** Most details calls the engine may have in flight at once for one install. */
  readonly detailsConcurrency: number;

  firstPosition(window: ListWindow): Position;
  listRequest(position: Position, window: ListWindow, credentials: Credentials): VendorRequest;
  /** Throws `VendorShapeError` when the answer is not the documented shape. */
  readPage(response: VendorResponse, position: Position): ListPage<Position>;
  /** The order's details call, for rows with `needsDetails`. */
  detailsRequest(vendorOrderId: string, credentials: Credentials): VendorRequest | null;
  /** The vendor order inside a details answer. */
  readDetails(response: VendorResponse): unknown;
  /**
   * True when this answer to a details call means the vendor removed the order (Orbitkit's 410 Gone):
   * the engine soft-deletes the unified order, as a DELETE would.
   */
  isRemoved(response: VendorResponse): boolean;
  /** How long to wait before the next request, from the answer's rate-limit headers (0: go on). */
  waitBeforeNextMs(response: VendorResponse, now: Date): number;
  /** The credentials' auth headers on every request. */
  authHeaders(credentials: Credentials): Record<string, string>;
  /**
   * For OAuth vendors: the refresh request after a 401, and the credentials its answer gives (stored back,
   * sealed). Null when the vendor's tokens do not refresh.
   */
  refresh: {
    request(credentials: Credentials, baseUrl: string): VendorRequest;
    read(response: VendorResponse, credentials: Credentials): Credentials;
  } | null;
}

/** The vendor answered something other than its documented shape. */
export class VendorShapeError extends Error {}

/**
 * `Retry-After` as delta-seconds or an HTTP date → milliseconds from `now` (0 when absent or past).
 * RFC 9110 §10.2.3.
 */
export function retryAfterMs(headers: Readonly<Record<string, string>>, now: Date): number {
  const value = headers['retry-after']?.trim();
  if (!value) {
    return 0;
  }
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now.getTime());
}

/**
 * `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset` → how long until the bucket refills. The reset is
 * read as Unix seconds when it looks like one, else as seconds from now (vendors use both).
 */
export function rateLimitResetMs(headers: Readonly<Record<string, string>>, now: Date): number {
  const remaining = headers['x-ratelimit-remaining'];
  const reset = headers['x-ratelimit-reset'];
  if (remaining === undefined || reset === undefined || Number(remaining) > 0 || !/^\d+$/.test(reset)) {
    return 0;
  }
  const seconds = Number(reset);
  const ms = seconds > 1_000_000_000 ? seconds * 1000 - now.getTime() : seconds * 1000;
  return Math.max(0, ms);
}

/** A JSON object, or a `VendorShapeError` naming where (bodies are parsed losslessly: `parseVendorJson`). */
export function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) {
    throw new VendorShapeError(`${path}: expected an object`);
  }
  return value as Record<string, unknown>;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new VendorShapeError(`${path}: expected an array`);
  }
  return value;
}

/** A vendor id (number or string) as text, exactly as the vendor wrote it. */
export function idAt(value: unknown, path: string): string {
  if (isLosslessNumber(value)) {
    return value.value;
  }
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) {
    return String(value);
  }
  throw new VendorShapeError(`${path}: expected an id`);
}

/** A non-negative integer count (totals, pages), or null when absent or not one. */
export function optionalCount(value: unknown): number | null {
  const number = isLosslessNumber(value) ? Number(value.value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/**
 * `Retry-After` written as decimal seconds (Shopify sends `2.0`), else as `retryAfterMs` reads it.
 */
export function decimalRetryAfterMs(headers: Readonly<Record<string, string>>, now: Date): number {
  const value = headers['retry-after']?.trim();
  if (value && /^\d+\.\d+$/.test(value)) {
    return Math.ceil(Number(value) * 1000);
  }
  return retryAfterMs(headers, now);
}

/** An ISO 8601 instant, or null when absent or unreadable (placed times only steer, never decide). */
export function optionalInstant(value: unknown): Date | null {
  if (typeof value !== 'string') {
    return null;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}
