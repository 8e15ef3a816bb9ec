/** @module How installs and intake rows look over HTTP (never the secret, never the payload). */

import { webhookPath } from '../../../domain/app-catalog.js';
import { formatTimestamp } from '../../../domain/clock.js';
import type { IntakeStatus } from '../../../domain/intake.js';
import type { Install } from '../../../storage/apps-repository.js';
import type { IntakeRow } from '../../../storage/intake-repository.js';

export function installView(install: Install) {
  return {
    id: install.id,
    app_slug: install.appSlug,
    name: install.name,
    destination_id: install.destinationId,
    store_name: install.storeName,
    config: install.config as Record<string, unknown>,
    webhook_url: webhookPath(install),
    created_at: formatTimestamp(install.createdAt),
  };
}

export function intakeView(row: IntakeRow) {
  return {
    id: row.id,
    status: row.status as IntakeStatus,
    error: row.error,
    vendor_order_id: row.vendorOrderId,
    order_id: row.orderId,
    channel: row.channel,
    event_type: row.eventType,
    attempts: row.attempts,
    received_at: formatTimestamp(row.receivedAt),
    processed_at: row.processedAt && formatTimestamp(row.processedAt),
  };
}
