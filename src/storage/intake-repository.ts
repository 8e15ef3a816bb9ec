/**
 * @module The intake feed (`order_intake`): every vendor payload as received, and what became of it.
 * Every method takes the organization first.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from './db.js';
import { orderIntake } from './schema.js';

export type IntakeRow = typeof orderIntake.$inferSelect;
export type NewIntakeRow = typeof orderIntake.$inferInsert;

/** What a promotion attempt concluded. */
export interface IntakeOutcome {
  status: string;
  error: string | null;
  orderId: string | null;
  vendorOrderId: string | null;
}

function filter(organizationId: string, installId: string, status: string | undefined) {
  return and(
    eq(orderIntake.organizationId, organizationId),
    eq(orderIntake.organizationAppId, installId),
    status === undefined ? undefined : eq(orderIntake.status, status),
  );
}

export function createIntakeRepository(db: Executor) {
  return {
    /** Stores captures in one statement; they are durable once this returns outside a transaction. */
    async insertMany(rows: readonly NewIntakeRow[]): Promise<IntakeRow[]> {
      return rows.length === 0
        ? []
        : db
            .insert(orderIntake)
            .values([...rows])
            .returning();
    },

    /** Captures of the organization not in the ledger: received (not yet promoted) or failed. */
    async countBacklog(organizationId: string): Promise<number> {
      const [row] = await db
        .select({ value: count() })
        .from(orderIntake)
        .where(
          and(
            eq(orderIntake.organizationId, organizationId),
            sql`${orderIntake.status} in ('received', 'failed')`,
          ),
        );
      return row?.value ?? 0;
    },

    async find(organizationId: string, installId: string, id: string): Promise<IntakeRow | undefined> {
      const [row] = await db
        .select()
        .from(orderIntake)
        .where(and(filter(organizationId, installId, undefined), eq(orderIntake.id, id)));
      return row;
    },

    async list(
      organizationId: string,
      installId: string,
      query: { status?: string | undefined; limit: number; offset: number },
    ): Promise<IntakeRow[]> {
      return db
        .select()
        .from(orderIntake)
        .where(filter(organizationId, installId, query.status))
        .orderBy(desc(orderIntake.receivedAt), desc(orderIntake.id))
        .limit(query.limit)
        .offset(query.offset);
    },

    async count(organizationId: string, installId: string, status: string | undefined): Promise<number> {
      const [row] = await db
        .select({ value: count() })
        .from(orderIntake)
        .where(filter(organizationId, installId, status));
      return row?.value ?? 0;
    },

    /** Records an attempt's outcome and counts the attempt. */
    async recordOutcome(
      organizationId: string,
      id: string,
      outcome: IntakeOutcome,
      at: Date,
    ): Promise<IntakeRow> {
      const [row] = await db
        .update(orderIntake)
        .set({
          status: outcome.status,
          error: outcome.error,
          orderId: outcome.orderId,
          vendorOrderId: outcome.vendorOrderId,
          processedAt: at,
          attempts: sql`${orderIntake.attempts} + 1`,
        })
        .where(and(eq(orderIntake.organizationId, organizationId), eq(orderIntake.id, id)))
        .returning();
      return row as IntakeRow;
    },
  };
}

export type IntakeRepository = ReturnType<typeof createIntakeRepository>;
