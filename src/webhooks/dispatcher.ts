/**
 * @module The webhook dispatcher: claims due deliveries, signs and POSTs them, records each attempt,
 * and schedules retries or dead-letters. Runs in the service process by default and is safe to run in
 * several processes at once (claims use SKIP LOCKED and a lease). It is woken by NOTIFY after writes
 * and polls as well, so a lost notification only delays a delivery (docs/decisions/0040-webhook-deliveries.md).
 */
import type { FieldChanges } from '../domain/order-event.js';
import { renderWebhookEvent } from '../domain/webhook-event.js';
import type { Database } from '../storage/db.js';
import { SECRET_CONTEXTS, type SecretBox } from '../storage/secret-box.js';
import {
  type ClaimedDelivery,
  createWebhookDeliveriesRepository,
  type DeliveryOutcome,
} from '../storage/webhook-deliveries-repository.js';
import { createWebhookSender, type SendOutcome } from './http-sender.js';
import { DEFAULT_RETRY_DELAYS_MS, retryDelayMs } from './retry-schedule.js';
import { signatureHeaders } from './signature.js';

export const NOTIFY_CHANNEL = 'webhook_deliveries';

export interface DispatcherOptions {
  allowPrivateTargets: boolean;
  /** Deadline of one HTTP attempt. */
  timeoutMs: number;
  retryDelaysMs?: readonly number[];
  /** How often to look for due work when no notification arrives (retries become due this way). */
  pollIntervalMs?: number;
  /** Deliveries in flight at once, across all receivers. */
  concurrency?: number;
  onError?: (error: unknown) => void;
  /** Opens the subscriptions' signing secrets. */
  secretBox: SecretBox;
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Stops claiming, waits for deliveries in flight, and stops listening. */
  stop(): Promise<void>;
}

/** What an attempt's answer means for the delivery. */
export function decideOutcome(
  sent: SendOutcome,
  attempt: number,
  retryDelaysMs: readonly number[],
): Pick<DeliveryOutcome, 'next' | 'disableSubscription'> {
  const { statusCode } = sent;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { next: { status: 'succeeded' } };
  }
  if (statusCode === 410) {
    return {
      next: { status: 'dead_lettered' },
      disableSubscription: 'the receiver answered 410 Gone',
    };
  }
  const retryInMs = retryDelayMs(attempt, retryDelaysMs);
  return retryInMs === null
    ? { next: { status: 'dead_lettered' } }
    : { next: { status: 'pending', retryInMs } };
}

function bodyOf(delivery: ClaimedDelivery): string {
  return renderWebhookEvent({
    id: delivery.event_id,
    organization_id: delivery.organization_id,
    organization_app_id: delivery.organization_app_id,
    app_slug: delivery.app_slug,
    event_type: delivery.event_type,
    order_version: delivery.order_version,
    occurred_at_nanos: BigInt(delivery.occurred_at_micros) * 1000n,
    changes: delivery.changes === null ? null : (JSON.parse(delivery.changes) as FieldChanges),
    snapshot: delivery.snapshot,
  });
}

export function createDispatcher(database: Database, options: DispatcherOptions): Dispatcher {
  const deliveries = createWebhookDeliveriesRepository(database.db);
  const sender = createWebhookSender(options);
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const concurrency = options.concurrency ?? 8;
  // Long enough that an attempt has hit its deadline and been recorded before anyone else may retry it.
  const leaseMs = options.timeoutMs + 5_000;
  const onError = options.onError ?? (() => {});

  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  // A wake-up that arrives while the loop is busy is remembered, so the next sleep is skipped.
  let wakeRequested = false;
  let interruptSleep: (() => void) | undefined;
  const wake = () => {
    wakeRequested = true;
    interruptSleep?.();
  };

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const body = bodyOf(delivery);
    const attemptedAt = new Date();
    const context = SECRET_CONTEXTS.subscriptionSecret(delivery.subscription_id);
    const secrets = [delivery.secret, delivery.previous_secret]
      .filter((secret) => secret !== null)
      .map((secret) => options.secretBox.reveal(secret, context));
    // webhook-id is the event id: stable across retries, so receivers can de-duplicate.
    const headers = signatureHeaders(delivery.event_id, body, secrets, attemptedAt);
    const sent = await sender.send(delivery.url, headers, body);
    await deliveries.recordOutcome(delivery, {
      attemptedAt,
      ...sent,
      ...decideOutcome(sent, delivery.attempts, retryDelaysMs),
    });
  }

  function track(delivery: ClaimedDelivery): void {
    const task = deliver(delivery)
      .catch(onError)
      .finally(() => {
        inFlight.delete(task);
        wake(); // a free slot, and perhaps the next event of the same order is now due
      });
    inFlight.add(task);
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, wakeRequested ? 0 : ms);
      function done() {
        clearTimeout(timer);
        wakeRequested = false;
        interruptSleep = undefined;
        resolve();
      }
      interruptSleep = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      const free = concurrency - inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const due = await deliveries.claimDue(free, leaseMs);
          due.forEach(track);
          claimed = due.length;
        } catch (error) {
          onError(error);
        }
      }
      if (running && (free === 0 || claimed < free)) {
        await sleep(pollIntervalMs);
      }
    }
  }

  return {
    async start() {
      if (running) {
        return;
      }
      running = true;
      try {
        unlisten = await database.listen(NOTIFY_CHANNEL, wake);
      } catch (error) {
        onError(error); // polling still delivers everything
      }
      loop = run();
    },

    async stop() {
      running = false;
      wake();
      await loop;
      await Promise.all(inFlight);
      await unlisten?.().catch(onError);
      sender.close();
    },
  };
}
