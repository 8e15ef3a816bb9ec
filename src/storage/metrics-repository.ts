/** @module Whole-service counts for the Prometheus gauges: one grouped query each, across organizations. */
import { count, inArray } from 'drizzle-orm';
import type { Db } from './db.js';
import { appSync, orderIntake, webhookDeliveries } from './schema.js';

export interface CountByKey {
  key: string;
  count: number;
}

export function createMetricsRepository(db: Db) {
  return {
    async intakeByStatus(): Promise<CountByKey[]> {
      return db
        .select({ key: orderIntake.status, count: count() })
        .from(orderIntake)
        .groupBy(orderIntake.status);
    },
    /** Only the states an operator watches: rows that succeeded are history. */
    async webhookBacklog(): Promise<CountByKey[]> {
      return db
        .select({ key: webhookDeliveries.status, count: count() })
        .from(webhookDeliveries)
        .where(inArray(webhookDeliveries.status, ['pending', 'dead_lettered']))
        .groupBy(webhookDeliveries.status);
    },
    async syncInstallsByState(): Promise<CountByKey[]> {
      return db.select({ key: appSync.state, count: count() }).from(appSync).groupBy(appSync.state);
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
