/**
 * @module The order ledger. Every method takes the organization first; a row of another tenant is
 * indistinguishable from a missing one.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { SnapshotSource } from '../domain/envelope.js';
import type { OrderRecord } from '../domain/order.js';
import type { NewOrderEvent } from '../domain/order-event.js';
import type { OrderFilter, SortSpec } from '../domain/order-filter.js';
import { type Executor, queryRows } from './db.js';
import { insertFromJson, rowsJson } from './json-rows.js';
import { afterPosition, filterConditions, sortKeyText, sortOrder } from './order-filter-sql.js';
import { orderEvents, orderLedgerVersions, orders, organizations } from './schema.js';

/** Who an event names as its author. */
export type EventActor = Pick<NewOrderEvent, 'actor_api_key_id' | 'actor_account_id' | 'actor_app_id'>;

export type { OrderFilter } from '../domain/order-filter.js';

/** An order record with its rendered payload, as it is written. */
export type StoredOrder = OrderRecord & { snapshot: string };

export interface StoredSnapshot extends SnapshotSource {
  deleted_at: Date | null;
  version: number;
}

const snapshotColumns = {
  id: orders.id,
  organization_id: orders.organization_id,
  source: orders.source,
  app_slug: orders.app_slug,
  snapshot: orders.snapshot,
};

type SnapshotRow = {
  id: string;
  organization_id: string;
  source: string;
  app_slug: string | null;
  snapshot: string;
};

/** Orders from an installed app name it in the envelope; manual and API orders have none. */
export function toSnapshotSource(row: SnapshotRow): SnapshotSource {
  return {
    id: row.id,
    organization_id: row.organization_id,
    organization_app_id: row.app_slug === null ? null : row.source,
    app_slug: row.app_slug,
    snapshot: row.snapshot,
  };
}

export function createOrdersRepository(db: Executor) {
  // The hottest reads are built once per repository rather than on every call.
  let findSnapshotQuery: ReturnType<typeof prepareFindSnapshot> | undefined;
  let ledgerVersionQuery: ReturnType<typeof prepareLedgerVersion> | undefined;
  function prepareFindSnapshot() {
    return db
      .select({ ...snapshotColumns, deleted_at: orders.deleted_at, version: orders.version })
      .from(orders)
      .where(
        and(
          eq(orders.organization_id, sql.placeholder('organizationId')),
          eq(orders.id, sql.placeholder('id')),
        ),
      )
      .prepare('orders_find_snapshot');
  }
  function prepareLedgerVersion() {
    return db
      .select({ version: orderLedgerVersions.version })
      .from(orderLedgerVersions)
      .where(eq(orderLedgerVersions.organization_id, sql.placeholder('organizationId')))
      .prepare('orders_ledger_version');
  }

  return {
    /**
     * Reserves `n` consecutive order numbers for the organization and returns the first. Run inside the
     * inserting transaction: the row lock orders concurrent creates and a rollback returns the numbers.
     */
    async allocateOrderSeq(organizationId: string, n: number): Promise<number> {
      const [row] = await db
        .update(organizations)
        .set({ orderSeq: sql`${organizations.orderSeq} + ${n}` })
        .where(eq(organizations.id, organizationId))
        .returning({ last: organizations.orderSeq });
      if (!row) {
        throw new Error(`organization ${organizationId} does not exist`);
      }
      return row.last - n + 1;
    },

    /**
     * Inserts new orders and their `order.created` events in one statement. A row whose
     * `source_transaction_id` the organization already used for that source is skipped (the unique index
     * decides, so racing duplicates can't both land) and gets no event; returns the ids inserted. The
     * events are made server-side from the inserted rows, so each snapshot crosses the wire once; their
     * ids are drawn there too (`evt_` + 16 hex digits of a random UUID's hash, as delivery ids are).
     */
    async insertCreated(records: readonly StoredOrder[], actor: EventActor): Promise<Set<string>> {
      if (records.length === 0) {
        return new Set();
      }
      const inserted = await queryRows<{ id: string }>(
        db,
        sql`with inserted as (${insertFromJson(
          orders,
          records,
          sql`on conflict (organization_id, source, source_transaction_id) where source_transaction_id is not null do nothing
            returning organization_id, id, source, app_slug, created_at, version, snapshot`,
        )}), events as (
          insert into ${orderEvents} (organization_id, id, order_id, organization_app_id, app_slug, event_type,
            occurred_at, order_version, actor_api_key_id, actor_account_id, actor_app_id, changes, snapshot)
          select organization_id, 'evt_' || substr(md5(gen_random_uuid()::text), 1, 16), id,
            case when app_slug is null then null else source end, app_slug, 'order.created',
            created_at, version, ${actor.actor_api_key_id}::text, ${actor.actor_account_id}::text,
            ${actor.actor_app_id}::text, null, snapshot
          from inserted
        )
        select id from inserted`,
      );
      return new Set(inserted.map((row) => row.id));
    },

    /** The full record of one order (deleted or not); `forUpdate` locks the row until the transaction ends. */
    async findRecord(organizationId: string, id: string, options: { forUpdate?: boolean } = {}) {
      const { snapshot: _snapshot, ...columns } = getTableColumns(orders);
      const query = db
        .select(columns)
        .from(orders)
        .where(and(eq(orders.organization_id, organizationId), eq(orders.id, id)));
      const [row] = options.forUpdate ? await query.for('update') : await query;
      return row as OrderRecord | undefined;
    },

    /**
     * Writes a changed order over the stored one. The caller holds the row lock (`findRecord` with
     * `forUpdate`), so no other writer can have moved it since it was read (decision 0101).
     */
    async replace(order: StoredOrder): Promise<void> {
      const { organization_id, id, ...fields } = order;
      await db
        .update(orders)
        .set(fields)
        .where(and(eq(orders.organization_id, organization_id), eq(orders.id, id)));
    },

    async appendEvents(events: readonly NewOrderEvent[]): Promise<void> {
      if (events.length > 0) {
        await db.execute(insertFromJson(orderEvents, events));
      }
    },

    /** The orders already holding any of these (source, source_transaction_id) pairs, in one query. */
    async findBySourceTransactions(
      organizationId: string,
      keys: ReadonlyArray<{ source: string; source_transaction_id: string }>,
    ) {
      if (keys.length === 0) {
        return [];
      }
      return queryRows<{ id: string; order_number: string; source: string; source_transaction_id: string }>(
        db,
        sql`select o.id, o.order_number, o.source, o.source_transaction_id
          from json_to_recordset(${rowsJson(keys)}::json) as k(source text, source_transaction_id text)
          join ${orders} o on o.organization_id = ${organizationId}
            and o.source = k.source and o.source_transaction_id = k.source_transaction_id`,
      );
    },

    async findBySourceTransaction(organizationId: string, source: string, sourceTransactionId: string) {
      const [row] = await db
        .select({ id: orders.id, order_number: orders.order_number })
        .from(orders)
        .where(
          and(
            eq(orders.organization_id, organizationId),
            eq(orders.source, source),
            eq(orders.source_transaction_id, sourceTransactionId),
          ),
        );
      return row;
    },

    /** The stored snapshot of one order, deleted or not (callers tell 410 from 404). */
    async findSnapshot(organizationId: string, id: string): Promise<StoredSnapshot | undefined> {
      findSnapshotQuery ??= prepareFindSnapshot();
      const [row] = await findSnapshotQuery.execute({ organizationId, id });
      return row && { ...toSnapshotSource(row), deleted_at: row.deleted_at, version: row.version };
    },

    /**
     * One page of matching orders in `sort` order: after `after` (keyset, cursor mode) or after skipping
     * `offset` rows (page mode). Each row carries its sort key as exact text for the next cursor.
     */
    async listPage(
      organizationId: string,
      filter: OrderFilter,
      page: { sort: SortSpec; limit: number; offset?: number; after?: { key: string; id: string } },
    ): Promise<Array<SnapshotSource & { sort_key: string }>> {
      const rows = await db
        .select({ ...snapshotColumns, sort_key: sortKeyText(page.sort) })
        .from(orders)
        .where(
          and(
            filterConditions(organizationId, filter),
            page.after ? afterPosition(page.sort, page.after.key, page.after.id) : undefined,
          ),
        )
        .orderBy(...sortOrder(page.sort))
        .limit(page.limit)
        .offset(page.offset ?? 0);
      return rows.map((row) => ({ ...toSnapshotSource(row), sort_key: row.sort_key }));
    },

    /** The organization's ledger version: it changes with every committed write to its orders. */
    async ledgerVersion(organizationId: string): Promise<number> {
      ledgerVersionQuery ??= prepareLedgerVersion();
      const [row] = await ledgerVersionQuery.execute({ organizationId });
      return row?.version ?? 0;
    },

    /** The count and the ledger version it is exact for, read in one statement (one snapshot). */
    async countAtVersion(
      organizationId: string,
      filter: OrderFilter,
    ): Promise<{ count: number; version: number }> {
      const [row] = await queryRows<{ count: number | string; version: number | string | null }>(
        db,
        sql`select count(*) as count, (select ${orderLedgerVersions.version} from ${orderLedgerVersions}
          where ${orderLedgerVersions.organization_id} = ${organizationId}) as version
          from ${orders} where ${filterConditions(organizationId, filter)}`,
      );
      return { count: Number(row?.count ?? 0), version: Number(row?.version ?? 0) };
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
