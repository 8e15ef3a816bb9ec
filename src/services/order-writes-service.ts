/**
 * @module Changing existing orders: full replacement, status changes, deletion, and their bulk forms.
 * Every change goes through `applyChange` (row lock, version, snapshot and event in one transaction),
 * so each rule below is checked against the order as it is once locked, never against an older read.
 */
import type { SnapshotSource } from '../domain/envelope.js';
import { type OrderRecord, skusOf } from '../domain/order.js';
import { type Actor, changeEventType } from '../domain/order-event.js';
import {
  checkOrderInput,
  type OrderInput,
  type OrderReplaceInput,
  toOrderFields,
} from '../domain/order-input.js';
import { refusedTransition, type StatusValues } from '../domain/order-status.js';
import { type BulkStatusUpdate, requestedStatuses, type StatusPatch } from '../domain/status-patch.js';
import { ApiError, type ErrorDetails, validationFailed } from '../errors.js';
import type { Db, Tx } from '../storage/db.js';
import { createOrdersRepository, toSnapshotSource } from '../storage/orders-repository.js';
import { isUniqueViolation } from '../storage/pg-errors.js';
import { type AppliedChange, type OrdersService, withLedgerDefaults } from './orders-service.js';

export interface WriteOptions {
  /** Versions the caller's `If-Match` accepts (undefined: no precondition). */
  expectedVersion?: readonly number[] | undefined;
  tx?: Tx;
}

/** The order after a write (or a no-op), ready to answer with: its envelope and ETag. */
export interface WrittenOrder extends SnapshotSource {
  version: number;
}

const written = ({ order }: AppliedChange): WrittenOrder => ({
  ...toSnapshotSource(order),
  version: order.version,
});

/** One item of a bulk request after schema validation: its value, or why it was refused. */
export type BulkItem<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The contract's bulk result (`data` of every bulk response). */
export interface BulkOutcome {
  succeeded: number;
  failed: number;
  /** `<id or index>` → the contract's plain message (`Order not found`, `Validation failed`…). */
  errors: Record<string, string>;
  /** The same keys → the error's structured details, as a single request's `details` would be. */
  error_details: Record<string, ErrorDetails>;
}

/** Bulk create also says which order each item became, in request order (null where it failed). */
export interface BulkCreateOutcome extends BulkOutcome {
  orders: Array<{ id: string; order_number: string } | null>;
}

/**
 * A failed item: the contract's message under `errors` and the details beside it under
 * `error_details`, minus the order id the entry is already keyed by (docs/decisions/0120).
 */
function recordFailure(outcome: BulkOutcome, key: string, error: ApiError): void {
  const { id, ...rest } = error.details;
  outcome.failed += 1;
  outcome.errors[key] = error.message;
  outcome.error_details[key] = id === key ? rest : error.details;
}

/** The requested statuses over the current ones, or the same record when none of them moves. */
function withStatuses(current: OrderRecord, requested: Partial<StatusValues>): OrderRecord {
  const refused = refusedTransition(current, requested);
  if (refused) {
    throw new ApiError('validation', 'Invalid status transition', { ...refused });
  }
  const moves = Object.entries(requested).some(
    ([field, value]) => current[field as keyof StatusValues] !== value,
  );
  return moves ? { ...current, ...requested } : current;
}

export function createOrderWritesService(deps: { db: Db; orders: OrdersService }) {
  const { db, orders } = deps;

  async function changeStatus(
    actor: Actor,
    id: string,
    patch: StatusPatch,
    options: WriteOptions = {},
  ): Promise<AppliedChange> {
    const requested = requestedStatuses(patch, { required: true });
    if (!requested.ok) {
      throw validationFailed(requested.errors);
    }
    return orders.applyChange(
      actor,
      id,
      changeEventType,
      (current) => withStatuses(current, requested.values),
      options,
    );
  }

  async function markDeleted(actor: Actor, id: string, options: WriteOptions = {}): Promise<AppliedChange> {
    return orders.applyChange(
      actor,
      id,
      () => 'order.deleted',
      (current, now) => ({ ...current, deleted_at: now }),
      options,
    );
  }

  /**
   * Runs `write` for each item inside one transaction, each under its own savepoint so that a failed
   * item leaves no trace. Items are taken in id order so that two bulk requests lock shared orders in
   * the same order and cannot deadlock; repeated ids keep their request order.
   */
  async function eachUnderSavepoint<T extends { id: string }>(
    items: ReadonlyArray<BulkItem<T> & { key: string }>,
    write: (value: T, tx: Tx) => Promise<unknown>,
  ): Promise<BulkOutcome> {
    const outcome: BulkOutcome = { succeeded: 0, failed: 0, errors: {}, error_details: {} };
    const valid: Array<{ key: string; value: T }> = [];
    for (const item of items) {
      if (item.ok) {
        valid.push({ key: item.key, value: item.value });
      } else {
        recordFailure(outcome, item.key, item.error);
      }
    }
    valid.sort((a, b) => (a.value.id < b.value.id ? -1 : a.value.id > b.value.id ? 1 : 0));
    if (valid.length > 0) {
      await db.transaction(async (tx) => {
        for (const { key, value } of valid) {
          try {
            await tx.transaction((savepoint) => write(value, savepoint));
            outcome.succeeded += 1;
          } catch (error) {
            if (!(error instanceof ApiError) || error.status >= 500) {
              throw error;
            }
            recordFailure(outcome, key, error);
          }
        }
      });
    }
    return outcome;
  }

  return {
    async patchStatus(actor: Actor, id: string, patch: StatusPatch, options: WriteOptions = {}) {
      return written(await changeStatus(actor, id, patch, options));
    },

    async deleteOrder(actor: Actor, id: string, options: WriteOptions = {}) {
      return written(await markDeleted(actor, id, options));
    },

    /**
     * Full replacement with the create body and its checks. The ledger's own fields never change,
     * `source` must stay the same (omitted: kept, decision 0028), and statuses the body names obey the
     * state machine while unnamed ones keep their values (docs/decisions/0022-full-update.md).
     */
    async replaceOrder(
      actor: Actor,
      id: string,
      body: OrderReplaceInput,
      options: WriteOptions = {},
    ): Promise<WrittenOrder> {
      // An omitted source means "the one it has": read it first (it never changes, so no race).
      const stored =
        body.source ?? (await createOrdersRepository(db).findRecord(actor.organizationId, id))?.source;
      // An unknown id has no source; `applyChange` answers it with the 404.
      const input: OrderInput = { ...body, source: stored ?? 'manual' };
      const errors = checkOrderInput(input);
      if (Object.keys(errors).length > 0) {
        throw validationFailed(errors);
      }
      const statuses = requestedStatuses(input, { required: false });
      if (!statuses.ok) {
        throw validationFailed(statuses.errors);
      }
      const resolved = await orders.resolveSource(actor.organizationId, input.source);
      const fields = toOrderFields(input);
      try {
        const applied = await orders.applyChange(
          actor,
          id,
          changeEventType,
          (current) => {
            if (resolved.source !== current.source) {
              throw validationFailed({ source: `cannot change; this order's source is ${current.source}` });
            }
            const replaced: OrderRecord = {
              ...current,
              ...withLedgerDefaults(fields, resolved, current.order_number),
              order_status: current.order_status,
              payment_status: current.payment_status,
              fulfillment_status: current.fulfillment_status,
              skus: skusOf(fields.products),
            };
            return withStatuses(replaced, statuses.values);
          },
          options,
        );
        return written(applied);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ApiError('conflict', 'Duplicate source_transaction_id', {
            source_transaction_id: fields.source_transaction_id,
          });
        }
        throw error;
      }
    },

    async bulkCreate(actor: Actor, items: ReadonlyArray<BulkItem<OrderInput>>): Promise<BulkCreateOutcome> {
      const valid = items.flatMap((item, index) => (item.ok ? [{ index, input: item.value }] : []));
      const created = await orders.createOrders(
        actor,
        valid.map((item) => item.input),
      );
      const outcome: BulkCreateOutcome = {
        succeeded: 0,
        failed: 0,
        errors: {},
        error_details: {},
        orders: items.map(() => null),
      };
      items.forEach((item, index) => {
        if (!item.ok) {
          recordFailure(outcome, String(index), item.error);
        }
      });
      valid.forEach(({ index }, position) => {
        const result = created[position];
        if (result?.ok) {
          outcome.succeeded += 1;
          outcome.orders[index] = { id: result.id, order_number: result.order_number };
        } else {
          recordFailure(
            outcome,
            String(index),
            result?.error ?? new ApiError('internal', 'order was not created'),
          );
        }
      });
      return outcome;
    },

    /** Each item keyed by its order id, or by its position when it has none (`errors` keys). */
    async bulkPatchStatus(
      actor: Actor,
      items: ReadonlyArray<BulkItem<BulkStatusUpdate> & { key: string }>,
    ): Promise<BulkOutcome> {
      return eachUnderSavepoint(items, ({ id, ...patch }, tx) => changeStatus(actor, id, patch, { tx }));
    },

    async bulkDelete(actor: Actor, ids: readonly string[]): Promise<BulkOutcome> {
      return eachUnderSavepoint(
        ids.map((id) => ({ ok: true as const, value: { id }, key: id })),
        ({ id }, tx) => markDeleted(actor, id, { tx }),
      );
    },
  };
}

export type OrderWritesService = ReturnType<typeof createOrderWritesService>;
