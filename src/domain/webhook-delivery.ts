/** @module Where a webhook delivery to a subscriber stands (docs/decisions/0040-webhook-deliveries.md). */

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'dead_lettered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
