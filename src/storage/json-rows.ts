/**
 * @module Set-based statements over many rows sent as one JSON parameter. A 1,000-order insert as
 * VALUES binds ~45,000 parameters, and binding them costs more than the insert itself; one JSON text
 * that the server expands with `json_populate_recordset` costs a single bind, on both engines.
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** JSON of the rows; Dates become RFC 3339 text, which timestamptz columns read back exactly. */
export function rowsJson(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

/**
 * `insert into <table> (<columns>) select <columns> from json_populate_recordset(null::<table>, $1)`,
 * for the columns the rows carry (named as in the schema). Append `on conflict …` / `returning …`.
 */
export function insertFromJson(table: PgTable, rows: readonly object[], tail: SQL = sql``): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  // Every key any row carries: a field one row leaves undefined (dropped by JSON) must not drop it for all.
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const names = sql.join(
    keys.map((key) => sql.identifier(columns[key]?.name ?? key)),
    sql`, `,
  );
  const name = sql.identifier(getTableName(table));
  return sql`insert into ${name} (${names}) select ${names} from json_populate_recordset(null::${name}, ${rowsJson(rows)}::json) ${tail}`;
}
