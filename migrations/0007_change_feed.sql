-- The change feed (docs/decisions/0061-change-feed.md): each event remembers the transaction that wrote
-- it, so a reader can serve only events of transactions older than every one still in flight, in
-- (txid, seq) order, and a cursor never passes an event that commits late.
ALTER TABLE "order_events" ADD COLUMN "txid" xid8 NOT NULL DEFAULT pg_current_xact_id();
--> statement-breakpoint
CREATE INDEX "order_events_feed_idx" ON "order_events" USING btree ("organization_id", "txid", "seq");
