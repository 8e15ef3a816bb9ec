import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAYS_MS, JITTER, retryDelayMs } from './retry-schedule.js';

describe('retry schedule', () => {
  it('grows exponentially-ish and stays within about 24 hours in total', () => {
    const total = DEFAULT_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total * (1 + JITTER)).toBeLessThan(30 * 3600_000);
    expect(total).toBeGreaterThan(20 * 3600_000);
    for (let i = 1; i < DEFAULT_RETRY_DELAYS_MS.length; i++) {
      expect(DEFAULT_RETRY_DELAYS_MS[i] as number).toBeGreaterThanOrEqual(
        DEFAULT_RETRY_DELAYS_MS[i - 1] as number,
      );
    }
  });

  it('spreads each wait over ±20% and dead-letters after the last one', () => {
    expect(retryDelayMs(1, [1000], () => 0)).toBe(800);
    expect(retryDelayMs(1, [1000], () => 0.5)).toBe(1000);
    expect(retryDelayMs(1, [1000], () => 1)).toBe(1200);
    expect(retryDelayMs(2, [1000])).toBeNull();
    expect(retryDelayMs(DEFAULT_RETRY_DELAYS_MS.length + 1)).toBeNull();
  });
});
