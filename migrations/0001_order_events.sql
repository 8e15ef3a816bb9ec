CREATE TABLE "order_events" (
	"organization_id" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"id" text NOT NULL,
	"order_id" text NOT NULL,
	"organization_app_id" text,
	"app_slug" text,
	"event_type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"order_version" integer NOT NULL,
	"actor_api_key_id" text,
	"actor_account_id" text,
	"actor_app_id" text,
	"changes" jsonb,
	"snapshot" text NOT NULL,
	CONSTRAINT "order_events_organization_id_seq_pk" PRIMARY KEY("organization_id","seq")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "order_events_id_idx" ON "order_events" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("organization_id","order_id","seq");
