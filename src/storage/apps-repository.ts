/** @module Installed apps (`organization_apps`): the install id is an order's `source`. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from './db.js';
import { organizationApps } from './schema.js';

export function createAppsRepository(db: Executor) {
  return {
    /** A live install of this organization, or undefined (other tenants' installs are invisible). */
    async findInstall(organizationId: string, installId: string) {
      const [row] = await db
        .select()
        .from(organizationApps)
        .where(
          and(
            eq(organizationApps.organizationId, organizationId),
            eq(organizationApps.id, installId),
            isNull(organizationApps.deletedAt),
          ),
        );
      return row;
    },

    /** A live install by id alone: webhook deliveries name the install before any tenant is known. */
    async findInstallById(installId: string) {
      const [row] = await db
        .select()
        .from(organizationApps)
        .where(and(eq(organizationApps.id, installId), isNull(organizationApps.deletedAt)));
      return row;
    },

    /** Inserts an install; `alongside` writes in the same transaction (its failure keeps neither). */
    async insertInstall(
      install: typeof organizationApps.$inferInsert,
      alongside?: (executor: Executor) => Promise<void>,
    ) {
      if (!alongside) {
        const [row] = await db.insert(organizationApps).values(install).returning();
        return row as Install;
      }
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(organizationApps).values(install).returning();
        await alongside(tx);
        return row as Install;
      });
    },

    async listInstalls(organizationId: string) {
      return db
        .select()
        .from(organizationApps)
        .where(and(eq(organizationApps.organizationId, organizationId), isNull(organizationApps.deletedAt)))
        .orderBy(asc(organizationApps.createdAt), asc(organizationApps.id));
    },

    /** Changes a live install; undefined when there is none of that id in the organization. */
    async updateInstall(
      organizationId: string,
      installId: string,
      changes: Partial<Pick<Install, 'name' | 'destinationId' | 'storeName' | 'config' | 'deletedAt'>>,
    ) {
      const [row] = await db
        .update(organizationApps)
        .set(changes)
        .where(
          and(
            eq(organizationApps.organizationId, organizationId),
            eq(organizationApps.id, installId),
            isNull(organizationApps.deletedAt),
          ),
        )
        .returning();
      return row;
    },
  };
}

export type Install = typeof organizationApps.$inferSelect;

export type AppsRepository = ReturnType<typeof createAppsRepository>;
