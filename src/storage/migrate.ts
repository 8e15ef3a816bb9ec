/**
 * @module Applies the SQL files in `migrations/` in name order, each once, under an advisory lock so
 * that several service processes starting together migrate exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './db.js';

// Both src/storage/ and dist/storage/ sit two levels below the project root.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const LOCK_KEY = 7_294_001; // any constant shared by every process of this service

export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(
      sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await queryRows<{ name: string }>(tx, sql`select name from schema_migrations`)).map((row) => row.name),
    );
    const applied: string[] = [];
    for (const name of files.filter((file) => !done.has(file))) {
      // drizzle-kit separates statements with this marker; the extended protocol runs one at a time.
      const statements = readFileSync(`${MIGRATIONS_DIR}${name}`, 'utf8').split('--> statement-breakpoint');
      for (const statement of statements) {
        if (statement.trim()) {
          await tx.execute(sql.raw(statement));
        }
      }
      await tx.execute(sql`insert into schema_migrations (name) values (${name})`);
      applied.push(name);
    }
    return applied;
  });
}
