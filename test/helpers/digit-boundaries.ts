/**
 * Moves a test database's counters to just below a power of ten, so that the data a test writes next
 * crosses a digit boundary: transaction ids (xid8, cluster-wide) and the `order_events.seq` identity.
 * A sort of those numbers as text ("1000" < "997") then shows up, where it would hide among ids of one
 * length. Transaction ids are taken by subtransactions that each write a row of a temporary table and
 * roll back: every one consumes an id from the same counter the next transactions draw from.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/storage/db.js';
import { queryRows } from '../../src/storage/db.js';

/** The first power of ten above `value` (at least 10). */
export function nextPowerOfTen(value: bigint): bigint {
  let power = 10n;
  while (power <= value) {
    power *= 10n;
  }
  return power;
}

async function currentTxid(db: Db): Promise<bigint> {
  const [row] = await queryRows<{ txid: string }>(db, sql`select pg_current_xact_id()::text as txid`);
  return BigInt((row as { txid: string }).txid);
}

/**
 * Consumes transaction ids until the next one is at most `margin` below a power of ten, so that
 * `margin` or more transactions after it cross into ids of one more digit. Returns that power of ten.
 */
export async function approachTxidBoundary(db: Db, margin: bigint): Promise<bigint> {
  let now = await currentTxid(db);
  const boundary = nextPowerOfTen(now);
  while (boundary - now > margin) {
    const gap = boundary - now - margin;
    const burn = gap > 50_000n ? 50_000n : gap;
    await db.transaction(async (tx) => {
      await tx.execute(sql`create temp table xid_burn (x int) on commit drop`);
      await tx.execute(
        sql.raw(`do $$ begin for i in 1..${burn} loop
          begin insert into xid_burn values (i); raise exception 'burn'; exception when others then null; end;
        end loop; end $$`),
      );
    });
    now = await currentTxid(db);
  }
  return boundary;
}

/**
 * Moves the `order_events.seq` identity forward (never back) so that the next event's seq is at most
 * `margin` below a power of ten. Returns that power of ten.
 */
export async function approachSeqBoundary(db: Db, margin: bigint): Promise<bigint> {
  const [row] = await queryRows<{ seq: string }>(
    db,
    sql`select nextval(pg_get_serial_sequence('order_events', 'seq'))::text as seq`,
  );
  const now = BigInt((row as { seq: string }).seq);
  const boundary = nextPowerOfTen(now);
  if (boundary - now > margin) {
    await db.execute(
      sql`select setval(pg_get_serial_sequence('order_events', 'seq'), ${String(boundary - margin - 1n)}::bigint)`,
    );
  }
  return boundary;
}

/** A change-feed cursor `"<txid>-<seq>"` as numbers. */
export function cursorPosition(cursor: string): { txid: bigint; seq: bigint } {
  const [txid, seq] = cursor.split('-');
  return { txid: BigInt(txid as string), seq: BigInt(seq as string) };
}
