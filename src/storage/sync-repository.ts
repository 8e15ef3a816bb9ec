/**
 * @module Pull-connector state (`app_sync`, `app_sync_versions`): settings, the run checkpoint, the
 * lease that lets one node at a time sync an install, and the page capture that commits intake rows,
 * their identities and the checkpoint in one transaction. Every tenant-facing method takes the
 * organization first; the scheduler's claim spans tenants, as the webhook dispatcher's does.
 */
import { and, eq, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from './db.js';
import { createIntakeRepository, type NewIntakeRow } from './intake-repository.js';
import { appSync, appSyncVersions, orderIntake, orders, organizationApps } from './schema.js';

export type SyncRow = typeof appSync.$inferSelect;
type SyncInsert = Omit<typeof appSync.$inferInsert, 'organizationId' | 'organizationAppId'>;
/** Column changes; any value may be SQL (`now()`…). */
export type SyncChanges = { [K in keyof SyncInsert]?: SyncInsert[K] | SQL };

/** After a complete run: at once when another was asked for meanwhile, else after the schedule (none: never). */
export const NEXT_RUN_AFTER_SUCCESS = sql`case when ${appSync.requestedAt} is not null then now()
  when ${appSync.scheduleSeconds} is null then null
  else now() + ${appSync.scheduleSeconds} * interval '1 second' end`;

/** This node no longer holds the install's lease: another node took the run over. */
export class LeaseLostError extends Error {}

const key = (organizationId: string, installId: string) =>
  and(eq(appSync.organizationId, organizationId), eq(appSync.organizationAppId, installId));

/** Counter columns a page adds to. */
export interface PageCounts {
  pages?: number;
  fetched?: number;
  captured?: number;
  promoted?: number;
  failed?: number;
  removed?: number;
}

function increments(counts: PageCounts) {
  return {
    ...(counts.pages ? { runPages: sql`${appSync.runPages} + ${counts.pages}` } : {}),
    ...(counts.fetched ? { runFetched: sql`${appSync.runFetched} + ${counts.fetched}` } : {}),
    ...(counts.captured ? { runCaptured: sql`${appSync.runCaptured} + ${counts.captured}` } : {}),
    ...(counts.promoted ? { runPromoted: sql`${appSync.runPromoted} + ${counts.promoted}` } : {}),
    ...(counts.failed ? { runFailed: sql`${appSync.runFailed} + ${counts.failed}` } : {}),
    ...(counts.removed ? { runRemoved: sql`${appSync.runRemoved} + ${counts.removed}` } : {}),
  };
}

export interface CapturedVersion {
  intake: NewIntakeRow;
  digest: string;
}

/**
 * Creates an install's sync row or changes its settings, on any executor: the install route writes
 * it in the transaction that inserts the install, so a refused body leaves neither behind.
 */
export async function saveSyncSettings(
  executor: Executor,
  organizationId: string,
  installId: string,
  changes: SyncChanges,
): Promise<SyncRow> {
  const [row] = await executor
    .insert(appSync)
    .values({ organizationId, organizationAppId: installId, nextRunAt: sql`now()`, ...changes })
    .onConflictDoUpdate({
      target: [appSync.organizationId, appSync.organizationAppId],
      set: { ...changes, updatedAt: sql`now()` },
    })
    .returning();
  return row as SyncRow;
}

export function createSyncRepository(db: Db) {
  /** A change applied only while `owner` holds the lease; false when it does not. */
  async function updateHeld(
    executor: Executor,
    organizationId: string,
    installId: string,
    owner: string,
    changes: SyncChanges,
    counts: PageCounts = {},
  ): Promise<boolean> {
    const rows = await executor
      .update(appSync)
      .set({ ...changes, ...increments(counts), updatedAt: sql`now()` })
      .where(and(key(organizationId, installId), eq(appSync.leaseOwner, owner)))
      .returning({ id: appSync.organizationAppId });
    return rows.length > 0;
  }

  return {
    async find(organizationId: string, installId: string): Promise<SyncRow | undefined> {
      const [row] = await db.select().from(appSync).where(key(organizationId, installId));
      return row;
    },

    /** Creates the install's row or changes its settings (credentials, base URL, schedule). */
    async saveSettings(organizationId: string, installId: string, changes: SyncChanges): Promise<SyncRow> {
      return saveSyncSettings(db, organizationId, installId, changes);
    },

    /** Asks for a run as soon as a node is free: a backfill from `from`, or incremental (null). */
    async request(
      organizationId: string,
      installId: string,
      from: Date | null,
    ): Promise<SyncRow | undefined> {
      const [row] = await db
        .update(appSync)
        .set({ requestedAt: sql`now()`, requestedFrom: from, nextRunAt: sql`now()`, updatedAt: sql`now()` })
        .where(key(organizationId, installId))
        .returning();
      return row;
    },

    /**
     * Leases up to `limit` installs that are due (their `next_run_at` has come, credentials set, the
     * install live, no live lease) to `owner` for `leaseMs`. SKIP LOCKED lets several nodes claim side by
     * side; the lease keeps the install theirs after commit and frees it if the node dies.
     */
    async claimDue(owner: string, leaseMs: number, limit: number): Promise<SyncRow[]> {
      const due = db
        .select({ organizationId: appSync.organizationId, installId: appSync.organizationAppId })
        .from(appSync)
        .innerJoin(
          organizationApps,
          and(
            eq(organizationApps.organizationId, appSync.organizationId),
            eq(organizationApps.id, appSync.organizationAppId),
            isNull(organizationApps.deletedAt),
          ),
        )
        .where(
          and(
            lte(appSync.nextRunAt, sql`now()`),
            sql`${appSync.credentials} is not null`,
            sql`(${appSync.leaseUntil} is null or ${appSync.leaseUntil} < now())`,
          ),
        )
        .orderBy(appSync.nextRunAt)
        .limit(limit)
        .for('update', { of: appSync, skipLocked: true });
      return db
        .update(appSync)
        .set({
          leaseOwner: owner,
          leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
          updatedAt: sql`now()`,
        })
        .where(sql`(${appSync.organizationId}, ${appSync.organizationAppId}) in (${due})`)
        .returning();
    },

    /** Extends the lease; false when `owner` lost it (its run must stop). */
    async renewLease(organizationId: string, installId: string, owner: string, leaseMs: number) {
      return updateHeld(db, organizationId, installId, owner, {
        leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      });
    },

    update: (
      organizationId: string,
      installId: string,
      owner: string,
      changes: SyncChanges,
      counts?: PageCounts,
    ) => updateHeld(db, organizationId, installId, owner, changes, counts),

    async releaseLease(organizationId: string, installId: string, owner: string): Promise<void> {
      await updateHeld(db, organizationId, installId, owner, { leaseOwner: null, leaseUntil: null });
    },

    /** The digests last captured for these vendor orders. */
    async knownDigests(
      organizationId: string,
      installId: string,
      vendorOrderIds: readonly string[],
    ): Promise<Map<string, string>> {
      if (vendorOrderIds.length === 0) {
        return new Map();
      }
      const rows = await db
        .select({ id: appSyncVersions.vendorOrderId, digest: appSyncVersions.digest })
        .from(appSyncVersions)
        .where(
          and(
            eq(appSyncVersions.organizationId, organizationId),
            eq(appSyncVersions.organizationAppId, installId),
            inArray(appSyncVersions.vendorOrderId, [...vendorOrderIds]),
          ),
        );
      return new Map(rows.map((row) => [row.id, row.digest]));
    },

    /**
     * One page's captures, their identities and the checkpoint after the page, in one transaction:
     * a crash leaves either all of them or none, so a resumed run re-reads exactly what was not kept.
     * Throws `LeaseLostError` (and keeps nothing) when `owner` no longer holds the lease.
     */
    async capturePage(
      organizationId: string,
      installId: string,
      owner: string,
      captures: readonly CapturedVersion[],
      checkpoint: SyncChanges,
      counts: PageCounts,
    ) {
      return db.transaction(async (tx) => {
        const held = await updateHeld(tx, organizationId, installId, owner, checkpoint, counts);
        if (!held) {
          throw new LeaseLostError('the sync lease passed to another node');
        }
        const rows = await createIntakeRepository(tx).insertMany(captures.map((capture) => capture.intake));
        if (captures.length > 0) {
          await tx
            .insert(appSyncVersions)
            .values(
              captures.map((capture) => ({
                organizationId,
                organizationAppId: installId,
                vendorOrderId: capture.intake.vendorOrderId as string,
                digest: capture.digest,
                intakeId: capture.intake.id,
              })),
            )
            .onConflictDoUpdate({
              target: [
                appSyncVersions.organizationId,
                appSyncVersions.organizationAppId,
                appSyncVersions.vendorOrderId,
              ],
              set: {
                digest: sql`excluded.digest`,
                intakeId: sql`excluded.intake_id`,
                capturedAt: sql`now()`,
              },
            });
        }
        return rows;
      });
    },

    /** Intake rows of the install still `received` (a crash between capture and promotion), oldest first. */
    async unpromoted(organizationId: string, installId: string, olderThanMs: number, limit: number) {
      return db
        .select()
        .from(orderIntake)
        .where(
          and(
            eq(orderIntake.organizationId, organizationId),
            eq(orderIntake.organizationAppId, installId),
            eq(orderIntake.status, 'received'),
            lte(orderIntake.receivedAt, sql`now() - ${olderThanMs} * interval '1 millisecond'`),
          ),
        )
        .orderBy(orderIntake.receivedAt, orderIntake.id)
        .limit(limit);
    },

    /** The install's live orders by vendor order id (for removal checks after a complete pass). */
    async liveVendorOrders(organizationId: string, installId: string) {
      return db
        .select({ orderId: orders.id, vendorOrderId: orders.source_transaction_id })
        .from(orders)
        .where(
          and(
            eq(orders.organization_id, organizationId),
            eq(orders.source, installId),
            isNull(orders.deleted_at),
          ),
        );
    },
  };
}

export type SyncRepository = ReturnType<typeof createSyncRepository>;
