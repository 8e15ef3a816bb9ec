/**
 * @module Entity tags of orders, derived from the order's version: every write bumps the version, so
 * two reads carry the same tag exactly when the stored order is the same. docs/decisions/0023-etags.md.
 */
import { validationFailed } from '../errors.js';

/** Strong tag (`"v3"`): If-Match needs strong comparison, and one version has one stored order. */
export function orderEtag(version: number): string {
  return `"v${version}"`;
}

/**
 * The versions an `If-Match` header accepts: undefined when there is no header or it is `*` (any
 * current order), else the listed versions. Tags that are weak or not ours match no version, so a
 * write carrying only those fails with 412 rather than going through unchecked.
 */
export function ifMatchVersions(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === '*') {
    return undefined;
  }
  const tags = header.split(',').map((tag) => tag.trim());
  if (tags.some((tag) => tag === '')) {
    throw validationFailed({ 'if-match': 'must be * or a comma-separated list of entity tags' });
  }
  return tags.flatMap((tag) => {
    const match = /^"v(\d{1,9})"$/.exec(tag);
    return match ? [Number(match[1])] : [];
  });
}
