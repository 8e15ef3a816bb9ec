/**
 * @module Where an order came from, as a merchant names it: the marketplace's name and the install's
 * label ("Salla · Main store"), never a slug or an install id.
 */
import type { AppSlug } from '../../src/domain/app-catalog';
import { type MessageKey, t } from './i18n';
import type { Install, OrderSnapshot } from './types';
import { useResource } from './use-resource';

/** Typed by the server's catalog: a new app without a name here does not compile. */
export const MARKETPLACES: Record<AppSlug, { name: string; kind: MessageKey }> = {
  'salla-orders': { name: 'Salla', kind: 'store' },
  'syncaty-orders': { name: 'Syncaty', kind: 'point of sale' },
  'orbitkit-orders': { name: 'OrbitKit', kind: 'store' },
  'oms-orders': { name: 'OMS', kind: 'order system' },
  'shopify-orders': { name: 'Shopify', kind: 'store' },
  'woocommerce-orders': { name: 'WooCommerce', kind: 'store' },
  'zid-orders': { name: 'Zid', kind: 'store' },
  'generic-orders': { name: 'Generic', kind: 'integration' },
};

export function marketplaceName(slug: string): string {
  return (MARKETPLACES as Record<string, { name: string }>)[slug]?.name ?? slug;
}

/** "Salla store «Main store»": the wording of history sentences. */
export function installActor(install: Install | undefined, appId: string): string {
  if (!install) {
    return t('an app that was removed');
  }
  const entry = (MARKETPLACES as Record<string, { name: string; kind: MessageKey }>)[install.app_slug];
  const label = install.name ?? install.store_name;
  const what = entry
    ? t('{marketplace} {kind}', { marketplace: entry.name, kind: t(entry.kind) })
    : install.app_slug;
  return label ? `${what} «${label}»` : what || appId;
}

/** "Salla · Main store" for a list cell; "Entered by hand" / "Sent through the API". */
export function sourceLabel(
  snapshot: Pick<OrderSnapshot, 'app_slug' | 'organization_app_id'> & {
    order: { source_reference?: string | null };
  },
  installs: ReadonlyMap<string, Install>,
): string {
  if (!snapshot.app_slug || !snapshot.organization_app_id) {
    return t('Manual or API');
  }
  const install = installs.get(snapshot.organization_app_id);
  const label = install?.name ?? install?.store_name;
  const name = marketplaceName(snapshot.app_slug);
  return label ? `${name} · ${label}` : name;
}

/** Every install of the organization, by id (one cached, conditional GET shared by the pages). */
export function useInstalls(): {
  installs: ReadonlyMap<string, Install>;
  list: Install[] | null;
  reload: () => Promise<void>;
} {
  const resource = useResource<{ data: Install[] }>('/apps');
  const list = resource.data?.data ?? null;
  return {
    installs: new Map((list ?? []).map((install) => [install.id, install])),
    list,
    reload: () => resource.reload(),
  };
}
