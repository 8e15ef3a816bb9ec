/**
 * Crash safety of pulling (issue 18, decision 0140): the service is killed with SIGKILL in the middle
 * of an Orbitkit backfill, after some pages are checkpointed and while a page's captures are still
 * `received`, then restarted on the same database. The run resumes from its checkpoint (the pages
 * already kept are not asked again), the engine promotes the leftover captures on its own, and the
 * ledger ends with exactly the vendor's orders, each captured once, at their latest version.
 * PostgreSQL only: the service runs as child processes on a database of their own.
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
  storedLedger,
  syncProcessEnv,
} from '../../helpers/sync-process.js';
import { OrbitkitSimulator } from '../../simulators/orbitkit.js';

const ORDERS = 1_200;
const PAGE = 100;

let database: FreshDatabase;
let sql: Sql;
let vendor: OrbitkitSimulator;
const servers: RunningServer[] = [];

beforeAll(async () => {
  if (engine !== 'postgres') {
    return;
  }
  database = await freshDatabase();
  sql = databaseClient(database);
  // The vendor sends at most PAGE orders a page whatever the limit asked: several checkpoints.
  vendor = await OrbitkitSimulator.start({ orders: ORDERS, pageCap: PAGE });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  await vendor?.close();
  await sql?.end();
  await database?.drop();
});

const syncRow = async (installId: string) => {
  const [row] = await sql`select * from app_sync where organization_app_id = ${installId}`;
  return row as Record<string, any>;
};

describe('a crash in the middle of a backfill', () => {
  it.runIf(engine === 'postgres')(
    'resumes from the checkpoint, promotes the leftovers, and ends with exactly the vendor orders',
    { timeout: 180_000 },
    async () => {
      // Set up with the scheduler off, so the first run is the backfill asked for (not a first
      // incremental run the scheduler would start as soon as the credentials are saved).
      const setup = await startServer(syncProcessEnv(database, { CONNECTORS_SCHEDULER: 'false' }));
      servers.push(setup);
      const installed = await callServer(setup, 'POST', '/api/v1/apps', {
        app_slug: 'orbitkit-orders',
        credentials: vendor.credentials,
        base_url: vendor.baseUrl,
      });
      expect(installed.status, installed.text).toBe(201);
      const installId = installed.body.data.id as string;
      const asked = await callServer(setup, 'POST', `/api/v1/apps/${installId}/sync`, {
        from: '2000-01-01T00:00:00Z',
      });
      expect(asked.status, asked.text).toBe(202);
      await setup.stop();
      servers.pop();

      const env = syncProcessEnv(database);
      const first = await startServer(env);
      servers.push(first);
      // Kill once pages are checkpointed and a page's captures are not all promoted yet.
      await pollFor(
        async () => {
          const row = await syncRow(installId);
          if (row.run_pages < 3) {
            return undefined;
          }
          const [{ n }] = (await sql`
            select count(*)::int as n from order_intake
            where organization_app_id = ${installId} and status = 'received'`) as unknown as [{ n: number }];
          return n > 0 ? n : undefined;
        },
        90_000,
        'a checkpointed page with captures still received',
        20,
      );
      await first.kill('SIGKILL');
      servers.pop();

      const atCrash = await syncRow(installId);
      expect(atCrash.run_kind).toBe('backfill');
      expect(atCrash.run_position).toEqual({ cursor: expect.any(String) });
      const leftovers = await sql`
        select id from order_intake where organization_app_id = ${installId} and status = 'received'`;
      expect(leftovers.length, 'the crash left captures received').toBeGreaterThan(0);
      const listsBefore = vendor.server.log.filter((entry) => entry.kind === 'list').length;
      expect(listsBefore).toBeLessThan(ORDERS / PAGE);

      // While the service is down the vendor gains orders and changes some it has not listed yet.
      const unread = [...vendor.orders.keys()].slice(-20);
      for (const key of unread.slice(0, 10)) {
        vendor.changeOrder(key);
      }
      for (let i = 0; i < 5; i++) {
        vendor.insertOrder();
      }
      const second = await startServer(env);
      servers.push(second);
      // The same run, taken over once the dead node's lease ran out, marked resumed.
      await pollFor(
        async () => {
          const row = await syncRow(installId);
          return row.run_id === atCrash.run_id && row.run_resumed === true ? row : undefined;
        },
        30_000,
        'the run resumed by the new process',
      );
      const state = await pollFor(
        async () => {
          const current = await callServer(second, 'GET', `/api/v1/apps/${installId}/sync`);
          return current.body.data.last_success_at !== null && current.body.data.run === null
            ? current.body.data
            : undefined;
        },
        120_000,
        'the resumed run to finish',
        200,
      );
      expect(state).toMatchObject({ state: 'idle', last_error: null, consecutive_failures: 0 });

      // Resumed from the checkpoint: the first page asked after the restart is the checkpointed cursor.
      const listsAfter = vendor.server.log.filter((entry) => entry.kind === 'list').slice(listsBefore);
      expect(listsAfter[0]?.query).toBe(
        `?limit=1000&cursor=${encodeURIComponent(atCrash.run_position.cursor as string)}`,
      );
      expect(listsBefore + listsAfter.length).toBeLessThanOrEqual(Math.ceil((ORDERS + 5) / PAGE) + 1);

      // The leftovers were promoted by the engine, nobody pressed Retry.
      const [{ n: stillReceived }] = (await sql`
        select count(*)::int as n from order_intake
        where id in ${sql(leftovers.map((row) => row.id as string))} and status <> 'promoted'`) as unknown as [
        { n: number },
      ];
      expect(stillReceived).toBe(0);
      const intake = await intakeSummary(sql, installId);
      expect(intake.capturedTwice, 'no order captured twice').toEqual([]);
      expect(intake.byStatus).toEqual({ promoted: ORDERS + 5 });
      expectStoredLedgerMatches(await storedLedger(sql, installId), orbitkitVendorOrders(vendor));
    },
  );
});
