/**
 * @module Reads from streaming replicas without ever showing a client something older than it has seen
 * or written (docs/decisions/0222-read-replicas.md). The caller reads the organization's ledger version
 * on the primary first (it moves at the commit of every write to the organization's orders); a replica
 * serves the read only if its own copy of that version is at least as new, else the primary does. A
 * replica that fails is skipped for a while; one that lags is skipped for this read: never waited on.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type Db, queryRows } from './db.js';
import * as schema from './schema.js';

/** How long a replica that failed is left out before one read tries it again. */
const DOWN_FOR_MS = 5_000;
/** A replica that can't be reached quickly is not worth waiting for: the primary can answer. */
const CONNECT_TIMEOUT_SECONDS = 2;

export interface Replica {
  name: string;
  db: Db;
}

export interface ReplicaSet {
  replicas: readonly Replica[];
  close(): Promise<void>;
}

export interface ReplicaSetOptions {
  poolSize: number;
  preparedStatements?: boolean;
}

/** Opens a postgres.js pool per replica URL (lazily connected: a replica that is down doesn't stop a start). */
export function openReplicaSet(urls: readonly string[], options: ReplicaSetOptions): ReplicaSet {
  const clients = urls.map((url) =>
    postgres(url, {
      max: options.poolSize,
      prepare: options.preparedStatements ?? true,
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      onnotice: () => {},
      connection: { application_name: 'linkit-orders-replica-read' },
    }),
  );
  return {
    replicas: clients.map((client, index) => ({
      name: `replica ${index + 1} (${new URL(urls[index] as string).host})`,
      db: drizzle(client, { schema }) as unknown as Db,
    })),
    async close() {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    },
  };
}

export type ReadTarget = 'primary' | 'replica';

export interface ReadRouter<T> {
  /**
   * Runs `read` with the replica-bound `T` of a replica whose ledger version of the organization is at
   * least `minVersion` (read on the primary by the caller, before this call), or with the primary's `T`
   * when no replica is that fresh or the replica fails. `read` may run twice (replica, then primary),
   * so it must only read.
   */
  read<R>(organizationId: string, minVersion: number, read: (target: T) => Promise<R>): Promise<R>;
  /** Reads served by each side since start (for logs and the cluster test). */
  counts(): Record<ReadTarget, number>;
}

export interface ReadRouterOptions {
  onReplicaError?: (error: unknown, replica: string) => void;
  clock?: () => number;
}

export function createReadRouter<T>(
  primary: T,
  replicaSet: ReplicaSet | undefined,
  bind: (db: Db) => T,
  options: ReadRouterOptions = {},
): ReadRouter<T> {
  const now = options.clock ?? Date.now;
  const members = (replicaSet?.replicas ?? []).map((replica) => ({
    ...replica,
    bound: bind(replica.db),
    downUntil: 0,
  }));
  const served: Record<ReadTarget, number> = { primary: 0, replica: 0 };
  let next = 0;

  function pick() {
    for (let tried = 0; tried < members.length; tried += 1) {
      const member = members[(next + tried) % members.length];
      if (member && member.downUntil <= now()) {
        next = (next + tried + 1) % members.length;
        return member;
      }
    }
    return undefined;
  }

  async function replicaVersion(db: Db, organizationId: string): Promise<number> {
    const [row] = await queryRows<{ version: string | number }>(
      db,
      sql`select version from order_ledger_versions where organization_id = ${organizationId}`,
    );
    return row ? Number(row.version) : 0;
  }

  return {
    async read(organizationId, minVersion, read) {
      const member = pick();
      if (member) {
        try {
          // A replica only moves forward, so what the read sees next is at least this version.
          if ((await replicaVersion(member.db, organizationId)) >= minVersion) {
            const result = await read(member.bound);
            served.replica += 1;
            return result;
          }
        } catch (error) {
          member.downUntil = now() + DOWN_FOR_MS;
          options.onReplicaError?.(error, member.name);
        }
      }
      const result = await read(primary);
      served.primary += 1;
      return result;
    },
    counts: () => ({ ...served }),
  };
}
