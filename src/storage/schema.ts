/**
 * @module The tables, as Drizzle sees them. `organization_id` leads every tenant key and index so the
 * schema can later be distributed by tenant (Citus). Migrations in `migrations/` are hand-written SQL
 * that this file mirrors; they are applied at start (docs/decisions/0001-storage.md).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ProductLine, ShippingAddress, SourceStatus } from '../domain/order.js';

/** A 64-bit transaction id; read as text, it is only ever compared in SQL. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Last order number handed out; incremented in the same statement that inserts the order. */
  orderSeq: bigint('order_seq', { mode: 'number' }).notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    role: text('role').notNull().default('member'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.accountId] }),
    index('memberships_account_idx').on(t.accountId),
  ],
);

/** Looked up by hash before the tenant is known, so this is a small global (reference) table. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    keyHash: text('key_hash').notNull(),
    /** First characters of the key, so people can tell their keys apart in listings. */
    prefix: text('prefix').notNull(),
    name: text('name'),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    // No foreign key: a reference table can't point into distributed data (migration 0040, decision 0220).
    organizationId: text('organization_id').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
    expiresAt: timestamptz('expires_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_idx').on(t.keyHash),
    index('api_keys_organization_idx').on(t.organizationId),
  ],
);

/** Installed apps: the install id is what an order stores as its `source`. */
export const organizationApps = pgTable(
  'organization_apps',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: text('id').notNull(),
    appSlug: text('app_slug').notNull(),
    name: text('name'),
    destinationId: text('destination_id'),
    storeName: text('store_name'),
    config: jsonb('config').notNull().default({}),
    webhookSecret: text('webhook_secret'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    // Not unique: a sharded table can only enforce keys that lead with the organization (decision 0220).
    index('organization_apps_install_idx').on(t.id),
    index('organization_apps_slug_idx').on(t.organizationId, t.appSlug),
  ],
);

/** Order columns are named exactly as the contract's `UnifiedOrderPayload` fields. */
export const orders = pgTable(
  'orders',
  {
    organization_id: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: text('id').notNull(),
    order_seq: bigint('order_seq', { mode: 'number' }).notNull(),
    order_number: text('order_number').notNull(),
    /** `manual`, `api`, or the id of an `organization_apps` row. */
    source: text('source').notNull(),
    /** The install's catalog slug, copied at write time (immutable per install) so reads need no join. */
    app_slug: text('app_slug'),
    source_reference: text('source_reference'),
    source_transaction_id: text('source_transaction_id'),
    source_timestamp: timestamptz('source_timestamp'),
    destination_id: text('destination_id'),
    destination_reference: text('destination_reference'),
    order_status: text('order_status').notNull(),
    fulfillment_status: text('fulfillment_status').notNull(),
    payment_status: text('payment_status').notNull(),
    fulfillment_method: text('fulfillment_method'),
    payment_method: text('payment_method'),
    currency: text('currency').notNull(),
    total_amount: numeric('total_amount').notNull(),
    discounts_amount: numeric('discounts_amount'),
    vat_amount: numeric('vat_amount'),
    delivery_fee: numeric('delivery_fee'),
    service_fee: numeric('service_fee'),
    subtotal: numeric('subtotal'),
    customer_name: text('customer_name'),
    customer_phone: text('customer_phone'),
    customer_email: text('customer_email'),
    receiver_name: text('receiver_name'),
    receiver_phone: text('receiver_phone'),
    skus: text('skus').array().notNull().default(sql`'{}'::text[]`),
    products: jsonb('products').$type<ProductLine[]>().notNull(),
    shipping_address: jsonb('shipping_address').$type<ShippingAddress>(),
    order_code: text('order_code'),
    order_type: text('order_type'),
    transport_type: text('transport_type'),
    comment: text('comment'),
    promised_for: timestamptz('promised_for'),
    is_preorder: boolean('is_preorder').notNull().default(false),
    store_name: text('store_name'),
    dispatch_routing: jsonb('dispatch_routing').$type<Record<string, unknown>>(),
    shipping_fulfillment: jsonb('shipping_fulfillment').$type<Record<string, unknown>>(),
    created_at: timestamptz('created_at').notNull(),
    updated_at: timestamptz('updated_at').notNull(),
    deleted_at: timestamptz('deleted_at'),
    /** Bumped on every write: optimistic concurrency (`If-Match`) and ETags. */
    version: integer('version').notNull().default(1),
    /** The rendered `UnifiedOrderPayload` JSON, kept in step with the columns on every write. */
    snapshot: text('snapshot').notNull(),
    /** The buyer's id at the source (not part of the payload); filterable as `customer_id`. */
    source_customer_id: text('source_customer_id'),
    /** The vendor's time for the stored version of an integration order (orders redeliveries). */
    source_version_at: timestamptz('source_version_at'),
    /** The vendor's own status `{code, name, parent_code}` (payload field `source_status`). */
    source_status: jsonb('source_status').$type<SourceStatus>(),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.id] }),
    uniqueIndex('orders_order_seq_idx').on(t.organization_id, t.order_seq),
    uniqueIndex('orders_source_transaction_idx')
      .on(t.organization_id, t.source, t.source_transaction_id)
      .where(sql`${t.source_transaction_id} is not null`),
    index('orders_created_idx')
      .on(t.organization_id, t.created_at.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.deleted_at} is null`),
    index('orders_placed_idx')
      .on(
        t.organization_id,
        sql`(coalesce(${t.source_timestamp}, ${t.created_at})) desc nulls first`,
        t.id.desc().nullsFirst(),
      )
      .where(sql`${t.deleted_at} is null`),
    index('orders_status_created_idx')
      .on(t.organization_id, t.order_status, t.created_at.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.deleted_at} is null`),
  ],
);

/**
 * Vendor-native capture: every payload received from an integration, verbatim, before it is
 * normalized. Never returned by the orders API.
 */
export const orderIntake = pgTable(
  'order_intake',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: text('id').notNull(),
    organizationAppId: text('organization_app_id').notNull(),
    vendorOrderId: text('vendor_order_id'),
    payload: text('payload').notNull(),
    status: text('status').notNull().default('received'),
    error: text('error'),
    orderId: text('order_id'),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
    processedAt: timestamptz('processed_at'),
    /** `api` (POST /api/v1/apps/{id}/orders) or `webhook` (a signed vendor delivery). */
    channel: text('channel').notNull().default('api'),
    /** The vendor's event name for webhook deliveries (`order.updated`…). */
    eventType: text('event_type'),
    /** Promotion attempts so far (first try plus retries). */
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index('order_intake_app_status_idx').on(t.organizationId, t.organizationAppId, t.status, t.receivedAt),
    index('order_intake_app_received_idx').on(t.organizationId, t.organizationAppId, t.receivedAt, t.id),
    index('order_intake_backlog_idx').on(t.organizationId).where(sql`${t.status} in ('received', 'failed')`),
  ],
);

/**
 * Every change to an order, in the same transaction as the change: the order's history, and the
 * ordered feed that outbound webhooks and the change feed read. `seq` orders all events.
 */
export const orderEvents = pgTable(
  'order_events',
  {
    organization_id: text('organization_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    id: text('id').notNull(),
    order_id: text('order_id').notNull(),
    /** The order's install id and app slug (null for manual / API orders), as envelopes carry them. */
    organization_app_id: text('organization_app_id'),
    app_slug: text('app_slug'),
    event_type: text('event_type').notNull(),
    occurred_at: timestamptz('occurred_at').notNull(),
    /** The order's version after the change. */
    order_version: integer('order_version').notNull(),
    actor_api_key_id: text('actor_api_key_id'),
    actor_account_id: text('actor_account_id'),
    /** Install id when an integration made the change. */
    actor_app_id: text('actor_app_id'),
    /** `{field: {from, to}}` for what changed (null for creation and deletion). */
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>(),
    /** The order's payload JSON after the change, as webhooks and the change feed send it. */
    snapshot: text('snapshot').notNull(),
    /** The writing transaction (`pg_current_xact_id()`, migration 0007): orders the change feed. */
    txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.seq] }),
    uniqueIndex('order_events_id_idx').on(t.organization_id, t.id),
    index('order_events_feed_idx').on(t.organization_id, t.txid, t.seq),
    index('order_events_order_idx').on(t.organization_id, t.order_id, t.seq),
  ],
);

/**
 * `Idempotency-Key` requests: the first request's fingerprint and, once it has answered, its response,
 * replayed for 24 hours. The primary key makes a key's first request the only one that runs.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    organization_id: text('organization_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
    fingerprint: text('fingerprint').notNull(),
    /** Set by the request that holds the key, so only it records the response. */
    claim_token: text('claim_token').notNull(),
    /** Null while the first request is still running. */
    response_status: integer('response_status'),
    response_headers: jsonb('response_headers').$type<Record<string, string>>(),
    response_body: text('response_body'),
    created_at: timestamptz('created_at').notNull(),
    expires_at: timestamptz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expires_at),
  ],
);

/*
 * Migration 0002 also adds the list filters' indexes (trigram search, skus, sort keys) and the
 * trigger that keeps `order_ledger_versions` in step; they are SQL-only (see migrations/0002).
 */

/** Bumped at commit of every transaction that writes an organization's orders: keys the count cache. */
export const orderLedgerVersions = pgTable('order_ledger_versions', {
  organization_id: text('organization_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  /** The transaction that last moved the version: it moves once per transaction (migration 0009). */
  bumped_by: xid8('bumped_by'),
});

/** Secrets shared by every process of the service (e.g. the cursor signing key), made on first use. */
export const serviceSecrets = pgTable('service_secrets', {
  name: text('name').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/**
 * Outbound webhook subscriptions (migration 0005). `events` holds event types or `*` for all. During a
 * secret rotation's overlap, deliveries are signed with `secret` and `previous_secret`.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    organization_id: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: text('id').notNull(),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    /** Why the service switched the subscription off (a receiver's 410); null when a person did it. */
    disabled_reason: text('disabled_reason'),
    secret: text('secret').notNull(),
    previous_secret: text('previous_secret'),
    previous_secret_expires_at: timestamptz('previous_secret_expires_at'),
    created_at: timestamptz('created_at').notNull().defaultNow(),
    updated_at: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.id] }),
    index('webhook_subscriptions_active_idx').on(t.organization_id).where(sql`${t.active}`),
  ],
);

/**
 * One row per (subscription, order event), created by the `order_events` trigger in the writing
 * transaction. `status`: `pending` (due at `next_attempt_at`, or leased while in flight), `succeeded`,
 * `dead_lettered`. `attempts` counts the attempts of the current round (a redelivery starts a new one).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    organization_id: text('organization_id').notNull(),
    id: text('id').notNull(),
    subscription_id: text('subscription_id').notNull(),
    event_seq: bigint('event_seq', { mode: 'number' }).notNull(),
    event_id: text('event_id').notNull(),
    order_id: text('order_id').notNull(),
    event_type: text('event_type').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    next_attempt_at: timestamptz('next_attempt_at').notNull().defaultNow(),
    last_attempt_at: timestamptz('last_attempt_at'),
    last_status_code: integer('last_status_code'),
    last_latency_ms: integer('last_latency_ms'),
    last_error: text('last_error'),
    created_at: timestamptz('created_at').notNull().defaultNow(),
    completed_at: timestamptz('completed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.id] }),
    uniqueIndex('webhook_deliveries_event_idx').on(t.organization_id, t.subscription_id, t.event_seq),
    index('webhook_deliveries_order_pending_idx')
      .on(t.organization_id, t.subscription_id, t.order_id, t.event_seq)
      .where(sql`${t.status} = 'pending'`),
    // The dispatcher's claim walks this in order and stops at its limit (no sort of the backlog).
    index('webhook_deliveries_due_idx')
      .on(t.next_attempt_at, t.event_seq)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Every HTTP attempt of a delivery: what the receiver answered and how long it took. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    organization_id: text('organization_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    delivery_id: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    attempted_at: timestamptz('attempted_at').notNull(),
    /** Null when no HTTP answer came (timeout, refused connection, refused target). */
    status_code: integer('status_code'),
    latency_ms: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.seq] }),
    index('webhook_delivery_attempts_delivery_idx').on(t.organization_id, t.delivery_id, t.seq),
  ],
);

/**
 * Stock per SKU and location (migration 0008). `location_id` is an order's `destination_id`, or `''`
 * for the organization's pool. Available = `on_hand - reserved`. A SKU with no row is not tracked.
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    organization_id: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    sku: text('sku').notNull(),
    location_id: text('location_id').notNull().default(''),
    on_hand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    low_stock_threshold: integer('low_stock_threshold'),
    updated_at: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organization_id, t.sku, t.location_id] })],
);

/**
 * What each order did to stock, written with the order change that caused it: the order's stock
 * history, and the ledger its outstanding reservations are computed from. `kind`: `reserved`,
 * `released`, `committed`, `restocked`; `order_version` is the order version the change produced.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    organization_id: text('organization_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    order_id: text('order_id').notNull(),
    order_version: integer('order_version').notNull(),
    sku: text('sku').notNull(),
    location_id: text('location_id').notNull(),
    kind: text('kind').notNull(),
    quantity: integer('quantity').notNull(),
    occurred_at: timestamptz('occurred_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organization_id, t.seq] }),
    index('stock_movements_order_idx').on(t.organization_id, t.order_id, t.seq),
  ],
);

/** A merchant's mapping of one vendor status onto canonical statuses, per install (decision 0162). */
export const organizationAppStatusMappings = pgTable(
  'organization_app_status_mappings',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    organizationAppId: text('organization_app_id').notNull(),
    vendorStatus: text('vendor_status').notNull(),
    orderStatus: text('order_status'),
    paymentStatus: text('payment_status'),
    fulfillmentStatus: text('fulfillment_status'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.organizationAppId, t.vendorStatus] })],
);

/** Pull connectors: per install credentials (sealed), schedule, run checkpoint, outcome and lease (migration 0020). */
export const appSync = pgTable(
  'app_sync',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    organizationAppId: text('organization_app_id').notNull(),
    credentials: text('credentials'),
    baseUrl: text('base_url'),
    scheduleSeconds: integer('schedule_seconds').default(300),
    overlapSeconds: integer('overlap_seconds').notNull().default(10800),
    state: text('state').notNull().default('idle'),
    runId: text('run_id'),
    runKind: text('run_kind'),
    runFrom: timestamptz('run_from'),
    runStartedAt: timestamptz('run_started_at'),
    runPhase: text('run_phase'),
    runPosition: jsonb('run_position'),
    runResumed: boolean('run_resumed').notNull().default(false),
    runPages: integer('run_pages').notNull().default(0),
    runFetched: integer('run_fetched').notNull().default(0),
    runCaptured: integer('run_captured').notNull().default(0),
    runPromoted: integer('run_promoted').notNull().default(0),
    runFailed: integer('run_failed').notNull().default(0),
    runRemoved: integer('run_removed').notNull().default(0),
    runTotal: integer('run_total'),
    requestedAt: timestamptz('requested_at'),
    requestedFrom: timestamptz('requested_from'),
    checkpoint: timestamptz('checkpoint'),
    lastSuccessAt: timestamptz('last_success_at'),
    lastError: text('last_error'),
    lastErrorAt: timestamptz('last_error_at'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    retryAt: timestamptz('retry_at'),
    nextRunAt: timestamptz('next_run_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamptz('lease_until'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.organizationAppId] }),
    index('app_sync_due_idx').on(t.nextRunAt),
  ],
);

/** The fingerprint of the version of each vendor order last captured by a pull (migration 0020). */
export const appSyncVersions = pgTable(
  'app_sync_versions',
  {
    organizationId: text('organization_id').notNull(),
    organizationAppId: text('organization_app_id').notNull(),
    vendorOrderId: text('vendor_order_id').notNull(),
    digest: text('digest').notNull(),
    intakeId: text('intake_id').notNull(),
    capturedAt: timestamptz('captured_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.organizationAppId, t.vendorOrderId] })],
);
/**
 * Service-wide background jobs (migration 0041): a node runs a job only while it holds the lease and
 * once `next_run_at` has come, so any number of worker nodes share the work without doing it twice.
 */
export const workerLeases = pgTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder'),
  expires_at: timestamptz('expires_at').notNull().defaultNow(),
  next_run_at: timestamptz('next_run_at').notNull().defaultNow(),
  last_run_at: timestamptz('last_run_at'),
  last_result: jsonb('last_result'),
});
