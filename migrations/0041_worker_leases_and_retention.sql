-- Background work across nodes and retention (docs/decisions/0223-background-work.md, 0224-retention.md).
--
-- One row per service-wide job: a node runs the job only while it holds the row's lease, and only once
-- `next_run_at` has come, so N worker nodes run a sweep once per interval between them. A lease that
-- outlives its holder (a killed node) simply expires. A reference table: not tenant data.
CREATE TABLE "worker_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text,
	"expires_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_result" jsonb
);
--> statement-breakpoint
-- Retention sweeps find old rows by time. These tables are appended in time order, so BRIN indexes
-- (a few pages, next to nothing per insert) narrow the sweep to the old block ranges.
CREATE INDEX "order_events_occurred_brin" ON "order_events" USING brin ("occurred_at");
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_created_brin" ON "webhook_deliveries" USING brin ("created_at");
--> statement-breakpoint
CREATE INDEX "order_intake_received_brin" ON "order_intake" USING brin ("received_at");
