/**
 * @module One pure normalizer per installable app, from a vendor-native payload to the ledger's fields.
 */
import type { AppSlug } from '../domain/app-catalog.js';
import { genericNormalizer } from './generic.js';
import type { NormalizeContext, NormalizedOrder } from './normalized-order.js';
import { omsNormalizer } from './oms.js';
import { orbitkitNormalizer } from './orbitkit.js';
import { sallaNormalizer } from './salla.js';
import { syncatyNormalizer } from './syncaty.js';

export interface SourceNormalizer {
  /** The vendor this normalizer reads (`salla`, `syncaty`…). */
  readonly source: string;
  /** Pure: the same payload and context always give the same order, or throw NormalizationError. */
  normalize(raw: unknown, context: NormalizeContext): NormalizedOrder;
}

/** The pure normalizer of each installable app (the catalog itself is `domain/app-catalog.ts`). */
export const NORMALIZERS: Record<AppSlug, SourceNormalizer> = {
  'salla-orders': sallaNormalizer,
  'syncaty-orders': syncatyNormalizer,
  'orbitkit-orders': orbitkitNormalizer,
  'oms-orders': omsNormalizer,
  'generic-orders': genericNormalizer,
};
