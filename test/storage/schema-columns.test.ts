/**
 * `src/storage/schema.ts` against the database the committed migrations build: every table and column
 * Drizzle knows must exist with the same SQL type and nullability, and every table and column of the
 * migrated database must be known to Drizzle, so the two cannot drift apart (issue 16).
 */
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/storage/db.js';
import * as schema from '../../src/storage/schema.js';
import { engine, startTestApp, type TestApp } from '../helpers/app.js';

/** Tables the migrations runner keeps for itself: not part of the model. */
const BOOKKEEPING = new Set(['schema_migrations', '__drizzle_migrations']);

/** `numeric(14, 3)` → `numeric`, `character varying(200)` → `character varying`: the type, not its size. */
const baseType = (type: string) => type.replace(/\(.*\)$/, '').trim();

interface Column {
  type: string;
  nullable: boolean;
}

let app: TestApp;
let database: Map<string, Map<string, Column>>;

beforeAll(async () => {
  app = await startTestApp();
  const rows = await queryRows<{ table_name: string; column_name: string; type: string; nullable: boolean }>(
    app.database.db,
    sql`select c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) as type,
          c.is_nullable = 'YES' as nullable
        from information_schema.columns c
        join pg_attribute a on a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
          and a.attname = c.column_name
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
  );
  database = new Map();
  for (const row of rows) {
    if (BOOKKEEPING.has(row.table_name)) {
      continue;
    }
    const table = database.get(row.table_name) ?? new Map<string, Column>();
    table.set(row.column_name, { type: baseType(row.type), nullable: row.nullable });
    database.set(row.table_name, table);
  }
});
afterAll(async () => {
  await app?.close();
});

const drizzle = new Map<string, Map<string, Column>>();
for (const value of Object.values(schema)) {
  if (is(value, PgTable)) {
    const config = getTableConfig(value);
    drizzle.set(
      config.name,
      new Map(
        config.columns.map((column) => [
          column.name,
          { type: baseType(column.getSQLType()), nullable: !column.notNull },
        ]),
      ),
    );
  }
}

describe(`schema.ts matches the migrated database (${engine})`, () => {
  it('has the same tables', () => {
    expect([...drizzle.keys()].sort()).toEqual([...database.keys()].sort());
  });

  it('has the same columns, types and nullability in every table', () => {
    const differences: string[] = [];
    for (const [tableName, columns] of database) {
      const known = drizzle.get(tableName) ?? new Map<string, Column>();
      for (const [name, column] of columns) {
        const declared = known.get(name);
        if (!declared) {
          differences.push(`${tableName}.${name}: in the database, not in schema.ts`);
        } else if (declared.type !== column.type || declared.nullable !== column.nullable) {
          differences.push(
            `${tableName}.${name}: schema.ts ${declared.type}${declared.nullable ? '' : ' not null'}, ` +
              `database ${column.type}${column.nullable ? '' : ' not null'}`,
          );
        }
      }
      for (const name of known.keys()) {
        if (!columns.has(name)) {
          differences.push(`${tableName}.${name}: in schema.ts, not in the database`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
