/**
 * @module The polling fast path (docs/decisions/0062-polling-fast-path.md): per organization, the live
 * orders of the last hours in `-created` order, held in memory together with the organization's ledger
 * version they were read at. The ledger version lives in PostgreSQL and changes at the commit of every
 * write to the organization's orders, so a window is served only while it is exact — in every process.
 */
import { LRUCache } from 'lru-cache';
import type { SnapshotSource } from '../domain/envelope.js';
import type { OrderFilter, OrderSort } from '../domain/order-filter.js';
import type { Executor } from '../storage/db.js';
import { createRecentOrdersRepository, type RecentOrder } from '../storage/recent-orders-repository.js';

/** How far back a poll's `from` may reach to be served here: the contract's "roughly six hours". */
export const POLLING_REACH_MS = 6.5 * 3600_000;
/** How far back a window is read: longer than the reach, so one window serves the next hour of polls. */
const WINDOW_MS = 7.5 * 3600_000;

/** The `created_at` bounds of a poll, in Unix microseconds. */
export interface PollingBounds {
  fromMicros: bigint;
  toMicros: bigint | undefined;
}

/** RFC 3339 to microseconds; undefined for anything finer than PostgreSQL keeps (it would round). */
export function toMicros(time: string): bigint | undefined {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/i.exec(time);
  const fraction = match?.[2] ?? '';
  if (!match || fraction.length > 6) {
    return undefined;
  }
  const millis = Date.parse(`${match[1]}${match[3]}`);
  return Number.isNaN(millis) ? undefined : BigInt(millis) * 1000n + BigInt(fraction.padEnd(6, '0'));
}

/**
 * The bounds when a list is a poll the view answers: `-created`, page mode, no filter but `from`
 * (within the reach) and perhaps `to`. Anything else goes the normal way.
 */
export function pollingBounds(
  query: { filter: OrderFilter; sort: OrderSort; cursor?: string | undefined },
  now: Date,
): PollingBounds | undefined {
  const { from, to, ...others } = query.filter;
  const otherFilters = Object.values(others).some((value) => value !== undefined);
  if (query.sort !== '-created' || query.cursor !== undefined || otherFilters || from === undefined) {
    return undefined;
  }
  const fromMicros = toMicros(from);
  const toBound = to === undefined ? undefined : toMicros(to);
  const reach = BigInt(now.getTime() - POLLING_REACH_MS) * 1000n;
  if (fromMicros === undefined || fromMicros < reach || (to !== undefined && toBound === undefined)) {
    return undefined;
  }
  return { fromMicros, toMicros: toBound };
}

interface Window {
  ledgerVersion: number;
  sinceMicros: bigint;
  /** Undefined when the organization has more recent orders than a window may hold. */
  orders: RecentOrder[] | undefined;
}

export function createRecentOrdersView(deps: {
  db: Executor;
  clock?: () => Date;
  /** Busier organizations go the normal way: their window would cost more to reload than it saves. */
  maxOrdersPerWindow?: number;
  /** Memory bound over all windows, in characters of stored snapshot text. */
  maxCachedChars?: number;
}) {
  const clock = deps.clock ?? (() => new Date());
  const maxOrders = deps.maxOrdersPerWindow ?? 2000;
  const recent = createRecentOrdersRepository(deps.db);
  const windows = new LRUCache<string, Window>({
    maxSize: deps.maxCachedChars ?? 128 * 1024 * 1024,
    sizeCalculation: (window) =>
      1 + (window.orders ?? []).reduce((size, order) => size + order.snapshot.length + 200, 0),
  });

  async function loadWindow(organizationId: string, ledgerVersion: number): Promise<Window> {
    const since = new Date(clock().getTime() - WINDOW_MS);
    const rows = await recent.createdSince(organizationId, since.toISOString(), maxOrders + 1);
    const window = {
      ledgerVersion,
      sinceMicros: BigInt(since.getTime()) * 1000n,
      orders: rows.length > maxOrders ? undefined : rows,
    };
    windows.set(organizationId, window);
    return window;
  }

  return {
    /**
     * Every live order of the organization within `bounds`, newest first, as of `ledgerVersion` (read
     * by the caller before this call); undefined when the view can't answer and the caller must.
     */
    async recentOrders(
      organizationId: string,
      ledgerVersion: number,
      bounds: PollingBounds,
    ): Promise<SnapshotSource[] | undefined> {
      let window = windows.get(organizationId);
      if (!window || window.ledgerVersion !== ledgerVersion || window.sinceMicros > bounds.fromMicros) {
        // Read after the version: the rows are at least as new as it, never older.
        window = await loadWindow(organizationId, ledgerVersion);
      }
      if (!window.orders || window.sinceMicros > bounds.fromMicros) {
        return undefined;
      }
      const { fromMicros, toMicros: upTo } = bounds;
      return window.orders.filter(
        (order) => order.createdMicros >= fromMicros && (upTo === undefined || order.createdMicros <= upTo),
      );
    },
  };
}

export type RecentOrdersView = ReturnType<typeof createRecentOrdersView>;
