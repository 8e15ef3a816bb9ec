/**
 * @module What every order source implements: a pure function from a vendor-native payload to the
 * ledger's fields. The registry of them by app slug is `normalizers.ts`.
 */
import type { NormalizeContext, NormalizedOrder } from './normalized-order.js';

export interface SourceNormalizer {
  /** The vendor this normalizer reads (`salla`, `syncaty`…). */
  readonly source: string;
  /** Pure: the same payload and context always give the same order, or throw NormalizationError. */
  normalize(raw: unknown, context: NormalizeContext): NormalizedOrder;
}
