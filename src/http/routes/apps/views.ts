/**
 * @module How installs and intake rows look over HTTP (never the secret, never the payload). The view
 * types are the response schemas' own; what goes in is whatever the services return.
 */
import type { Static } from '@sinclair/typebox';
import { webhookPath } from '../../../domain/app-catalog.js';
import { formatTimestamp } from '../../../domain/clock.js';
import type { IntakeStatus } from '../../../domain/intake.js';
import type { AppsService } from '../../../services/apps-service.js';
import type { IntakeFeed } from '../../../services/intake-service.js';
import type { InstallView, IntakeItem } from '../../schemas/apps.js';

type Install = Awaited<ReturnType<AppsService['get']>>;
type IntakeRow = Awaited<ReturnType<IntakeFeed['retry']>>;

export function installView(install: Install): Static<typeof InstallView> {
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

export function intakeView(row: IntakeRow): Static<typeof IntakeItem> {
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
