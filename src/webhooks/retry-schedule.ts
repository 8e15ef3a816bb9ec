/**
 * @module When a failed delivery is tried again: exponential backoff as data, with jitter so that a
 * receiver coming back from an outage is not hit by every queued delivery in the same second.
 */

/**
 * The wait before each retry, after the 1st, 2nd, … failed attempt. 11 attempts over about 24 hours
 * (5 s + 30 s + 2 min + 10 min + 30 min + 1 h + 2 h + 4 h + 8 h + 8 h ≈ 23.7 h); after the last one
 * fails the delivery is dead-lettered.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000,
];

/** Each wait is spread uniformly over ±20% of its nominal value. */
export const JITTER = 0.2;

/**
 * The wait after `failedAttempts` failures, or null when the schedule is exhausted and the delivery
 * is to be dead-lettered. `random` is injectable so tests can pin the jitter.
 */
export function retryDelayMs(
  failedAttempts: number,
  delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
  random: () => number = Math.random,
): number | null {
  const nominal = delays[failedAttempts - 1];
  if (nominal === undefined) {
    return null;
  }
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
}
