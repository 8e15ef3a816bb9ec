/** @module Per-install status mappings (`organization_app_status_mappings`): vendor status → canonical. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { organizationAppStatusMappings as mappings } from './schema.js';

export interface StatusMappingRow {
  vendorStatus: string;
  orderStatus: string | null;
  paymentStatus: string | null;
  fulfillmentStatus: string | null;
  updatedAt: Date;
}

const columns = {
  vendorStatus: mappings.vendorStatus,
  orderStatus: mappings.orderStatus,
  paymentStatus: mappings.paymentStatus,
  fulfillmentStatus: mappings.fulfillmentStatus,
  updatedAt: mappings.updatedAt,
};

export function createStatusMappingsRepository(db: Db) {
  return {
    async list(organizationId: string, installId: string): Promise<StatusMappingRow[]> {
      return db
        .select(columns)
        .from(mappings)
        .where(and(eq(mappings.organizationId, organizationId), eq(mappings.organizationAppId, installId)))
        .orderBy(asc(mappings.vendorStatus));
    },

    /** Replaces the install's whole set in one transaction (a PUT: what is not listed is removed). */
    async replaceAll(
      organizationId: string,
      installId: string,
      rows: ReadonlyArray<Omit<StatusMappingRow, 'updatedAt'>>,
      now: Date,
    ): Promise<StatusMappingRow[]> {
      return db.transaction(async (tx) => {
        await tx
          .delete(mappings)
          .where(and(eq(mappings.organizationId, organizationId), eq(mappings.organizationAppId, installId)));
        if (rows.length === 0) {
          return [];
        }
        return tx
          .insert(mappings)
          .values(
            rows.map((row) => ({ ...row, organizationId, organizationAppId: installId, updatedAt: now })),
          )
          .returning(columns);
      });
    },
  };
}

export type StatusMappingsRepository = ReturnType<typeof createStatusMappingsRepository>;
