/** @module Whether the service can do its work: what the readiness probe asks. */
import { sql } from 'drizzle-orm';
import type { Db } from '../storage/db.js';

export function createHealthService(deps: { db: Db }) {
  return {
    /** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
    async checkDatabase(): Promise<void> {
      await deps.db.execute(sql`select 1`);
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
