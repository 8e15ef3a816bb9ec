-- The list endpoint: filter and sort indexes, the customer id of the source, trigram search, the
-- per-organization ledger version that keys the count cache, and service-wide secrets (cursor HMAC).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "source_customer_id" text;
--> statement-breakpoint
-- What `search` matches: buyer and external ids in one text, so one trigram index serves them all.
-- `||` over coalesce (not concat_ws, which is only stable) keeps it immutable and indexable.
CREATE FUNCTION orders_search_text(
	customer_name text, customer_email text, customer_phone text, source_reference text,
	source_transaction_id text, order_code text, order_number text
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(customer_name, '') || ' ' || coalesce(customer_email, '') || ' ' ||
		coalesce(customer_phone, '') || ' ' || coalesce(source_reference, '') || ' ' ||
		coalesce(source_transaction_id, '') || ' ' || coalesce(order_code, '') || ' ' ||
		coalesce(order_number, '')
$$;
--> statement-breakpoint
-- The line items' names as one text, for the `product` filter.
CREATE FUNCTION orders_product_names(products jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT jsonb_path_query_array(products, '$[*].name')::text
$$;
--> statement-breakpoint
CREATE INDEX "orders_search_idx" ON "orders" USING gin (
	"organization_id",
	orders_search_text("customer_name", "customer_email", "customer_phone", "source_reference",
		"source_transaction_id", "order_code", "order_number") gin_trgm_ops
) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_product_names_idx" ON "orders" USING gin (
	"organization_id", orders_product_names("products") gin_trgm_ops
) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_skus_idx" ON "orders" USING gin ("organization_id", "skus") WHERE "deleted_at" IS NULL;
--> statement-breakpoint
-- 0000 built the created-order indexes DESC NULLS LAST, which `ORDER BY created_at DESC` (NULLS FIRST)
-- can't walk in either direction: every newest-first page sorted the whole tenant. Rebuilt in the
-- default order, which serves both `-created` (forward) and `created` (backward).
DROP INDEX "orders_created_idx";
--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("organization_id", "created_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
DROP INDEX "orders_status_created_idx";
--> statement-breakpoint
CREATE INDEX "orders_status_created_idx" ON "orders" USING btree ("organization_id", "order_status", "created_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_updated_idx" ON "orders" USING btree ("organization_id", "updated_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_total_idx" ON "orders" USING btree ("organization_id", "total_amount" DESC, "id" DESC) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_customer_email_idx" ON "orders" USING btree ("organization_id", lower("customer_email")) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_customer_phone_idx" ON "orders" USING btree ("organization_id", "customer_phone") WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_source_customer_idx" ON "orders" USING btree ("organization_id", "source_customer_id") WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_destination_created_idx" ON "orders" USING btree ("organization_id", "destination_id", "created_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "orders_app_created_idx" ON "orders" USING btree ("organization_id", "app_slug", "created_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
-- Bumped in every transaction that writes orders: a count cached under version N is exact while the
-- organization's version is still N, in every process sharing this database.
CREATE TABLE "order_ledger_versions" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE FUNCTION orders_bump_ledger_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO order_ledger_versions AS v (organization_id, version)
	VALUES (coalesce(NEW.organization_id, OLD.organization_id), 1)
	ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Deferred to commit: the version row is locked last, after every order row the transaction touches,
-- so transactions that change several orders can't deadlock on it.
CREATE CONSTRAINT TRIGGER "orders_ledger_version" AFTER INSERT OR UPDATE OR DELETE ON "orders"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION orders_bump_ledger_version();
--> statement-breakpoint
-- Secrets every process of the service must share (e.g. the cursor signing key): made once, on first use.
CREATE TABLE "service_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Processes cache API key lookups; a change that can end a key's validity tells all of them at once.
CREATE FUNCTION api_keys_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('api_keys_changed', OLD.key_hash);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "api_keys_changed"
AFTER UPDATE OF "revoked_at", "expires_at", "scopes", "organization_id", "account_id", "key_hash" OR DELETE ON "api_keys"
FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();
