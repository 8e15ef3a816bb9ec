/**
 * @module How every table would be placed on a distributed PostgreSQL (Citus) sharded by organization
 * (docs/decisions/0220-distribution-by-organization.md, docs/deploy.md). Tenant tables are distributed by
 * their organization column and colocated; reference tables are copied to every node. The catalog test
 * (test/storage/distribution-readiness.test.ts) checks the migrated schema against this map, so a new
 * table must be placed here and a key that does not lead with the organization cannot land.
 */

export type Placement =
  /** Distributed by this column (the organization id), colocated with every other tenant table. */
  | { kind: 'distributed'; column: string }
  /** Copied to every node: small, looked up without an organization, written rarely. */
  | { kind: 'reference'; why: string };

const byOrganization: Placement = { kind: 'distributed', column: 'organization_id' };

export const TABLE_PLACEMENT: Readonly<Record<string, Placement>> = {
  // The tenant root: its own id is the organization id.
  organizations: { kind: 'distributed', column: 'id' },
  memberships: byOrganization,
  orders: byOrganization,
  order_events: byOrganization,
  order_ledger_versions: byOrganization,
  order_intake: byOrganization,
  organization_apps: byOrganization,
  organization_app_status_mappings: byOrganization,
  app_sync: byOrganization,
  app_sync_versions: byOrganization,
  idempotency_keys: byOrganization,
  webhook_subscriptions: byOrganization,
  webhook_deliveries: byOrganization,
  webhook_delivery_attempts: byOrganization,
  stock_levels: byOrganization,
  stock_movements: byOrganization,
  accounts: {
    kind: 'reference',
    why: 'a person may belong to several organizations; found by email at sign-up and by id from a key',
  },
  api_keys: {
    kind: 'reference',
    why: 'every request is authenticated by the key hash before its organization is known',
  },
  service_secrets: { kind: 'reference', why: 'service-wide secrets (cursor signing), not tenant data' },
  worker_leases: { kind: 'reference', why: 'leases of service-wide background jobs, not tenant data' },
  schema_migrations: { kind: 'reference', why: 'the migration ledger of the whole database' },
};
