-- The intake quota (docs/decisions/0200-slow-and-greedy-clients.md) counts an organization's captures
-- that are not in the ledger (received or failed) before each API batch: a small partial index, since
-- promoted rows, the vast majority, never count.
CREATE INDEX "order_intake_backlog_idx" ON "order_intake" ("organization_id") WHERE "status" IN ('received', 'failed');
