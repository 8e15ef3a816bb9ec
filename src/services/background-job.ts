/**
 * @module A service-wide periodic job run by whichever worker node holds its lease
 * (docs/decisions/0223-background-work.md): every node checks now and then; the one that takes the
 * lease runs the job, renewing the lease as it goes, and sets when it is next due for all of them.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { WorkerLeasesRepository } from '../storage/worker-leases-repository.js';

export interface BackgroundJobOptions<R> {
  name: string;
  leases: WorkerLeasesRepository;
  /** Time between the end of one run and the next, across all nodes. */
  intervalMs: number;
  /** Runs the job. `keepLease()` renews the lease; it is false when the lease was lost: stop then. */
  run(keepLease: () => Promise<boolean>): Promise<R>;
  onError?: (error: unknown) => void;
  onRun?: (result: R) => void;
  /** How long a lease lasts unless renewed; a node that dies holding it delays the job this long. */
  leaseMs?: number;
}

export interface BackgroundJob {
  start(): void;
  /** Stops checking and waits for a run in progress to end. */
  stop(): Promise<void>;
  /** Runs once now if this node can take the lease (tests, the CLI); true if it ran. */
  runOnce(): Promise<boolean>;
}

export function createBackgroundJob<R>(options: BackgroundJobOptions<R>): BackgroundJob {
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 60_000;
  // Check often enough that a due job starts soon after it is due, but never hammer the table.
  const checkEveryMs = Math.min(Math.max(options.intervalMs / 4, 1_000), 60_000);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let stopped = false;

  async function runOnce(): Promise<boolean> {
    if (!(await options.leases.acquire(options.name, holder, leaseMs))) {
      return false;
    }
    try {
      const result = await options.run(() => options.leases.renew(options.name, holder, leaseMs));
      await options.leases.finish(options.name, holder, options.intervalMs, result);
      options.onRun?.(result);
      return true;
    } catch (error) {
      await options.leases.release(options.name, holder).catch(() => {});
      throw error;
    }
  }

  function tick() {
    running = runOnce()
      .catch((error: unknown) => {
        options.onError?.(error);
        return false;
      })
      .finally(() => {
        running = undefined;
        if (!stopped) {
          timer = setTimeout(tick, checkEveryMs);
        }
      });
  }

  return {
    start() {
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
