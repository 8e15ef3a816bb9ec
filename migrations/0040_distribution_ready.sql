-- Ready to shard by organization (docs/decisions/0220-distribution-by-organization.md): keys of tenant
-- tables lead with organization_id and no foreign key points from a reference table into tenant data.
-- Nothing is deleted or rewritten.
--
-- api_keys is a reference table (a key is found by its hash before its organization is known); a
-- reference table can't reference a distributed one (organizations), so the key's organization is
-- checked by the code that issues keys (every issuer takes an organization it has just read).
ALTER TABLE "api_keys" DROP CONSTRAINT IF EXISTS "api_keys_organization_id_organizations_id_fk";
--> statement-breakpoint
-- Inbound vendor webhooks name only the install id: a plain index keeps that lookup fast. The id's
-- global uniqueness came from a unique index on the id alone, which a sharded table can't enforce;
-- install ids are random (newId), and (organization_id, id) stays the primary key.
CREATE INDEX "organization_apps_install_idx" ON "organization_apps" USING btree ("id");
--> statement-breakpoint
DROP INDEX "organization_apps_id_idx";
