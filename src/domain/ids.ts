/** @module Every identifier the service mints comes from here, so their shapes stay consistent. */
import { randomBytes } from 'node:crypto';

/** Order ids look like the contract's examples: `r` followed by 16 hex digits. */
export function newOrderId(): string {
  return `r${randomBytes(8).toString('hex')}`;
}

/** Other records get a readable prefix (`org_`, `acc_`, `key_`, `app_`…) and 16 hex digits. */
export function newId(prefix: 'org' | 'acc' | 'key' | 'app' | 'evt' | 'int' | 'whk' | 'dlv'): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/** API keys are shown once; only their SHA-256 is stored. 32 random bytes in base64url. */
export function newApiKeySecret(): string {
  return `lk_${randomBytes(24).toString('base64url')}`;
}

/** The contract's order ids: used to tell "not an order id at all" from "no such order". */
export const ORDER_ID_PATTERN = '^r[0-9a-f]{16}$';
