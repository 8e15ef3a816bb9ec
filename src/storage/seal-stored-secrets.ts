/**
 * @module Brings every stored secret under the active key: values stored before secrets were sealed are
 * sealed, values sealed under an older key of the ring are re-sealed (a rotation, decision 0090). Runs
 * at every start of the service; each row is written only if it still holds the value read, so nodes
 * starting together never undo each other's work or a rotation made meanwhile.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from './db.js';
import { SECRET_CONTEXTS, type SecretBox } from './secret-box.js';

interface SecretColumn {
  table: string;
  column: string;
  /** The columns that identify a row, and the sealing context of the row they identify. */
  key: readonly string[];
  context: (row: Record<string, string>) => string;
}

const SECRET_COLUMNS: readonly SecretColumn[] = [
  {
    table: 'organization_apps',
    column: 'webhook_secret',
    key: ['organization_id', 'id'],
    context: (row) => SECRET_CONTEXTS.installWebhookSecret(row.id as string),
  },
  {
    table: 'app_sync',
    column: 'credentials',
    key: ['organization_id', 'organization_app_id'],
    context: (row) => SECRET_CONTEXTS.installCredentials(row.organization_app_id as string),
  },
  ...['secret', 'previous_secret'].map((column) => ({
    table: 'webhook_subscriptions',
    column,
    key: ['organization_id', 'id'],
    context: (row: Record<string, string>) => SECRET_CONTEXTS.subscriptionSecret(row.id as string),
  })),
  {
    table: 'service_secrets',
    column: 'secret',
    key: ['name'],
    context: (row) => SECRET_CONTEXTS.serviceSecret(row.name as string),
  },
];

/** Seals or re-seals what needs it; returns how many values were rewritten. */
export async function sealStoredSecrets(db: Executor, box: SecretBox): Promise<number> {
  let rewritten = 0;
  for (const { table, column, key, context } of SECRET_COLUMNS) {
    const value = sql.identifier(column);
    const rows = await queryRows<Record<string, string>>(
      db,
      sql`select ${sql.join(
        key.map((name) => sql.identifier(name)),
        sql`, `,
      )}, ${value} as value from ${sql.identifier(table)}
        where ${value} is not null and ${value} not like ${`${box.activePrefix}%`}`,
    );
    for (const row of rows) {
      const stored = row.value as string;
      const sealed = box.seal(box.reveal(stored, context(row)), context(row));
      const sameRow: SQL[] = key.map((name) => sql`${sql.identifier(name)} = ${row[name]}`);
      await db.execute(
        sql`update ${sql.identifier(table)} set ${value} = ${sealed}
          where ${sql.join(sameRow, sql` and `)} and ${value} = ${stored}`,
      );
      rewritten += 1;
    }
  }
  return rewritten;
}
