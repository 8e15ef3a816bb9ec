/**
 * Several nodes (issue 18, decision 0140): two service processes with the scheduler on share one
 * PostgreSQL database and sync the same Orbitkit installs. Each run is held by one node from start to
 * end (the lease in `app_sync`), no page is read twice by runs side by side, no order is captured twice,
 * and each ledger ends with exactly its vendor's orders. PostgreSQL only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../helpers/app.js';
import { type FreshDatabase, freshDatabase, type RunningServer, startServer } from '../../helpers/process.js';
import {
  callServer,
  databaseClient,
  expectStoredLedgerMatches,
  intakeSummary,
  orbitkitVendorOrders,
  pollFor,
  type Sql,
  sleep,
  storedLedger,
  syncProcessEnv,
} from '../../helpers/sync-process.js';
import { OrbitkitSimulator } from '../../simulators/orbitkit.js';

const INSTALLS = 4;
const ORDERS = 200;
const PAGE = 50;

let database: FreshDatabase;
let sql: Sql;
const vendors: OrbitkitSimulator[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  if (engine !== 'postgres') {
    return;
  }
  database = await freshDatabase();
  sql = databaseClient(database);
  for (let i = 0; i < INSTALLS; i++) {
    vendors.push(await OrbitkitSimulator.start({ orders: ORDERS, pageCap: PAGE, seed: 10 + i }));
  }
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  await Promise.all(vendors.map((vendor) => vendor.close()));
  await sql?.end();
  await database?.drop();
});

/** Lease owners seen holding each run (install → run → owners), sampled until `done` resolves. */
async function watchLeases(installIds: string[], done: Promise<unknown>) {
  const owners = new Map<string, Set<string>>();
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    const rows = await sql`
      select organization_app_id, run_id, lease_owner from app_sync
      where organization_app_id in ${sql(installIds)} and run_id is not null and lease_owner is not null`;
    for (const row of rows) {
      const key = `${row.organization_app_id}/${row.run_id}`;
      owners.set(key, (owners.get(key) ?? new Set()).add(row.lease_owner as string));
    }
    await sleep(25);
  }
  return owners;
}

const listQueries = (vendor: OrbitkitSimulator, from = 0) =>
  vendor.server.log
    .slice(from)
    .filter((entry) => entry.kind === 'list')
    .map((entry) => entry.query);

describe('two service processes on one database', () => {
  it.runIf(engine === 'postgres')(
    'sync each install on one node at a time, with exact ledgers and no double captures',
    { timeout: 180_000 },
    async () => {
      const env = syncProcessEnv(database);
      // One after the other: both would otherwise race to create the bootstrap key's organization.
      servers.push(await startServer(env));
      servers.push(await startServer(env));
      const [a, b] = servers as [RunningServer, RunningServer];

      // Installs connected at install time, on either node: the first runs are due at once.
      const installIds: string[] = [];
      for (const [index, vendor] of vendors.entries()) {
        const created = await callServer(index % 2 === 0 ? a : b, 'POST', '/api/v1/apps', {
          app_slug: 'orbitkit-orders',
          credentials: vendor.credentials,
          base_url: vendor.baseUrl,
        });
        expect(created.status, created.text).toBe(201);
        installIds.push(created.body.data.id as string);
      }
      const allSynced = (after: (install: string) => string | null) =>
        pollFor(
          async () => {
            const states = await Promise.all(
              installIds.map(async (id, index) => {
                const state = (await callServer(index % 2 === 0 ? b : a, 'GET', `/api/v1/apps/${id}/sync`))
                  .body.data;
                return state.run === null &&
                  state.last_success_at !== null &&
                  state.last_success_at !== after(id)
                  ? state
                  : undefined;
              }),
            );
            return states.every((state) => state !== undefined) ? states : undefined;
          },
          150_000,
          'every install synced',
          200,
        );

      const firstRound = allSynced(() => null);
      const owners = await watchLeases(installIds, firstRound);
      for (const state of await firstRound) {
        expect(state).toMatchObject({ state: 'idle', last_error: null });
      }
      for (const [run, seen] of owners) {
        expect(seen.size, `${run} held by one node from start to end`).toBe(1);
      }
      for (const [index, vendor] of vendors.entries()) {
        const queries = listQueries(vendor);
        expect(new Set(queries).size, 'no page read twice').toBe(queries.length);
        expect(queries.length, 'one pass: a page per 50 orders').toBe(ORDERS / PAGE);
        const installId = installIds[index] as string;
        expect((await intakeSummary(sql, installId)).capturedTwice).toEqual([]);
        expectStoredLedgerMatches(await storedLedger(sql, installId), orbitkitVendorOrders(vendor));
      }

      // A second round asked on both nodes at once: changes come in once each.
      const firstStates = await firstRound;
      const before = new Map(
        installIds.map((id, index) => [id, firstStates[index]?.last_success_at as string]),
      );
      const logStart = vendors.map((vendor) => vendor.server.log.length);
      // Delivered orders cannot move on: only those whose vendor version changed count as changed.
      const changed = vendors.map((vendor) =>
        [...vendor.orders.values()]
          .filter((_, i) => i % 17 === 0)
          .filter((order) => {
            const was = JSON.stringify(vendor.details(order));
            vendor.changeOrder(order.key);
            return JSON.stringify(vendor.details(order)) !== was;
          })
          .map((order) => order.key),
      );
      for (const vendor of vendors) {
        vendor.insertOrder();
      }
      await Promise.all(
        installIds.flatMap((id) => [
          callServer(a, 'POST', `/api/v1/apps/${id}/sync`, {}),
          callServer(b, 'POST', `/api/v1/apps/${id}/sync`, {}),
        ]),
      );
      const secondRound = allSynced((id) => before.get(id) ?? null);
      const secondOwners = await watchLeases(installIds, secondRound);
      await secondRound;
      for (const [run, seen] of secondOwners) {
        expect(seen.size, `${run} held by one node from start to end`).toBe(1);
      }
      for (const [index, vendor] of vendors.entries()) {
        const installId = installIds[index] as string;
        const queries = listQueries(vendor, logStart[index]);
        // One incremental run (or two one after the other, when the second request followed a run):
        // never the same page read twice by runs side by side.
        expect(queries.filter((query) => query === '?limit=1000').length).toBeGreaterThanOrEqual(1);
        const summary = await intakeSummary(sql, installId);
        expect(summary.capturedTwice.sort()).toEqual([...(changed[index] as string[])].sort());
        expect(summary.byStatus).toEqual({ promoted: ORDERS + 1 + (changed[index] as string[]).length });
        expectStoredLedgerMatches(await storedLedger(sql, installId), orbitkitVendorOrders(vendor));
      }
      const nodes = new Set([...owners.values(), ...secondOwners.values()].flatMap((seen) => [...seen]));
      expect(nodes.size).toBeGreaterThanOrEqual(1);
    },
  );
});
