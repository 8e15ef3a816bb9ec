/** @module Organizations, accounts and memberships. */
import { and, count, eq } from 'drizzle-orm';
import type { Executor } from './db.js';
import { accounts, memberships, organizations } from './schema.js';

export type Role = 'owner' | 'admin' | 'member';

export function createTenantsRepository(db: Executor) {
  return {
    async countOrganizations(): Promise<number> {
      const [row] = await db.select({ value: count() }).from(organizations);
      return row?.value ?? 0;
    },

    async insertOrganization(id: string, name: string): Promise<void> {
      await db.insert(organizations).values({ id, name });
    },

    async organizationExists(id: string): Promise<boolean> {
      const rows = await db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, id));
      return rows.length > 0;
    },

    async listOrganizations() {
      return db.select().from(organizations).orderBy(organizations.createdAt);
    },

    async insertAccount(id: string, email: string, name: string | null): Promise<void> {
      await db.insert(accounts).values({ id, email, name });
    },

    async findAccountByEmail(email: string) {
      const [row] = await db.select().from(accounts).where(eq(accounts.email, email));
      return row;
    },

    async findAccount(id: string) {
      const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
      return row;
    },

    async upsertMembership(organizationId: string, accountId: string, role: Role): Promise<void> {
      await db
        .insert(memberships)
        .values({ organizationId, accountId, role })
        .onConflictDoUpdate({ target: [memberships.organizationId, memberships.accountId], set: { role } });
    },

    async isMember(organizationId: string, accountId: string): Promise<boolean> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.accountId, accountId)));
      return rows.length > 0;
    },

    /** The account's role in the organization, or undefined when it is not a member. */
    async roleOf(organizationId: string, accountId: string): Promise<string | undefined> {
      const [row] = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.accountId, accountId)));
      return row?.role;
    },

    async findOwner(organizationId: string): Promise<string | undefined> {
      const [row] = await db
        .select({ accountId: memberships.accountId })
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner')))
        .orderBy(memberships.createdAt)
        .limit(1);
      return row?.accountId;
    },

    async listMembershipsOfAccount(accountId: string) {
      return db
        .select({
          organizationId: memberships.organizationId,
          role: memberships.role,
          name: organizations.name,
        })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(eq(memberships.accountId, accountId))
        .orderBy(organizations.name);
    },
  };
}

export type TenantsRepository = ReturnType<typeof createTenantsRepository>;
