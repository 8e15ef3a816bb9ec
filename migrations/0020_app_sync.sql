-- Pull connectors (docs/decisions/0140-pull-connectors.md): one row per install that can be pulled,
-- holding its sealed credentials, its schedule, the checkpoint of the run in progress (committed with
-- the orders it covers), the last outcome, and the lease that lets exactly one node sync it at a time.
CREATE TABLE "app_sync" (
	"organization_id" text NOT NULL REFERENCES "organizations"("id"),
	"organization_app_id" text NOT NULL,
	-- The vendor credentials as JSON, sealed by the secret box (context app_credentials:<install id>).
	"credentials" text,
	-- null: the vendor's production URL.
	"base_url" text,
	-- null: no schedule (only runs asked for).
	"schedule_seconds" integer DEFAULT 300,
	-- How far before the last complete run's start an incremental run re-reads.
	"overlap_seconds" integer DEFAULT 10800 NOT NULL,
	"state" text DEFAULT 'idle' NOT NULL,
	-- The run in progress (or interrupted: resumed from here).
	"run_id" text,
	"run_kind" text,
	"run_from" timestamptz,
	"run_started_at" timestamptz,
	"run_phase" text,
	"run_position" jsonb,
	"run_resumed" boolean DEFAULT false NOT NULL,
	"run_pages" integer DEFAULT 0 NOT NULL,
	"run_fetched" integer DEFAULT 0 NOT NULL,
	"run_captured" integer DEFAULT 0 NOT NULL,
	"run_promoted" integer DEFAULT 0 NOT NULL,
	"run_failed" integer DEFAULT 0 NOT NULL,
	"run_removed" integer DEFAULT 0 NOT NULL,
	"run_total" integer,
	-- A run asked for (POST …/sync) and not yet started: from null is incremental.
	"requested_at" timestamptz,
	"requested_from" timestamptz,
	-- The start of the last complete run: the next incremental run reads from here minus the overlap.
	"checkpoint" timestamptz,
	"last_success_at" timestamptz,
	"last_error" text,
	"last_error_at" timestamptz,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"retry_at" timestamptz,
	"next_run_at" timestamptz,
	"lease_owner" text,
	"lease_until" timestamptz,
	"updated_at" timestamptz DEFAULT now() NOT NULL,
	CONSTRAINT "app_sync_pk" PRIMARY KEY("organization_id","organization_app_id"),
	CONSTRAINT "app_sync_install_fk" FOREIGN KEY ("organization_id","organization_app_id")
		REFERENCES "organization_apps"("organization_id","id")
);
--> statement-breakpoint
CREATE INDEX "app_sync_due_idx" ON "app_sync" USING btree ("next_run_at");
--> statement-breakpoint
-- Intake identity of pulled orders: the fingerprint of the version last captured per vendor order, so a
-- re-read of an unchanged order stores nothing and calls no details endpoint.
CREATE TABLE "app_sync_versions" (
	"organization_id" text NOT NULL,
	"organization_app_id" text NOT NULL,
	"vendor_order_id" text NOT NULL,
	"digest" text NOT NULL,
	"intake_id" text NOT NULL,
	"captured_at" timestamptz DEFAULT now() NOT NULL,
	CONSTRAINT "app_sync_versions_pk" PRIMARY KEY("organization_id","organization_app_id","vendor_order_id")
);
