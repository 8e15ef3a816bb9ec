/** Installs a catalog app in a tenant's organization the way the integrations layer records one. */
import { newId } from '../../src/domain/ids.js';
import { organizationApps } from '../../src/storage/schema.js';
import type { TestApp, TestTenant } from './app.js';

export async function installApp(app: TestApp, tenant: TestTenant, appSlug: string): Promise<string> {
  const id = newId('app');
  await app.database.db
    .insert(organizationApps)
    .values({ organizationId: tenant.organizationId, id, appSlug, name: appSlug });
  return id;
}
