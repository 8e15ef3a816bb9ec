/**
 * @module The catalog of installable order sources: each app slug and the webhook signature scheme its
 * deliveries use. The pure normalizer of each app lives in `integrations/` (`NORMALIZERS`), keyed by
 * the same slugs, so the type checker refuses an app without one.
 */

export const APP_SLUGS = [
  'salla-orders',
  'syncaty-orders',
  'orbitkit-orders',
  'oms-orders',
  'generic-orders',
  'shopify-orders',
  'woocommerce-orders',
  'zid-orders',
] as const;
export type AppSlug = (typeof APP_SLUGS)[number];

export function isAppSlug(value: string): value is AppSlug {
  return (APP_SLUGS as readonly string[]).includes(value);
}

/**
 * How a vendor signs webhook deliveries: Salla's own header, or Standard Webhooks for sources whose
 * deliveries we define ourselves (docs/decisions/0032-webhook-signatures.md).
 */
export type WebhookScheme = 'salla' | 'standard-webhooks' | 'shopify' | 'woocommerce' | 'zid';

export const WEBHOOK_SCHEMES: Record<AppSlug, WebhookScheme> = {
  'salla-orders': 'salla',
  'syncaty-orders': 'standard-webhooks',
  'orbitkit-orders': 'standard-webhooks',
  'oms-orders': 'standard-webhooks',
  'generic-orders': 'standard-webhooks',
  'shopify-orders': 'shopify',
  'woocommerce-orders': 'woocommerce',
  'zid-orders': 'zid',
};

/** Where an install's vendor sends its webhooks (relative to the service's base URL). */
export function webhookPath(install: { appSlug: string; id: string }): string {
  return `/webhooks/${install.appSlug}/${install.id}`;
}
