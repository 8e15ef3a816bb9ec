/** @module Organizations, accounts, memberships, and the first-start bootstrap. */

import { sql } from 'drizzle-orm';
import { newId } from '../domain/ids.js';
import { SCOPES, type Tenant } from '../domain/tenant.js';
import { ApiError } from '../errors.js';
import { createApiKeysRepository } from '../storage/api-keys-repository.js';
import type { Db, Tx } from '../storage/db.js';
import { createTenantsRepository, type Role } from '../storage/tenants-repository.js';
import { createApiKeysService, type IssuedKey } from './api-keys-service.js';

const BOOTSTRAP_LOCK_KEY = 7_294_002;

export interface Bootstrapped {
  organizationId: string;
  accountId: string;
  key: IssuedKey;
  /** True when the key is the caller-provided `LINKIT_BOOTSTRAP_KEY`, so it must not be printed. */
  keyFromEnvironment: boolean;
}

export function createTenantsService(db: Db) {
  const tenants = createTenantsRepository(db);

  /** An organization with an owner account that is a member of it, and an all-scopes key. */
  async function insertOrganizationWithOwner(
    tx: Tx,
    name: string,
    ownerEmail: string,
    options: { keySecret?: string; keyName?: string } = {},
  ) {
    const txTenants = createTenantsRepository(tx);
    const organizationId = newId('org');
    await txTenants.insertOrganization(organizationId, name);
    const existing = await txTenants.findAccountByEmail(ownerEmail);
    const accountId = existing?.id ?? newId('acc');
    if (!existing) {
      await txTenants.insertAccount(accountId, ownerEmail, null);
    }
    await txTenants.upsertMembership(organizationId, accountId, 'owner');
    const key = await createApiKeysService({
      apiKeys: createApiKeysRepository(tx),
      tenants: txTenants,
    }).issue({
      organizationId,
      accountId,
      scopes: [...SCOPES],
      name: options.keyName ?? 'owner key',
      ...(options.keySecret ? { secret: options.keySecret } : {}),
    });
    return { organizationId, accountId, key };
  }

  return {
    createOrganizationWithOwner: (name: string, ownerEmail: string) =>
      db.transaction((tx) => insertOrganizationWithOwner(tx, name, ownerEmail)),

    /**
     * On an empty database, creates a default organization and an owner key: the given bootstrap key
     * when there is one (so automation can call the API at once), otherwise a fresh one to print.
     */
    async bootstrap(bootstrapKey: string | undefined): Promise<Bootstrapped | undefined> {
      return db.transaction(async (tx) => {
        // Several processes may start together on an empty database: only one bootstraps.
        await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
        if ((await createTenantsRepository(tx).countOrganizations()) > 0) {
          return undefined;
        }
        const created = await insertOrganizationWithOwner(tx, 'Default organization', 'owner@localhost', {
          keyName: 'bootstrap key',
          ...(bootstrapKey ? { keySecret: bootstrapKey } : {}),
        });
        return { ...created, keyFromEnvironment: Boolean(bootstrapKey) };
      });
    },

    /**
     * An organization created over the API (docs/decisions/0181-cli-against-a-running-service.md): the
     * caller, an owner where it acts, becomes its owner and reaches it with `X-Organization-ID`.
     */
    async createOrganization(tenant: Tenant, name: string) {
      if ((await tenants.roleOf(tenant.organizationId, tenant.accountId)) !== 'owner') {
        throw new ApiError('forbidden', 'INSUFFICIENT_ROLE', { required_role: 'owner' });
      }
      const id = newId('org');
      await db.transaction(async (tx) => {
        const txTenants = createTenantsRepository(tx);
        await txTenants.insertOrganization(id, name);
        await txTenants.upsertMembership(id, tenant.accountId, 'owner');
      });
      return { id, name, role: 'owner' as const };
    },

    async createAccount(email: string, name: string | null): Promise<string> {
      const id = newId('acc');
      await tenants.insertAccount(id, email, name);
      return id;
    },

    addMembership: (organizationId: string, accountId: string, role: Role) =>
      tenants.upsertMembership(organizationId, accountId, role),
    listOrganizations: () => tenants.listOrganizations(),
    findAccountByEmail: (email: string) => tenants.findAccountByEmail(email),
    organizationExists: (id: string) => tenants.organizationExists(id),
    ownerOf: (organizationId: string) => tenants.findOwner(organizationId),
    listMembershipsOfAccount: (accountId: string) => tenants.listMembershipsOfAccount(accountId),
  };
}

export type TenantsService = ReturnType<typeof createTenantsService>;
