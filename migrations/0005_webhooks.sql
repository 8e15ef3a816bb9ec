CREATE TABLE "webhook_subscriptions" (
	"organization_id" text NOT NULL REFERENCES "organizations"("id"),
	"id" text NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_subscriptions_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_active_idx" ON "webhook_subscriptions" USING btree ("organization_id") WHERE "active";
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"organization_id" text NOT NULL,
	"id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"event_seq" bigint NOT NULL,
	"event_id" text NOT NULL,
	"order_id" text NOT NULL,
	"event_type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_latency_ms" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "webhook_deliveries_subscription_fk" FOREIGN KEY ("organization_id","subscription_id")
		REFERENCES "webhook_subscriptions"("organization_id","id") ON DELETE CASCADE
);
--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("organization_id","subscription_id","event_seq");
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_order_pending_idx" ON "webhook_deliveries" USING btree ("organization_id","subscription_id","order_id","event_seq") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at","event_seq") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE TABLE "webhook_delivery_attempts" (
	"organization_id" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"delivery_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"error" text,
	CONSTRAINT "webhook_delivery_attempts_organization_id_seq_pk" PRIMARY KEY("organization_id","seq"),
	CONSTRAINT "webhook_delivery_attempts_delivery_fk" FOREIGN KEY ("organization_id","delivery_id")
		REFERENCES "webhook_deliveries"("organization_id","id") ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX "webhook_delivery_attempts_delivery_idx" ON "webhook_delivery_attempts" USING btree ("organization_id","delivery_id","seq");
--> statement-breakpoint
-- Fan-out in the writing transaction: every order_events insert (any code path) creates one pending
-- delivery per active subscription of the organization that wants that event type, so an
-- acknowledged write always has its deliveries and a rolled-back one never does
-- (docs/decisions/0040-webhook-deliveries.md). The notification only wakes dispatchers early.
CREATE FUNCTION "webhook_fan_out"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO webhook_deliveries (organization_id, id, subscription_id, event_seq, event_id, order_id, event_type)
	SELECT e.organization_id, 'dlv_' || substr(md5(gen_random_uuid()::text), 1, 16), s.id, e.seq, e.id, e.order_id, e.event_type
	FROM new_events e
	JOIN webhook_subscriptions s ON s.organization_id = e.organization_id AND s.active
	WHERE '*' = ANY (s.events) OR e.event_type = ANY (s.events);
	IF FOUND THEN
		PERFORM pg_notify('webhook_deliveries', '');
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "order_events_webhook_fan_out" AFTER INSERT ON "order_events"
	REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "webhook_fan_out"();
