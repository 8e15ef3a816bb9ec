/**
 * @module One PostgreSQL dialect, two engines: embedded PGlite (data dir on disk) by default, or a
 * PostgreSQL server through postgres.js when a `postgres://` URL is given. Both sit behind Drizzle.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type CopyOut, createCopyOut } from './copy-out.js';
import { lockDataDir } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** `COPY … TO STDOUT` as a stream: PostgreSQL only (PGlite has no streaming COPY). */
  copyOut?: CopyOut;
  close(): Promise<void>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel`, and `onListen` whenever listening (re)starts:
   * notifications sent while the connection was down are lost, so a listener must resynchronize then.
   * Resolves to a function that stops listening.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
}

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise PGlite stores its files in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** postgres.js pool size: it must cover peak concurrency or queries queue up inside the driver. */
  poolSize?: number;
  /**
   * A URL that reaches the server without a transaction pooler, for what needs a session: LISTEN
   * (notifications) and COPY streams. Default: `databaseUrl` (no pooler in between).
   */
  directUrl?: string | undefined;
  /** Named prepared statements; off behind PgBouncer < 1.21 in transaction mode. Default on. */
  preparedStatements?: boolean;
}

/** Connections for session work (LISTEN, COPY): few, since each holds a server connection for long. */
const DIRECT_POOL_SIZE = 10;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const prepare = options.preparedStatements ?? true;
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 50,
      prepare,
      onnotice: () => {},
      connection: { application_name: 'linkit-orders' },
    });
    const session =
      options.directUrl && options.directUrl !== options.databaseUrl
        ? postgres(options.directUrl, {
            max: DIRECT_POOL_SIZE,
            onnotice: () => {},
            connection: { application_name: 'linkit-orders-session' },
          })
        : client;
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      copyOut: createCopyOut(session),
      close: async () => {
        await client.end({ timeout: 5 });
        if (session !== client) {
          await session.end({ timeout: 5 });
        }
      },
      async listen(channel, onNotify, onListen) {
        const { unlisten } = await session.listen(channel, onNotify, onListen);
        return unlisten;
      },
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const release = lockDataDir(options.dataDir);
  try {
    const client = await PGlite.create(options.dataDir, { extensions: { pg_trgm, btree_gin } });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      engine: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
      async listen(channel, onNotify, onListen) {
        const unlisten = await client.listen(channel, onNotify);
        onListen?.();
        return () => unlisten();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Rows of a raw SQL statement, whichever driver ran it (postgres.js gives an array, PGlite `{rows}`). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
