/** @module Creating and reading orders for a tenant. */

import type { PageBlock, SnapshotSource } from '../domain/envelope.js';
import { newOrderId } from '../domain/ids.js';
import { type OrderFields, type OrderRecord, skusOf } from '../domain/order.js';
import { checkOrderInput, type OrderInput, toOrderFields } from '../domain/order-input.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { Tenant } from '../domain/tenant.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import { createAppsRepository } from '../storage/apps-repository.js';
import type { Db } from '../storage/db.js';
import { createOrdersRepository, type StoredSnapshot } from '../storage/orders-repository.js';

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

export interface ListQuery {
  page: number;
  limit: number;
  sort: '-created' | 'created';
  status?: OrderStatus[] | undefined;
}

export interface OrdersPage {
  orders: SnapshotSource[];
  pagination: PageBlock;
}

interface ResolvedSource {
  source: string;
  app_slug: string | null;
  defaults: Partial<Pick<OrderFields, 'destination_id' | 'store_name'>>;
}

export function createOrdersService(deps: { db: Db; clock?: () => Date }) {
  const { db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const orders = createOrdersRepository(db);
  const apps = createAppsRepository(db);

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

  function buildRecord(
    organizationId: string,
    fields: OrderFields,
    resolved: ResolvedSource,
    seq: number,
    now: Date,
  ): OrderRecord {
    const orderNumber = formatOrderNumber(seq, now);
    return {
      ...fields,
      destination_id: fields.destination_id ?? resolved.defaults.destination_id ?? null,
      store_name: fields.store_name ?? resolved.defaults.store_name ?? null,
      order_code: fields.order_code ?? orderNumber,
      id: newOrderId(),
      organization_id: organizationId,
      order_seq: seq,
      order_number: orderNumber,
      source: resolved.source,
      app_slug: resolved.app_slug,
      skus: skusOf(fields.products),
      created_at: now,
      updated_at: now,
      deleted_at: null,
      version: 1,
    };
  }

  return {
    async createOrder(tenant: Tenant, input: OrderInput): Promise<CreatedOrder> {
      const errors = checkOrderInput(input);
      if (Object.keys(errors).length > 0) {
        throw validationFailed(errors);
      }
      const organizationId = tenant.organizationId;
      const resolved = await resolveSource(organizationId, input.source);
      const fields = toOrderFields(input);
      const transactionId = fields.source_transaction_id;
      // A replay of a known transaction is answered without touching the order sequence.
      if (transactionId) {
        const existing = await orders.findBySourceTransaction(organizationId, resolved.source, transactionId);
        if (existing) {
          return { ...existing, created: false };
        }
      }
      return db.transaction(async (tx) => {
        const txOrders = createOrdersRepository(tx);
        const seq = await txOrders.allocateOrderSeq(organizationId, 1);
        const record = buildRecord(organizationId, fields, resolved, seq, clock());
        const inserted = await txOrders.insertMany([record]);
        if (inserted.has(record.id)) {
          return { id: record.id, order_number: record.order_number, created: true };
        }
        // Lost a race with an identical request: the unique index kept one, answer with it.
        const existing = transactionId
          ? await txOrders.findBySourceTransaction(organizationId, resolved.source, transactionId)
          : undefined;
        if (!existing) {
          throw new ApiError('internal', 'order insert was skipped without a conflicting order');
        }
        return { ...existing, created: false };
      });
    },

    async getOrder(tenant: Tenant, id: string): Promise<StoredSnapshot> {
      const order = await orders.findSnapshot(tenant.organizationId, id);
      if (!order) {
        throw notFound('Order', { id });
      }
      if (order.deleted_at) {
        throw new ApiError('gone', 'Order deleted', { id, deleted_at: order.deleted_at.toISOString() });
      }
      return order;
    },

    async listOrders(tenant: Tenant, query: ListQuery): Promise<OrdersPage> {
      const filter = { status: query.status };
      const [rows, total] = await Promise.all([
        orders.listPage(tenant.organizationId, filter, {
          limit: query.limit,
          offset: (query.page - 1) * query.limit,
          descending: query.sort === '-created',
        }),
        orders.countMatching(tenant.organizationId, filter),
      ]);
      const totalPages = Math.ceil(total / query.limit);
      return {
        orders: rows,
        pagination: {
          page: query.page,
          per_page: query.limit,
          total_items: total,
          total_pages: totalPages,
          has_next: query.page < totalPages,
          has_prev: query.page > 1,
        },
      };
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
