/** @module What happened to an order, and who did it. */
import { STATUS_FIELDS } from './order-status.js';

export const ORDER_EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.status_changed',
  'order.deleted',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** Who made a change: an API key (and its account), or an installed app's integration. */
export interface Actor {
  organizationId: string;
  apiKeyId?: string | null;
  accountId?: string | null;
  appId?: string | null;
}

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface NewOrderEvent {
  organization_id: string;
  id: string;
  order_id: string;
  organization_app_id: string | null;
  app_slug: string | null;
  event_type: OrderEventType;
  occurred_at: Date;
  order_version: number;
  actor_api_key_id: string | null;
  actor_account_id: string | null;
  actor_app_id: string | null;
  changes: FieldChanges | null;
  snapshot: string;
}

/**
 * The event type of a change, for every writer (API, bulk, intake): `order.status_changed` when a
 * status field changed and nothing else did but `source_timestamp` (the source's clock of that status
 * change: a vendor's status update always moves it), else `order.updated`. Decision 0102.
 */
export function changeEventType(changes: FieldChanges): OrderEventType {
  const fields = Object.keys(changes);
  const isStatus = (field: string) => (STATUS_FIELDS as readonly string[]).includes(field);
  return fields.some(isStatus) && fields.every((field) => isStatus(field) || field === 'source_timestamp')
    ? 'order.status_changed'
    : 'order.updated';
}
