/**
 * @module Listing a tenant's orders: page mode (the contract's `page` / `limit`) and cursor mode
 * (keyset on sort key + id, signed cursors); see docs/decisions/0011-cursor-pagination.md.
 */
import { type PageBlock, pageBlock, type SnapshotSource } from '../domain/envelope.js';
import { type CursorProblem, decodeCursor, encodeCursor } from '../domain/list-cursor.js';
import type { Actor } from '../domain/order-event.js';
import { type OrderFilter, type OrderSort, toSortSpec } from '../domain/order-filter.js';
import { validationFailed } from '../errors.js';
import { createRecentOrdersView, pollingBounds } from '../polling/recent-orders-view.js';
import type { Db } from '../storage/db.js';
import { createOrdersRepository } from '../storage/orders-repository.js';
import type { SecretBox } from '../storage/secret-box.js';
import { createServiceSecretsRepository } from '../storage/service-secrets-repository.js';
import { createOrderCountCache } from './order-count-cache.js';

export interface ListQuery {
  filter: OrderFilter;
  sort: OrderSort;
  limit: number;
  page: number;
  /** Absent: page mode. Empty: cursor mode from the first row. Otherwise a `next_cursor` we issued. */
  cursor?: string | undefined;
}

export interface OrdersPage {
  orders: SnapshotSource[];
  pagination: PageBlock;
}

/** The `service_secrets` row that signs list cursors. */
export const CURSOR_SECRET = 'list_cursor';

const CURSOR_PROBLEMS: Record<CursorProblem, string> = {
  invalid: 'is not a cursor this service issued',
  other_query: 'belongs to a different sort or filter set; repeat the query that returned it',
};

export function createOrdersListService(deps: {
  db: Db;
  /** Where service secrets are created on first use, when `db` is a read replica. */
  primary?: Db;
  fastPath?: boolean | undefined;
  clock?: () => Date;
  secretBox: SecretBox;
}) {
  const orders = createOrdersRepository(deps.db);
  const clock = deps.clock ?? (() => new Date());
  const recentView = deps.fastPath === false ? undefined : createRecentOrdersView(deps);
  const secrets = createServiceSecretsRepository(deps.primary ?? deps.db, deps.secretBox);
  const counts = createOrderCountCache(orders);
  let cursorSecret: Promise<string> | undefined;

  function signingSecret(): Promise<string> {
    cursorSecret ??= secrets.getOrCreate(CURSOR_SECRET).catch((error: unknown) => {
      cursorSecret = undefined; // try again on the next request
      throw error;
    });
    return cursorSecret;
  }

  async function listPageMode(organizationId: string, query: ListQuery): Promise<OrdersPage> {
    const [rows, total] = await Promise.all([
      orders.listPage(organizationId, query.filter, {
        sort: toSortSpec(query.sort),
        limit: query.limit,
        offset: (query.page - 1) * query.limit,
      }),
      counts.count(organizationId, query.filter),
    ]);
    const block = pageBlock(query.page, query.limit, total);
    return { orders: rows, pagination: block };
  }

  /** A poll answered by the recent-orders view, or undefined when the view can't answer it. */
  async function listFromView(
    organizationId: string,
    query: ListQuery,
    ledgerVersion: number | undefined,
  ): Promise<OrdersPage | undefined> {
    const bounds = recentView && pollingBounds(query, clock());
    if (!bounds) {
      return undefined;
    }
    const version = ledgerVersion ?? (await orders.ledgerVersion(organizationId));
    const matching = await recentView?.recentOrders(organizationId, version, bounds);
    if (!matching) {
      return undefined;
    }
    const offset = (query.page - 1) * query.limit;
    const total = matching.length;
    const block = pageBlock(query.page, query.limit, total);
    return { orders: matching.slice(offset, offset + query.limit), pagination: block };
  }

  async function listCursorMode(
    organizationId: string,
    query: ListQuery,
    cursor: string,
  ): Promise<OrdersPage> {
    const secret = await signingSecret();
    const position = cursor === '' ? undefined : decodeCursor(secret, cursor, query.sort, query.filter);
    if (typeof position === 'string') {
      throw validationFailed({ cursor: CURSOR_PROBLEMS[position] });
    }
    const page = position?.page ?? 1;
    // One row more than asked says whether a next page exists without counting.
    const [rows, total] = await Promise.all([
      orders.listPage(organizationId, query.filter, {
        sort: toSortSpec(query.sort),
        limit: query.limit + 1,
        after: position,
      }),
      counts.count(organizationId, query.filter),
    ]);
    const hasNext = rows.length > query.limit;
    const shown = hasNext ? rows.slice(0, query.limit) : rows;
    const last = shown.at(-1);
    const nextCursor =
      hasNext && last
        ? encodeCursor(
            secret,
            { sort: query.sort, key: last.sort_key, id: last.id, page: page + 1 },
            query.filter,
          )
        : null;
    return {
      orders: shown,
      pagination: { ...pageBlock(page, query.limit, total, hasNext), next_cursor: nextCursor },
    };
  }

  return {
    /**
     * `ledgerVersion`: the organization's ledger version if the caller already read it for this
     * request (it must have been read before this call, never reused from an earlier request).
     */
    async listOrders(actor: Actor, query: ListQuery, ledgerVersion?: number): Promise<OrdersPage> {
      if (query.cursor !== undefined) {
        return listCursorMode(actor.organizationId, query, query.cursor);
      }
      return (
        (await listFromView(actor.organizationId, query, ledgerVersion)) ??
        listPageMode(actor.organizationId, query)
      );
    },
  };
}

export type OrdersListService = ReturnType<typeof createOrdersListService>;
