CREATE TABLE "stock_levels" (
	"organization_id" text NOT NULL REFERENCES "organizations"("id"),
	"sku" text NOT NULL,
	"location_id" text NOT NULL DEFAULT '',
	"on_hand" integer NOT NULL DEFAULT 0,
	"reserved" integer NOT NULL DEFAULT 0,
	"low_stock_threshold" integer,
	"updated_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "stock_levels_pk" PRIMARY KEY("organization_id","sku","location_id"),
	CONSTRAINT "stock_levels_reserved_check" CHECK ("reserved" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"organization_id" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"order_id" text NOT NULL,
	"order_version" integer NOT NULL,
	"sku" text NOT NULL,
	"location_id" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_movements_pk" PRIMARY KEY("organization_id","seq")
);
--> statement-breakpoint
CREATE INDEX "stock_movements_order_idx" ON "stock_movements" USING btree ("organization_id","order_id","seq");
