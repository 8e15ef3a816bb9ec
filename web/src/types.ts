/**
 * @module Shapes of the API answers the dashboard reads: derived from the very TypeBox schemas that
 * validate and serialize them on the server (type-only imports, erased from the bundle), so the page
 * cannot drift from the API.
 */
import type { Static } from '@sinclair/typebox';
import type {
  ProductLinePayload,
  ShippingAddressPayload,
  UnifiedOrderPayload,
} from '../../src/domain/order-payload.js';
import type {
  InstallView,
  IntakeItem as IntakeItemSchema,
  StatusMappingsResponse,
} from '../../src/http/schemas/apps.js';
import type { OrderSnapshotEnvelope, OrdersListedEnvelope } from '../../src/http/schemas/envelope.js';
import type { BulkResponse, OrderHistoryResponse } from '../../src/http/schemas/order-writes.js';
import type { MeResponse } from '../../src/http/schemas/session.js';
import type { SyncView } from '../../src/http/schemas/sync.js';
import type {
  WebhookDelivery as WebhookDeliverySchema,
  WebhookSubscription as WebhookSubscriptionSchema,
} from '../../src/http/schemas/webhook.js';

export type ProductLine = Static<typeof ProductLinePayload>;
export type ShippingAddress = Static<typeof ShippingAddressPayload>;
export type Order = Static<typeof UnifiedOrderPayload>;
export type OrderSnapshot = Static<typeof OrderSnapshotEnvelope>;
export type OrdersListed = Static<typeof OrdersListedEnvelope>;
export type OrderHistory = Static<typeof OrderHistoryResponse>;
export type BulkResult = Static<typeof BulkResponse>['data'];
export type Me = Static<typeof MeResponse>['data'];
export type Install = Static<typeof InstallView>;
export type IntakeItem = Static<typeof IntakeItemSchema>;
export type WebhookSubscription = Static<typeof WebhookSubscriptionSchema>;
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
export type SyncState = Static<typeof SyncView>;
export type StatusMapping = Static<typeof StatusMappingsResponse>['data'][number];
