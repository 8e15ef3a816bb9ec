-- Bulk create (docs/decisions/0026-ledger-version-once-per-transaction.md): the ledger version moved once
-- per written row, so a 1,000-order insert queued 1,000 updates of one row at commit. One move per
-- transaction is all a reader can tell apart (a count is exact while no write committed since), so the
-- deferred trigger still fires per row but the first firing of a transaction moves the version and
-- the rest see that transaction's id in `bumped_by` and change nothing.
ALTER TABLE "order_ledger_versions" ADD COLUMN "bumped_by" xid8;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION orders_bump_ledger_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO order_ledger_versions AS v (organization_id, version, bumped_by)
	VALUES (coalesce(NEW.organization_id, OLD.organization_id), 1, pg_current_xact_id())
	ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1, bumped_by = excluded.bumped_by
	WHERE v.bumped_by IS DISTINCT FROM excluded.bumped_by;
	RETURN NULL;
END
$$;
