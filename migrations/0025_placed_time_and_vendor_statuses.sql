-- Issue 19 (docs/decisions/0161-placed-time.md, 0162-vendor-statuses.md).
-- `source_timestamp` becomes the vendor's placed time; the time that orders an integration order's
-- versions moves beside it. Existing rows held the version time there: keep it as the version time.
ALTER TABLE "orders" ADD COLUMN "source_version_at" timestamptz;
--> statement-breakpoint
UPDATE "orders" SET "source_version_at" = "source_timestamp" WHERE "app_slug" IS NOT NULL;
--> statement-breakpoint
-- The vendor's own status as the merchant sees it: {code, name, parent_code}.
ALTER TABLE "orders" ADD COLUMN "source_status" jsonb;
--> statement-breakpoint
-- Sort and filter by placed time: the source's time, else when the order was entered in Linkit.
CREATE INDEX "orders_placed_idx" ON "orders" USING btree (
	"organization_id", (coalesce("source_timestamp", "created_at")) DESC NULLS FIRST, "id" DESC NULLS FIRST
) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "organization_app_status_mappings" (
	"organization_id" text NOT NULL REFERENCES "organizations" ("id"),
	"organization_app_id" text NOT NULL,
	"vendor_status" text NOT NULL,
	"order_status" text,
	"payment_status" text,
	"fulfillment_status" text,
	"updated_at" timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY ("organization_id", "organization_app_id", "vendor_status"),
	FOREIGN KEY ("organization_id", "organization_app_id") REFERENCES "organization_apps" ("organization_id", "id")
);
