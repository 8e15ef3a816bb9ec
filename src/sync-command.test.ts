import { describe, expect, it } from 'vitest';
import { progressLine } from './sync-command.js';

const run = {
  pages: 3,
  orders_fetched: 150,
  orders_promoted: 140,
  orders_failed: 2,
  estimated_total: 300,
  phase: 'listing',
};

describe('sync progress line', () => {
  it('draws a bar of the vendor total', () => {
    expect(progressLine('running', run, 10)).toBe(
      '[#####-----] 50% of 300 · 150 read · 140 promoted · 2 failed · 3 pages · running',
    );
  });
  it('counts only when the vendor gives no total, and never overflows the bar', () => {
    expect(progressLine('backing_off', { ...run, estimated_total: null })).toBe(
      'backing_off listing 150 read · 140 promoted · 2 failed · 3 pages',
    );
    expect(progressLine('running', { ...run, orders_fetched: 400 }, 4)).toMatch(/^\[####\] 100% of 300/);
    expect(progressLine('idle', null)).toBe('idle');
  });
});
