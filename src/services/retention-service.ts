/**
 * @module Retention (docs/decisions/0224-retention.md): what is kept how long, swept in batches by the
 * worker that holds the `retention` lease.
 */
import type { RetentionSettings } from '../config.js';
import type { RetentionRepository } from '../storage/retention-repository.js';

export const RETENTION_JOB = 'retention';
const BATCH = 1_000;

export interface RetentionResult {
  idempotency_keys: number;
  webhook_deliveries: number;
  order_intake: number;
  order_events: number;
}

export function createRetentionSweep(repository: RetentionRepository, settings: RetentionSettings) {
  /** Runs `step` until a batch comes back short; stops early if the lease is lost. */
  async function drain(step: () => Promise<number>, keepLease: () => Promise<boolean>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await step();
      total += n;
      if (n < BATCH || !(await keepLease())) {
        return total;
      }
    }
  }

  return async function sweep(keepLease: () => Promise<boolean>): Promise<RetentionResult> {
    const result: RetentionResult = {
      idempotency_keys: 0,
      webhook_deliveries: 0,
      order_intake: 0,
      order_events: 0,
    };
    result.idempotency_keys = await drain(() => repository.purgeIdempotencyKeys(BATCH), keepLease);
    if (settings.webhookDeliveriesDays > 0) {
      result.webhook_deliveries = await drain(
        () => repository.purgeWebhookDeliveries(settings.webhookDeliveriesDays, BATCH),
        keepLease,
      );
    }
    if (settings.intakeDays > 0) {
      result.order_intake = await drain(() => repository.purgeIntake(settings.intakeDays, BATCH), keepLease);
    }
    // After the deliveries: an event is kept while a delivery refers to it.
    if (settings.orderEventsDays > 0) {
      result.order_events = await drain(
        () => repository.purgeOrderEvents(settings.orderEventsDays, BATCH),
        keepLease,
      );
    }
    return result;
  };
}
