/**
 * @module Creating, changing and reading orders for a tenant. Every write goes through `createOrders`
 * or `applyChange`, which write the order and its event in one transaction.
 */
import { isDeepStrictEqual } from 'node:util';
import { newId, newOrderId } from '../domain/ids.js';
import type { OrderFields, OrderRecord } from '../domain/order.js';
import type { Actor, FieldChanges, NewOrderEvent, OrderEventType } from '../domain/order-event.js';
import { checkOrderInput, type OrderInput, toOrderFields } from '../domain/order-input.js';
import { newOrderRecord, renderSnapshot, toPayload } from '../domain/order-render.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import { createAppsRepository } from '../storage/apps-repository.js';
import type { Db, Tx } from '../storage/db.js';
import {
  createOrdersRepository,
  type EventActor,
  type StoredOrder,
  type StoredSnapshot,
} from '../storage/orders-repository.js';
import { createReadRouter, type ReplicaSet } from '../storage/read-replicas.js';
import type { SecretBox } from '../storage/secret-box.js';
import {
  followOrderChange,
  moveReservation,
  type ReservationOutcome,
  recordCreatedOrders,
  reserveForNewOrders,
} from './order-stock.js';
import { createOrdersListService, type ListQuery, type OrdersPage } from './orders-list-service.js';

export type { ListQuery, OrdersPage } from './orders-list-service.js';

/** Sources that are not installed apps. */
export const DIRECT_SOURCES = ['manual', 'api'] as const;

/** `ORD-2026-001`: the contract's example shape; the sequence runs on across years. */
export function formatOrderNumber(seq: number, createdAt: Date): string {
  return `ORD-${createdAt.getUTCFullYear()}-${String(seq).padStart(3, '0')}`;
}

export interface CreatedOrder {
  id: string;
  order_number: string;
  /** False when an order with the same source and `source_transaction_id` already existed. */
  created: boolean;
}

/** One item of a batch create: the order, or why this item was refused (others are unaffected). */
export type CreateResult = ({ ok: true } & CreatedOrder) | { ok: false; error: ApiError };

export interface ResolvedSource {
  source: string;
  app_slug: string | null;
  defaults: Partial<Pick<OrderFields, 'destination_id' | 'store_name'>>;
}

/**
 * A change to one stored order: returns the new fields, or the same object when nothing is to change
 * (a no-op writes nothing). Throw an ApiError to refuse the change. `now` is the change's time.
 */
export type OrderMutation = (current: OrderRecord, now: Date) => OrderRecord;

export interface AppliedChange {
  order: StoredOrder;
  changed: boolean;
}

/** Payload fields whose values differ between two versions of an order. */
export function diffOrders(before: OrderRecord, after: OrderRecord): FieldChanges {
  const a = toPayload(before) as Record<string, unknown>;
  const b = toPayload(after) as Record<string, unknown>;
  const changes: FieldChanges = {};
  for (const field of Object.keys(b)) {
    // Key order is not compared: jsonb hands objects back with its own key order.
    if (field !== 'updated_at' && !isDeepStrictEqual(a[field], b[field])) {
      changes[field] = { from: a[field] ?? null, to: b[field] ?? null };
    }
  }
  return changes;
}

function eventActor(actor: Actor): EventActor {
  return {
    actor_api_key_id: actor.apiKeyId ?? null,
    actor_account_id: actor.accountId ?? null,
    actor_app_id: actor.appId ?? null,
  };
}

function eventFor(
  actor: Actor,
  order: StoredOrder,
  eventType: OrderEventType,
  changes: FieldChanges | null,
  at: Date,
): NewOrderEvent {
  return {
    organization_id: order.organization_id,
    id: newId('evt'),
    order_id: order.id,
    organization_app_id: order.app_slug === null ? null : order.source,
    app_slug: order.app_slug,
    event_type: eventType,
    occurred_at: at,
    order_version: order.version,
    ...eventActor(actor),
    changes,
    snapshot: order.snapshot,
  };
}

/** What the ledger fills in where a writer left a field empty: the install's store, a display code. */
export function withLedgerDefaults(
  fields: OrderFields,
  resolved: ResolvedSource,
  orderNumber: string,
): OrderFields {
  return {
    ...fields,
    destination_id: fields.destination_id ?? resolved.defaults.destination_id ?? null,
    store_name: fields.store_name ?? resolved.defaults.store_name ?? null,
    order_code: fields.order_code ?? orderNumber,
  };
}

export function createOrdersService(deps: {
  db: Db;
  clock?: () => Date;
  /** False forces lists through the normal path (the polling view's equivalence tests). */
  pollingFastPath?: boolean;
  /** Streaming replicas that may serve gets and lists (decision 0222). */
  replicas?: ReplicaSet | undefined;
  onReplicaError?: (error: unknown, replica: string) => void;
  /** Seals the service secrets lists create on first use (the cursor signing key). */
  secretBox: SecretBox;
}) {
  const { db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const orders = createOrdersRepository(db);
  const apps = createAppsRepository(db);
  const readerOn = (on: Db) => ({
    orders: on === db ? orders : createOrdersRepository(on),
    // Cursor secrets are created on first use, which only the primary can do.
    list: createOrdersListService({
      db: on,
      primary: db,
      clock,
      fastPath: deps.pollingFastPath,
      secretBox: deps.secretBox,
    }),
  });
  const reads = createReadRouter(readerOn(db), deps.replicas, readerOn, {
    onReplicaError: deps.onReplicaError,
  });
  const replicated = (deps.replicas?.replicas.length ?? 0) > 0;

  async function resolveSource(organizationId: string, source: string): Promise<ResolvedSource> {
    if ((DIRECT_SOURCES as readonly string[]).includes(source)) {
      return { source, app_slug: null, defaults: {} };
    }
    const install = await apps.findInstall(organizationId, source);
    if (!install) {
      throw validationFailed({
        source: 'must be "manual", "api" or the id of an app installed in this organization',
      });
    }
    return {
      source: install.id,
      app_slug: install.appSlug,
      defaults: { destination_id: install.destinationId, store_name: install.storeName },
    };
  }

  function buildOrder(
    organizationId: string,
    fields: OrderFields,
    resolved: ResolvedSource,
    seq: number,
    now: Date,
  ): StoredOrder {
    const orderNumber = formatOrderNumber(seq, now);
    return newOrderRecord(withLedgerDefaults(fields, resolved, orderNumber), {
      id: newOrderId(),
      organization_id: organizationId,
      order_seq: seq,
      order_number: orderNumber,
      source: resolved.source,
      app_slug: resolved.app_slug,
      created_at: now,
    });
  }

  /**
   * Creates a batch of schema-valid inputs in one transaction with set-based statements. Each item
   * succeeds or fails on its own: a refused item leaves no trace; a `source_transaction_id` the
   * organization already used for that source answers with the existing order.
   */
  async function createOrders(actor: Actor, inputs: readonly OrderInput[]): Promise<CreateResult[]> {
    const organizationId = actor.organizationId;
    const results: Array<CreateResult | undefined> = new Array(inputs.length);
    const sources = new Map<string, Promise<ResolvedSource>>();
    const accepted: Array<{ index: number; fields: OrderFields; resolved: ResolvedSource }> = [];
    for (const [index, input] of inputs.entries()) {
      const errors = checkOrderInput(input);
      if (Object.keys(errors).length > 0) {
        results[index] = { ok: false, error: validationFailed(errors) };
        continue;
      }
      if (!sources.has(input.source)) {
        sources.set(input.source, resolveSource(organizationId, input.source));
      }
      try {
        const resolved = await (sources.get(input.source) as Promise<ResolvedSource>);
        accepted.push({ index, fields: toOrderFields(input), resolved });
      } catch (error) {
        results[index] = { ok: false, error: error as ApiError };
      }
    }
    await insertAccepted(actor, accepted, results, { strictStock: true });
    return results as CreateResult[];
  }

  /**
   * Creates orders from fields a normalizer already produced (integrations), all from one source:
   * the same batch semantics as `createOrders`, without the API body's checks. These sales already
   * happened at the source, so a shortage reserves past zero instead of refusing them (decision 0070).
   */
  async function createFromFields(
    actor: Actor,
    source: string,
    items: readonly OrderFields[],
  ): Promise<CreateResult[]> {
    const resolved = await resolveSource(actor.organizationId, source);
    const results: Array<CreateResult | undefined> = new Array(items.length);
    await insertAccepted(
      actor,
      items.map((fields, index) => ({ index, fields, resolved })),
      results,
      { strictStock: false },
    );
    return results as CreateResult[];
  }

  /** The write half of a batch create: fills `results` at each accepted item's index. */
  async function insertAccepted(
    actor: Actor,
    accepted: ReadonlyArray<{ index: number; fields: OrderFields; resolved: ResolvedSource }>,
    results: Array<CreateResult | undefined>,
    /** True: an order its stock cannot cover is refused with OUT_OF_STOCK. */
    options: { strictStock: boolean },
  ): Promise<void> {
    const organizationId = actor.organizationId;
    // Replays of known transactions are answered without touching the order sequence.
    const transactionKey = (source: string, transactionId: string) => `${source}\u0000${transactionId}`;
    const known = await orders.findBySourceTransactions(
      organizationId,
      accepted.flatMap(({ resolved, fields }) =>
        fields.source_transaction_id
          ? [{ source: resolved.source, source_transaction_id: fields.source_transaction_id }]
          : [],
      ),
    );
    const existingByKey = new Map(
      known.map((order) => [transactionKey(order.source, order.source_transaction_id), order]),
    );
    const fresh: Array<(typeof accepted)[number]> = [];
    const seenInBatch = new Map<string, number>();
    for (const item of accepted) {
      const transactionId = item.fields.source_transaction_id;
      if (transactionId) {
        const key = transactionKey(item.resolved.source, transactionId);
        const existing = existingByKey.get(key);
        if (existing) {
          results[item.index] = {
            ok: true,
            id: existing.id,
            order_number: existing.order_number,
            created: false,
          };
          continue;
        }
        if (seenInBatch.has(key)) {
          continue; // answered below with the batch's first order for that transaction
        }
        seenInBatch.set(key, item.index);
      }
      fresh.push(item);
    }

    if (fresh.length > 0) {
      await db.transaction(async (tx) => {
        // Stock is decided first, so that a refused order takes no order number either.
        const reservations = await reserveForNewOrders(
          tx,
          organizationId,
          fresh.map(({ fields, resolved }) => ({
            products: fields.products,
            destinationId: fields.destination_id ?? resolved.defaults.destination_id ?? null,
            order_status: fields.order_status,
            strict: options.strictStock,
          })),
        );
        const fitting = fresh.flatMap((item, position) => {
          const reservation = reservations[position] as ReservationOutcome;
          if (!reservation.ok) {
            results[item.index] = { ok: false, error: reservation.error };
            return [];
          }
          return [{ ...item, lines: reservation.lines }];
        });
        if (fitting.length === 0) {
          return;
        }
        const txOrders = createOrdersRepository(tx);
        const firstSeq = await txOrders.allocateOrderSeq(organizationId, fitting.length);
        const now = clock();
        const built = fitting.map((item, offset) =>
          buildOrder(organizationId, item.fields, item.resolved, firstSeq + offset, now),
        );
        const inserted = await txOrders.insertCreated(built, eventActor(actor));
        await recordCreatedOrders(
          tx,
          organizationId,
          built.flatMap((order, offset) =>
            inserted.has(order.id)
              ? [{ order, lines: (fitting[offset] as (typeof fitting)[number]).lines }]
              : [],
          ),
          now,
        );
        for (const [offset, item] of fitting.entries()) {
          const order = built[offset] as StoredOrder;
          if (inserted.has(order.id)) {
            results[item.index] = { ok: true, id: order.id, order_number: order.order_number, created: true };
            continue;
          }
          // Lost a race with a concurrent identical request: the unique index kept one.
          const existing = await txOrders.findBySourceTransaction(
            organizationId,
            order.source,
            order.source_transaction_id as string,
          );
          results[item.index] = existing
            ? { ok: true, ...existing, created: false }
            : {
                ok: false,
                error: new ApiError('internal', 'order insert was skipped without a conflicting order'),
              };
        }
      });
    }

    // Later duplicates within the batch answer with the order their first occurrence created.
    for (const item of accepted) {
      if (results[item.index] === undefined) {
        const key = transactionKey(item.resolved.source, item.fields.source_transaction_id as string);
        const first = results[seenInBatch.get(key) as number];
        results[item.index] = first?.ok ? { ...first, created: false } : first;
      }
    }
  }

  /**
   * Loads one live order under a row lock, applies `mutate`, and when anything changed writes the new
   * version and its event in the same transaction. The lock is the one concurrency scheme: writers of
   * an order queue on it, so `mutate` and the `If-Match` check always see the latest committed version
   * (docs/decisions/0101-one-concurrency-scheme.md).
   */
  async function applyChange(
    actor: Actor,
    id: string,
    eventType: (changes: FieldChanges) => OrderEventType,
    mutate: OrderMutation,
    /**
     * `expectedVersion`: the versions the caller's `If-Match` accepts; any other is a 412.
     * `strictStock`: whether new lines the stock can't cover refuse the change (API writes), or reserve
     * past what is available (sales an integration reports: they already happened). Default strict.
     */
    options: {
      tx?: Tx;
      expectedVersion?: number | readonly number[] | undefined;
      strictStock?: boolean;
    } = {},
  ): Promise<AppliedChange> {
    const run = async (tx: Tx): Promise<AppliedChange> => {
      const txOrders = createOrdersRepository(tx);
      const current = await txOrders.findRecord(actor.organizationId, id, { forUpdate: true });
      if (!current) {
        throw notFound('Order', { id });
      }
      if (current.deleted_at) {
        throw new ApiError('gone', 'Order deleted', { id });
      }
      const expected = options.expectedVersion;
      if (
        expected !== undefined &&
        !(typeof expected === 'number' ? [expected] : expected).includes(current.version)
      ) {
        throw new ApiError('precondition_failed', 'Order was modified', {
          id,
          expected_version: options.expectedVersion,
          current_version: current.version,
        });
      }
      const now = clock();
      const next = mutate(current, now);
      const changes = diffOrders(current, next);
      const changedFields = Object.keys(changes).length > 0;
      if (next === current || (!changedFields && next.deleted_at === current.deleted_at)) {
        return { order: { ...current, snapshot: renderSnapshot(current) }, changed: false };
      }
      const record: OrderRecord = { ...next, updated_at: now, version: current.version + 1 };
      const stored: StoredOrder = { ...record, snapshot: renderSnapshot(record) };
      await txOrders.replace(stored);
      await moveReservation(tx, current, stored, options.strictStock ?? true, now);
      await followOrderChange(tx, stored, now);
      // A deletion changes no payload field: its event carries no changes, as a creation's does.
      await txOrders.appendEvents([
        eventFor(actor, stored, eventType(changes), changedFields ? changes : null, now),
      ]);
      return { order: stored, changed: true };
    };
    return options.tx ? run(options.tx) : db.transaction(run);
  }

  return {
    createOrders,
    createFromFields,
    applyChange,
    resolveSource,

    async createOrder(actor: Actor, input: OrderInput): Promise<CreatedOrder> {
      const [result] = await createOrders(actor, [input]);
      if (!result?.ok) {
        throw result?.error ?? new ApiError('internal', 'order was not created');
      }
      return { id: result.id, order_number: result.order_number, created: result.created };
    },

    async getOrder(actor: Actor, id: string): Promise<StoredSnapshot> {
      const organizationId = actor.organizationId;
      const order = replicated
        ? await reads.read(organizationId, await orders.ledgerVersion(organizationId), (on) =>
            on.orders.findSnapshot(organizationId, id),
          )
        : await orders.findSnapshot(organizationId, id);
      if (!order) {
        throw notFound('Order', { id });
      }
      if (order.deleted_at) {
        throw new ApiError('gone', 'Order deleted', { id, deleted_at: order.deleted_at.toISOString() });
      }
      return order;
    },

    /**
     * `ledgerVersion`: the organization's ledger version if the caller already read it (on the primary)
     * for this request; with replicas it is read here otherwise, before the list.
     */
    async listOrders(actor: Actor, query: ListQuery, ledgerVersion?: number): Promise<OrdersPage> {
      if (!replicated) {
        return reads.read(actor.organizationId, 0, (on) => on.list.listOrders(actor, query, ledgerVersion));
      }
      const version = ledgerVersion ?? (await orders.ledgerVersion(actor.organizationId));
      return reads.read(actor.organizationId, version, (on) => on.list.listOrders(actor, query, version));
    },

    /** Reads served by replicas and by the primary since start. */
    readCounts: () => reads.counts(),

    /** Changes at the commit of every write to the organization's orders: a cheap list validator. */
    ledgerVersion(actor: Actor): Promise<number> {
      return orders.ledgerVersion(actor.organizationId);
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
