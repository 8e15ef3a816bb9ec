/** @module What the `/metrics` gauges read from the database on each scrape. */
import type { Db } from '../storage/db.js';
import { createMetricsRepository } from '../storage/metrics-repository.js';

export function createMetricsService(deps: { db: Db }) {
  return createMetricsRepository(deps.db);
}

export type MetricsService = ReturnType<typeof createMetricsService>;
