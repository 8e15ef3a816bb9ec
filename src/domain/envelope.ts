/**
 * @module The read envelopes of the contract (`order.snapshot`, `orders.listed`), assembled as text
 * around stored snapshots so that a list page never re-parses or re-builds its orders.
 */
import { formatNanos, nowNanos } from './clock.js';

export const SPEC_VERSION = '2026-04-01';

/** What the envelope says about an order besides the order itself. */
export interface SnapshotSource {
  id: string;
  organization_id: string;
  /** The install id when the order came from an installed app, else null. */
  organization_app_id: string | null;
  app_slug: string | null;
  snapshot: string;
}

/** One read instant: every envelope of a response shares its `occurred_at`. */
export interface ReadInstant {
  nanos: string;
  occurredAt: string;
}

export function readInstant(): ReadInstant {
  const nanos = nowNanos();
  return { nanos: nanos.toString(), occurredAt: formatNanos(nanos) };
}

const text = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

export function renderSnapshotEnvelope(order: SnapshotSource, at: ReadInstant): string {
  return (
    `{"spec_version":"${SPEC_VERSION}","event_id":${text(`snapshot-${order.id}-${at.nanos}`)},` +
    `"event_type":"order.snapshot","occurred_at":"${at.occurredAt}",` +
    `"organization_id":${text(order.organization_id)},"organization_app_id":${text(order.organization_app_id)},` +
    `"app_slug":${text(order.app_slug)},"order":${order.snapshot}}`
  );
}

export interface PageBlock {
  page: number;
  per_page: number;
  total_items: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
  /** Present in cursor mode: the opaque cursor of the next page, or null at the end. */
  next_cursor?: string | null;
}

/**
 * The contract's pagination block for page `page` of `limit` items out of `total`; `hasNext` defaults
 * to "a later page exists" (cursor mode knows better and passes its own).
 */
export function pageBlock(page: number, limit: number, total: number, hasNext?: boolean): PageBlock {
  const totalPages = Math.ceil(total / limit);
  return {
    page,
    per_page: limit,
    total_items: total,
    total_pages: totalPages,
    has_next: hasNext ?? page < totalPages,
    has_prev: page > 1,
  };
}

export function renderListEnvelope(
  organizationId: string,
  orders: readonly SnapshotSource[],
  pagination: PageBlock,
  meta: Record<string, unknown>,
  at: ReadInstant = readInstant(),
): string {
  const items = orders.map((order) => renderSnapshotEnvelope(order, at)).join(',');
  return (
    `{"spec_version":"${SPEC_VERSION}","event_type":"orders.listed","occurred_at":"${at.occurredAt}",` +
    `"organization_id":${text(organizationId)},"orders":[${items}],` +
    `"pagination":${JSON.stringify(pagination)},"meta":${JSON.stringify(meta)}}`
  );
}
