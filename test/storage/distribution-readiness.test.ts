/**
 * The migrated schema is ready to be sharded by organization (docs/decisions/0220): every table is
 * placed in src/storage/distribution.ts; a distributed table's primary key and every unique index lead
 * with its organization column; a foreign key between distributed tables carries the organization
 * (so it can never point into another organization), and a reference table points only at reference
 * tables. Checked against the real catalog after every migration, so a new table or index can't regress it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/storage/db.js';
import { TABLE_PLACEMENT } from '../../src/storage/distribution.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

interface UniqueIndex {
  table: string;
  index: string;
  /** The index's first key column; null when it is an expression. */
  leading: string | null;
}

interface ForeignKey {
  name: string;
  table: string;
  referenced: string;
  /** Pairs of (column, referenced column). */
  pairs: [string, string][];
}

let app: TestApp;
let tables: string[];
let uniqueIndexes: UniqueIndex[];
let foreignKeys: ForeignKey[];

beforeAll(async () => {
  app = await startTestApp({ webRoot: false });
  const { db } = app.database;
  tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    )
  ).map((row) => row.name);
  uniqueIndexes = await queryRows<UniqueIndex>(
    db,
    sql`select t.relname as "table", i.relname as "index",
          (select a.attname from pg_attribute a where a.attrelid = t.oid and a.attnum = x.indkey[0]) as leading
        from pg_index x
        join pg_class t on t.oid = x.indrelid
        join pg_class i on i.oid = x.indexrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and (x.indisunique or x.indisprimary) and not t.relispartition
        order by 1, 2`,
  );
  const fkRows = await queryRows<{ name: string; table: string; referenced: string; columns: string }>(
    db,
    sql`select c.conname as name, t.relname as "table", r.relname as referenced,
          (select json_agg(json_build_array(a.attname, ra.attname) order by k.ord)
             from unnest(c.conkey, c.confkey) with ordinality as k(col, refcol, ord)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.col
             join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = k.refcol)::text as columns
        from pg_constraint c
        join pg_class t on t.oid = c.conrelid
        join pg_class r on r.oid = c.confrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and c.contype = 'f'
        order by 1`,
  );
  foreignKeys = fkRows.map((row) => ({ ...row, pairs: JSON.parse(row.columns) as [string, string][] }));
});

afterAll(async () => {
  await app?.close();
});

describe('distribution readiness of the migrated schema', () => {
  it('reads a real catalog (the checks below are not vacuous)', () => {
    expect(tables).toContain('orders');
    expect(uniqueIndexes.some((index) => index.table === 'orders')).toBe(true);
    expect(foreignKeys.some((key) => key.table === 'webhook_deliveries')).toBe(true);
  });

  it('places every table, and only tables that exist', () => {
    expect(tables.filter((table) => !(table in TABLE_PLACEMENT))).toEqual([]);
    expect(Object.keys(TABLE_PLACEMENT).filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('has each distributed table carry its distribution column', async () => {
    const missing: string[] = [];
    for (const [table, placement] of Object.entries(TABLE_PLACEMENT)) {
      if (placement.kind !== 'distributed') {
        continue;
      }
      const [row] = await queryRows<{ notnull: boolean }>(
        app.database.db,
        sql`select a.attnotnull as notnull from pg_attribute a join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relname = ${table} and a.attname = ${placement.column}`,
      );
      if (!row?.notnull) {
        missing.push(`${table}.${placement.column}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('leads every primary key and unique index of a distributed table with the organization', () => {
    const offending = uniqueIndexes
      .filter((index) => {
        const placement = TABLE_PLACEMENT[index.table];
        return placement?.kind === 'distributed' && index.leading !== placement.column;
      })
      .map((index) => `${index.table}: ${index.index} leads with ${index.leading ?? 'an expression'}`);
    expect(offending).toEqual([]);
  });

  it('has no foreign key that can cross organizations or point from a reference table into tenant data', () => {
    const offending = foreignKeys
      .filter((key) => {
        const from = TABLE_PLACEMENT[key.table];
        const to = TABLE_PLACEMENT[key.referenced];
        if (!from || !to) {
          return true;
        }
        if (to.kind === 'reference') {
          return false; // any table may point at a reference table (Citus copies it everywhere)
        }
        if (from.kind === 'reference') {
          return true; // a reference table can't point into distributed data
        }
        return !key.pairs.some(([column, referenced]) => column === from.column && referenced === to.column);
      })
      .map(
        (key) =>
          `${key.name}: ${key.table}(${key.pairs.map((pair) => pair[0]).join(', ')}) → ${key.referenced}`,
      );
    expect(offending).toEqual([]);
  });
});
