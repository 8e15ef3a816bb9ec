/** Drives pull connectors over HTTP and reads what reached the ledger, for the sync tests. */
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { AppOptions } from '../../src/app.js';
import type { NormalizedOrder } from '../../src/integrations/normalized-order.js';
import { orders } from '../../src/storage/schema.js';
import type { TestApp, TestTenant } from './app.js';

/** Engine settings for tests: simulators on 127.0.0.1, fast scheduler, short waits. */
export const testConnectors: NonNullable<AppOptions['connectors']> = {
  allowBaseUrlOverride: true,
  allowPrivateTargets: true,
  scheduler: true,
  timeoutMs: 5_000,
  pollIntervalMs: 50,
  retryBaseMs: 20,
  failureRetryMs: [200],
  leftoverAfterMs: 0,
};

export async function saveCredentials(
  app: TestApp,
  tenant: TestTenant,
  installId: string,
  credentials: Record<string, string>,
  baseUrl: string | null,
) {
  const response = await app.call('PUT', `/api/v1/apps/${installId}/credentials`, {
    key: tenant.key,
    body: { credentials, base_url: baseUrl },
  });
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

export async function syncState(app: TestApp, tenant: TestTenant, installId: string) {
  const response = await app.call('GET', `/api/v1/apps/${installId}/sync`, { key: tenant.key });
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

/**
 * Asks for a run and waits until a run that started after the request has finished (success or
 * failure), then returns the state. `from` makes it a backfill.
 */
export async function syncNow(
  app: TestApp,
  tenant: TestTenant,
  installId: string,
  body: { from?: string } = {},
  options: { until?: (state: any) => boolean } = {},
) {
  const before = await syncState(app, tenant, installId);
  const asked = await app.call('POST', `/api/v1/apps/${installId}/sync`, { key: tenant.key, body });
  expect(asked.status, asked.text).toBe(202);
  return waitForState(
    app,
    tenant,
    installId,
    options.until ??
      ((state) =>
        state.requested === null &&
        state.run === null &&
        (state.last_success_at !== before.last_success_at || state.last_error_at !== before.last_error_at)),
  );
}

export async function waitForState(
  app: TestApp,
  tenant: TestTenant,
  installId: string,
  done: (state: any) => boolean,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await syncState(app, tenant, installId);
    if (done(state)) {
      return state;
    }
    if (Date.now() > deadline) {
      throw new Error(`sync state never matched: ${JSON.stringify(state)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface LedgerOrder {
  id: string;
  vendorOrderId: string;
  orderStatus: string;
  totalAmount: string;
  version: number;
  deleted: boolean;
}

/** Every order of the install in the ledger (deleted ones included), from storage. */
export async function ledgerOf(app: TestApp, tenant: TestTenant, installId: string): Promise<LedgerOrder[]> {
  const rows = await app.database.db
    .select()
    .from(orders)
    .where(and(eq(orders.organization_id, tenant.organizationId), eq(orders.source, installId)));
  return rows.map((row) => ({
    id: row.id,
    vendorOrderId: row.source_transaction_id as string,
    orderStatus: row.order_status,
    totalAmount: String(row.total_amount),
    version: row.version,
    deleted: row.deleted_at !== null,
  }));
}

/**
 * The ledger holds exactly the vendor's orders (live), once each, at the vendor's latest version
 * (statuses and totals as the normalizer reads the vendor's current order).
 */
export async function expectLedgerMatchesVendor(
  app: TestApp,
  tenant: TestTenant,
  installId: string,
  vendor: Array<{ id: string; normalized: NormalizedOrder }>,
) {
  const ledger = await ledgerOf(app, tenant, installId);
  const live = ledger.filter((order) => !order.deleted);
  const ids = live.map((order) => order.vendorOrderId);
  expect(new Set(ids).size, 'each vendor order once').toBe(ids.length);
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
  return ledger;
}
