/**
 * PostgreSQL CPU of inserting 1,000 orders, and what each index on `orders` adds to it: a stabler figure
 * than orders/s on a shared machine. Runs on a database that already holds orders (run bench/writes.ts
 * first): copies 1,000 of them under new ids inside transactions that are rolled back, and reads the
 * backend's own CPU time from /proc/<pid>/schedstat, so the server must run on this machine.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/orders-insert-cost.ts [--repeats 9]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';

const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '9' } } });

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('set DATABASE_URL to the PostgreSQL that bench/writes.ts filled');
  }
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [backend] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const cpuMs = () => Number(readFileSync(`/proc/${backend?.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    await sql.unsafe(`create temp table new_orders as
      select * from orders where organization_id =
        (select organization_id from orders group by 1 order by count(*) desc limit 1)
      and source_transaction_id is not null limit 1000`);
    await sql.unsafe(`update new_orders set id = 'r' || substr(md5(random()::text), 1, 16),
      order_seq = order_seq + 1000000000, source_transaction_id = source_transaction_id || '-copy'`);
    const indexes = (
      await sql<{ name: string }[]>`select indexname as name from pg_indexes
        where tablename = 'orders' and indexname <> 'orders_organization_id_id_pk' order by 1`
    ).map((row) => row.name);
    // "all indexes" is what a bulk create pays; "no secondary index" the floor; each "only" row adds
    // one index to that floor.
    const variants: Array<{ name: string; drop: string[] }> = [
      { name: 'all indexes', drop: [] },
      { name: 'no secondary index', drop: indexes },
      ...indexes.map((index) => ({
        name: `only ${index}`,
        drop: indexes.filter((other) => other !== index),
      })),
    ];
    const samples = new Map(
      variants.map((variant) => [variant.name, { insert: [] as number[], commit: [] as number[] }]),
    );
    for (let repeat = 0; repeat < Number(args.repeats); repeat += 1) {
      for (const variant of variants) {
        await sql.unsafe('begin');
        for (const index of variant.drop) {
          await sql.unsafe(`drop index ${index}`);
        }
        const sample = samples.get(variant.name) as { insert: number[]; commit: number[] };
        let start = cpuMs();
        await sql.unsafe('insert into orders select * from new_orders');
        sample.insert.push(cpuMs() - start);
        start = cpuMs();
        await sql.unsafe('set constraints all immediate'); // the deferred ledger-version trigger
        sample.commit.push(cpuMs() - start);
        await sql.unsafe('rollback');
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
    process.stdout.write('backend CPU ms per 1,000 orders (median)   insert   deferred triggers\n');
    for (const [name, sample] of samples) {
      process.stdout.write(
        `${name.padEnd(42)} ${median(sample.insert).toFixed(1).padStart(6)} ${median(sample.commit).toFixed(1).padStart(10)}\n`,
      );
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
