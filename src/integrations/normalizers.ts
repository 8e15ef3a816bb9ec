/** @module The registry: one pure normalizer per installable app, keyed by the catalog's slugs. */
import type { AppSlug } from '../domain/app-catalog.js';
import { genericNormalizer } from './generic.js';
import { omsNormalizer } from './oms.js';
import { orbitkitNormalizer } from './orbitkit.js';
import { sallaNormalizer } from './salla.js';
import { shopifyNormalizer } from './shopify.js';
import type { SourceNormalizer } from './source-normalizer.js';
import { syncatyNormalizer } from './syncaty.js';
import { woocommerceNormalizer } from './woocommerce.js';
import { zidNormalizer } from './zid.js';

/** The pure normalizer of each installable app (the catalog itself is `domain/app-catalog.ts`). */
export const NORMALIZERS: Record<AppSlug, SourceNormalizer> = {
  'salla-orders': sallaNormalizer,
  'syncaty-orders': syncatyNormalizer,
  'orbitkit-orders': orbitkitNormalizer,
  'oms-orders': omsNormalizer,
  'generic-orders': genericNormalizer,
  'shopify-orders': shopifyNormalizer,
  'woocommerce-orders': woocommerceNormalizer,
  'zid-orders': zidNormalizer,
};
