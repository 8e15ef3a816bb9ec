/**
 * @module Leases of service-wide background jobs (`worker_leases`, migration 0041): any number of
 * nodes may try; one holds a job at a time, and the job runs once per interval between them all.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './db.js';

const millis = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;

export function createWorkerLeasesRepository(db: Db) {
  return {
    /**
     * Takes the job's lease for `leaseMs` if it is due (`next_run_at` has come) and nobody holds it
     * (or the holder's lease ran out: it died). True when `holder` now holds it.
     */
    async acquire(name: string, holder: string, leaseMs: number): Promise<boolean> {
      const rows = await queryRows<{ holder: string }>(
        db,
        sql`insert into worker_leases as l (name, holder, expires_at)
            values (${name}, ${holder}, ${millis(leaseMs)})
            on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
            where l.next_run_at <= now() and (l.holder is null or l.expires_at <= now())
            returning holder`,
      );
      return rows.length > 0;
    },

    /** Extends a held lease; false when it was lost (expired and taken by another node). */
    async renew(name: string, holder: string, leaseMs: number): Promise<boolean> {
      const rows = await queryRows<{ name: string }>(
        db,
        sql`update worker_leases set expires_at = ${millis(leaseMs)}
            where name = ${name} and holder = ${holder} and expires_at > now() returning name`,
      );
      return rows.length > 0;
    },

    /** Gives the lease back and sets when the job is next due, with what this run did. */
    async finish(name: string, holder: string, nextRunInMs: number, result: unknown): Promise<void> {
      await db.execute(
        sql`update worker_leases
            set holder = null, expires_at = now(), next_run_at = ${millis(nextRunInMs)}, last_run_at = now(),
              last_result = ${JSON.stringify(result)}::jsonb
            where name = ${name} and holder = ${holder}`,
      );
    },

    /** Gives the lease back without moving `next_run_at` (the run failed: another node may try). */
    async release(name: string, holder: string): Promise<void> {
      await db.execute(
        sql`update worker_leases set holder = null, expires_at = now() where name = ${name} and holder = ${holder}`,
      );
    },
  };
}

export type WorkerLeasesRepository = ReturnType<typeof createWorkerLeasesRepository>;
