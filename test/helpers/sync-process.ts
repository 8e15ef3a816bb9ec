/**
 * Pull connectors in real service processes (crash, several nodes): the environment that lets a
 * child process sync from a simulator on 127.0.0.1, HTTP calls to it, and the ledger and sync rows
 * read straight from its PostgreSQL database.
 */
import postgres from 'postgres';
import { expect } from 'vitest';
import { orbitkitNormalizer } from '../../src/integrations/orbitkit.js';
import { parseVendorJson } from '../../src/integrations/vendor-json.js';
import type { OrbitkitSimulator } from '../simulators/orbitkit.js';
import type { FreshDatabase, RunningServer } from './process.js';

export const SYNC_PROCESS_KEY = 'lk_sync_process_test_key_0001';

/** A service process that syncs: scheduler on (unless told), simulator addresses allowed, short lease. */
export function syncProcessEnv(
  database: FreshDatabase,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    ...database.env,
    LINKIT_BOOTSTRAP_KEY: SYNC_PROCESS_KEY,
    // Every process opens the credentials the others sealed.
    LINKIT_SECRET_KEYS: 'test:dGVzdC1rZXktMzItYnl0ZXMtbG9uZy0wMTIzNDU2Nzg',
    CONNECTORS_SCHEDULER: 'true',
    CONNECTORS_ALLOW_BASE_URL_OVERRIDE: 'true',
    CONNECTORS_ALLOW_PRIVATE_TARGETS: 'true',
    CONNECTORS_TIMEOUT_MS: '10000',
    // A dead node's installs pass to the next one after this long.
    CONNECTORS_LEASE_SECONDS: '5',
    ...overrides,
  };
}

export async function callServer(server: RunningServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${SYNC_PROCESS_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? (JSON.parse(text) as any) : null };
}

/** A client of the child's database, for what the API does not show (checkpoints, leases, intake rows). */
export function databaseClient(database: FreshDatabase) {
  return postgres(database.env.DATABASE_URL as string, { max: 2, onnotice: () => {} });
}

export type Sql = ReturnType<typeof databaseClient>;

export interface StoredOrder {
  vendorOrderId: string;
  orderStatus: string;
  totalAmount: string;
  deleted: boolean;
}

export async function storedLedger(sql: Sql, installId: string): Promise<StoredOrder[]> {
  const rows = await sql`
    select source_transaction_id, order_status, total_amount::text as total_amount, deleted_at
    from orders where source = ${installId}`;
  return rows.map((row) => ({
    vendorOrderId: row.source_transaction_id as string,
    orderStatus: row.order_status as string,
    totalAmount: row.total_amount as string,
    deleted: row.deleted_at !== null,
  }));
}

/** The vendor's orders as the normalizer reads their current version. */
export function orbitkitVendorOrders(vendor: OrbitkitSimulator) {
  return [...vendor.orders.values()].map((order) => ({
    id: order.key,
    normalized: orbitkitNormalizer.normalize(parseVendorJson(JSON.stringify(vendor.details(order))), {
      defaultCurrency: null,
    }),
  }));
}

/** Exactly the vendor's orders, live, once each, at the vendor's latest version (as expectLedgerMatchesVendor). */
export function expectStoredLedgerMatches(
  ledger: StoredOrder[],
  vendor: ReturnType<typeof orbitkitVendorOrders>,
): void {
  const live = ledger.filter((order) => !order.deleted);
  const ids = live.map((order) => order.vendorOrderId);
  expect(new Set(ids).size, 'each vendor order once').toBe(ids.length);
  expect(live.length, 'no order deleted').toBe(ledger.length);
  expect([...ids].sort()).toEqual(vendor.map((order) => order.id).sort());
  const byId = new Map(live.map((order) => [order.vendorOrderId, order]));
  const mismatched = vendor.filter((order) => {
    const stored = byId.get(order.id);
    return (
      stored?.orderStatus !== order.normalized.fields.order_status ||
      Number(stored.totalAmount) !== Number(order.normalized.fields.total_amount)
    );
  });
  expect(mismatched.map((order) => order.id)).toEqual([]);
}

/** Intake captures of the install per status, and vendor orders captured more than once. */
export async function intakeSummary(sql: Sql, installId: string) {
  const statuses = await sql`
    select status, count(*)::int as n from order_intake where organization_app_id = ${installId} group by status`;
  const repeated = await sql`
    select vendor_order_id from order_intake where organization_app_id = ${installId}
    group by vendor_order_id having count(*) > 1`;
  return {
    byStatus: Object.fromEntries(statuses.map((row) => [row.status as string, row.n as number])),
    capturedTwice: repeated.map((row) => row.vendor_order_id as string),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function pollFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}
