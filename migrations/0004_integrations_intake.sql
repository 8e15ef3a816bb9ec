-- Intake rows say how they arrived (the API intake route or a signed webhook) and which vendor event
-- they carry, and count promotion attempts; see docs/decisions/0031-intake-feed.md.
ALTER TABLE "order_intake" ADD COLUMN "channel" text DEFAULT 'api' NOT NULL;
--> statement-breakpoint
ALTER TABLE "order_intake" ADD COLUMN "event_type" text;
--> statement-breakpoint
ALTER TABLE "order_intake" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE INDEX "order_intake_app_received_idx" ON "order_intake" USING btree ("organization_id","organization_app_id","received_at","id");
