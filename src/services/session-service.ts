/** @module Who a request's key is: its account, the organization it acts in, and where it may switch. */
import type { Tenant } from '../domain/tenant.js';
import type { TenantsRepository } from '../storage/tenants-repository.js';

export interface OrganizationMembership {
  id: string;
  name: string;
  role: string;
}

export interface CallerDescription {
  account: { id: string; email: string | null; name: string | null };
  api_key: { id: string; scopes: string[] };
  organization: OrganizationMembership;
  organizations: OrganizationMembership[];
}

export function createSessionService(deps: { tenants: TenantsRepository }) {
  const { tenants } = deps;
  return {
    async describe(tenant: Tenant): Promise<CallerDescription> {
      const [account, memberships] = await Promise.all([
        tenants.findAccount(tenant.accountId),
        tenants.listMembershipsOfAccount(tenant.accountId),
      ]);
      const organizations = memberships.map((membership) => ({
        id: membership.organizationId,
        name: membership.name,
        role: membership.role,
      }));
      // Authentication already proved the caller may act here; a key's own organization is listed even
      // if its account's membership there was removed, so the page never loses the org it is showing.
      const current = organizations.find((organization) => organization.id === tenant.organizationId) ?? {
        id: tenant.organizationId,
        name: tenant.organizationId,
        role: 'member',
      };
      if (!organizations.includes(current)) {
        organizations.unshift(current);
      }
      return {
        account: { id: tenant.accountId, email: account?.email ?? null, name: account?.name ?? null },
        api_key: { id: tenant.apiKeyId, scopes: [...tenant.scopes] },
        organization: current,
        organizations,
      };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
