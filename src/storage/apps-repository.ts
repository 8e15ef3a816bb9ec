/** @module Installed apps (`organization_apps`): the install id is an order's `source`. */
import { and, eq, isNull } from 'drizzle-orm';
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
  };
}

export type AppsRepository = ReturnType<typeof createAppsRepository>;
