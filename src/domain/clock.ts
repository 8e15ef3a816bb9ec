/** @module Wall-clock time with nanosecond resolution, for `occurred_at` and `event_id`. */

const originNanos = BigInt(Date.now()) * 1_000_000n;
const originHr = process.hrtime.bigint();

/** Unix time in nanoseconds: millisecond wall clock plus a monotonic sub-millisecond part. */
export function nowNanos(): bigint {
  return originNanos + (process.hrtime.bigint() - originHr);
}

/** RFC 3339 UTC with nine fractional digits, as in the contract's `occurred_at` examples. */
export function formatNanos(nanos: bigint): string {
  const millis = nanos / 1_000_000n;
  const iso = new Date(Number(millis)).toISOString(); // 2026-04-21T10:30:00.123Z
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

/** RFC 3339 UTC with second precision (`2026-04-21T10:30:00Z`), as the contract's record times. */
export function formatTimestamp(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
