CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"name" text,
	"account_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"organization_id" text NOT NULL,
	"account_id" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_organization_id_account_id_pk" PRIMARY KEY("organization_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "order_intake" (
	"organization_id" text NOT NULL,
	"id" text NOT NULL,
	"organization_app_id" text NOT NULL,
	"vendor_order_id" text,
	"payload" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"error" text,
	"order_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "order_intake_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"organization_id" text NOT NULL,
	"id" text NOT NULL,
	"order_seq" bigint NOT NULL,
	"order_number" text NOT NULL,
	"source" text NOT NULL,
	"app_slug" text,
	"source_reference" text,
	"source_transaction_id" text,
	"source_timestamp" timestamp with time zone,
	"destination_id" text,
	"destination_reference" text,
	"order_status" text NOT NULL,
	"fulfillment_status" text NOT NULL,
	"payment_status" text NOT NULL,
	"fulfillment_method" text,
	"payment_method" text,
	"currency" text NOT NULL,
	"total_amount" numeric NOT NULL,
	"discounts_amount" numeric,
	"vat_amount" numeric,
	"delivery_fee" numeric,
	"service_fee" numeric,
	"subtotal" numeric,
	"customer_name" text,
	"customer_phone" text,
	"customer_email" text,
	"receiver_name" text,
	"receiver_phone" text,
	"skus" text[] DEFAULT '{}'::text[] NOT NULL,
	"products" jsonb NOT NULL,
	"shipping_address" jsonb,
	"order_code" text,
	"order_type" text,
	"transport_type" text,
	"comment" text,
	"promised_for" timestamp with time zone,
	"is_preorder" boolean DEFAULT false NOT NULL,
	"store_name" text,
	"dispatch_routing" jsonb,
	"shipping_fulfillment" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"snapshot" text NOT NULL,
	CONSTRAINT "orders_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "organization_apps" (
	"organization_id" text NOT NULL,
	"id" text NOT NULL,
	"app_slug" text NOT NULL,
	"name" text,
	"destination_id" text,
	"store_name" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"webhook_secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "organization_apps_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"order_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake" ADD CONSTRAINT "order_intake_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_apps" ADD CONSTRAINT "organization_apps_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_organization_idx" ON "api_keys" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "memberships_account_idx" ON "memberships" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "order_intake_app_status_idx" ON "order_intake" USING btree ("organization_id","organization_app_id","status","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_order_seq_idx" ON "orders" USING btree ("organization_id","order_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_source_transaction_idx" ON "orders" USING btree ("organization_id","source","source_transaction_id") WHERE "orders"."source_transaction_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("organization_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "orders_status_created_idx" ON "orders" USING btree ("organization_id","order_status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "organization_apps_id_idx" ON "organization_apps" USING btree ("id");--> statement-breakpoint
CREATE INDEX "organization_apps_slug_idx" ON "organization_apps" USING btree ("organization_id","app_slug");