/** @module Opening storage for a process: connect, migrate, bootstrap. Shared by the server and the CLI. */
import type { Config } from './config.js';
import { type Database, openDatabase } from './storage/db.js';
import { migrate } from './storage/migrate.js';

export async function openMigratedDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  try {
    await migrate(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
