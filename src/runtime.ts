/** @module Opening storage and secrets for a process: connect, migrate, load the key ring. Shared by the server and the CLI. */
import type { Config } from './config.js';
import { type Database, openDatabase } from './storage/db.js';
import { migrate } from './storage/migrate.js';
import { createSecretBox, type SecretBox } from './storage/secret-box.js';
import { type LoadedKeyRing, loadSecretKeyRing } from './storage/secret-key-file.js';

export async function openMigratedDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    directUrl: config.databaseDirectUrl,
    preparedStatements: config.databasePreparedStatements,
  });
  try {
    await migrate(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The secret box of this process, and where its key ring came from (for the start-up log line). */
export function openSecretBox(config: Config): { box: SecretBox; origin: LoadedKeyRing['origin'] } {
  const { ring, origin } = loadSecretKeyRing({ secretKeys: config.secretKeys, dataDir: config.dataDir });
  return { box: createSecretBox(ring), origin };
}
