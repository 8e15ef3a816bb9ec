import { describe, expect, it } from 'vitest';
import { pollingBounds, toMicros } from './recent-orders-view.js';

const now = new Date('2026-11-23T12:00:00Z');
const poll = (filter: Record<string, unknown>, sort = '-created', cursor?: string) =>
  pollingBounds({ filter, sort: sort as never, cursor }, now);

describe('toMicros', () => {
  it('keeps microseconds and offsets exact, and refuses finer fractions', () => {
    expect(toMicros('2026-11-23T12:00:00Z')).toBe(1_795_435_200_000_000n);
    expect(toMicros('2026-11-23T15:00:00.000001+03:00')).toBe(1_795_435_200_000_001n);
    expect(toMicros('2026-11-23T12:00:00.1234567Z')).toBeUndefined();
  });
});

describe('pollingBounds', () => {
  it('takes -created polls from within the last hours, with or without to', () => {
    expect(poll({ from: '2026-11-23T06:00:00Z' })).toEqual({
      fromMicros: toMicros('2026-11-23T06:00:00Z'),
      toMicros: undefined,
    });
    expect(poll({ from: '2026-11-23T11:00:00Z', to: '2026-11-23T11:30:00Z' })?.toMicros).toBe(
      toMicros('2026-11-23T11:30:00Z'),
    );
  });

  it('leaves every other list to the normal path', () => {
    expect(poll({})).toBeUndefined();
    expect(poll({ from: '2026-11-23T03:00:00Z' })).toBeUndefined(); // reaches too far back
    expect(poll({ from: '2026-11-23T11:00:00Z' }, 'created')).toBeUndefined();
    expect(poll({ from: '2026-11-23T11:00:00Z' }, '-created', '')).toBeUndefined();
    expect(poll({ from: '2026-11-23T11:00:00Z', status: ['pending'] })).toBeUndefined();
  });
});
