/**
 * @module The catalog of installable order sources. Each app slug names one pure normalizer from a
 * vendor-native payload to the ledger's fields and the webhook signature scheme its deliveries use.
 */
import { genericNormalizer } from './generic.js';
import type { NormalizeContext, NormalizedOrder } from './normalized-order.js';
import { omsNormalizer } from './oms.js';
import { orbitkitNormalizer } from './orbitkit.js';
import { sallaNormalizer } from './salla.js';
import { syncatyNormalizer } from './syncaty.js';

export const APP_SLUGS = [
  'salla-orders',
  'syncaty-orders',
  'orbitkit-orders',
  'oms-orders',
  'generic-orders',
] as const;
export type AppSlug = (typeof APP_SLUGS)[number];

export function isAppSlug(value: string): value is AppSlug {
  return (APP_SLUGS as readonly string[]).includes(value);
}

export interface SourceNormalizer {
  /** The vendor this normalizer reads (`salla`, `syncaty`…). */
  readonly source: string;
  /** Pure: the same payload and context always give the same order, or throw NormalizationError. */
  normalize(raw: unknown, context: NormalizeContext): NormalizedOrder;
  /**
   * The orders of one of the vendor's documented list pages sent as is (Salla `{status, success, data:
   * [...]}`); null when the payload is not a list page.
   */
  pageOrders?(payload: unknown): unknown[] | null;
}

/**
 * How a vendor signs webhook deliveries: Salla's own header, or Standard Webhooks for sources whose
 * deliveries we define ourselves (docs/decisions/0032-webhook-signatures.md).
 */
export type WebhookScheme = 'salla' | 'standard-webhooks';

export interface CatalogEntry {
  normalizer: SourceNormalizer;
  webhookScheme: WebhookScheme;
}

export const APP_CATALOG: Record<AppSlug, CatalogEntry> = {
  'salla-orders': { normalizer: sallaNormalizer, webhookScheme: 'salla' },
  'syncaty-orders': { normalizer: syncatyNormalizer, webhookScheme: 'standard-webhooks' },
  'orbitkit-orders': { normalizer: orbitkitNormalizer, webhookScheme: 'standard-webhooks' },
  'oms-orders': { normalizer: omsNormalizer, webhookScheme: 'standard-webhooks' },
  'generic-orders': { normalizer: genericNormalizer, webhookScheme: 'standard-webhooks' },
};
