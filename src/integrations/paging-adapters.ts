/** @module The paging adapter of each app that can be pulled, by app slug (apps without one are push-only). */
import type { AppSlug } from '../domain/app-catalog.js';
import { omsPaging } from './oms-paging.js';
import { orbitkitPaging } from './orbitkit-paging.js';
import type { PagingAdapter } from './paging-adapter.js';
import { sallaPaging } from './salla-paging.js';
import { shopifyPaging } from './shopify-paging.js';
import { syncatyPaging } from './syncaty-paging.js';
import { woocommercePaging } from './woocommerce-paging.js';
import { zidPaging } from './zid-paging.js';

// Each adapter keeps its own position type; the engine only stores it and hands it back.
export const PAGING_ADAPTERS: Readonly<Partial<Record<AppSlug, PagingAdapter<unknown>>>> = {
  'salla-orders': sallaPaging,
  'syncaty-orders': syncatyPaging,
  'orbitkit-orders': orbitkitPaging,
  'oms-orders': omsPaging,
  'shopify-orders': shopifyPaging,
  'woocommerce-orders': woocommercePaging,
  'zid-orders': zidPaging,
};

export function pagingAdapterFor(appSlug: string): PagingAdapter<unknown> | null {
  return PAGING_ADAPTERS[appSlug as AppSlug] ?? null;
}
