/** @module Every identifier the service mints comes from here, so their shapes stay consistent. */
import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * 16 random hex digits (64 bits from the CSPRNG). Bytes are drawn 4 KiB at a time: a bulk create mints
 * a thousand ids, and one system call per id cost more than formatting them.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomHex16(): string {
  if (poolOffset + 8 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 8;
  return pool.toString('hex', poolOffset - 8, poolOffset);
}

/** Order ids look like the contract's examples: `r` followed by 16 hex digits. */
export function newOrderId(): string {
  return `r${randomHex16()}`;
}

/** Other records get a readable prefix (`org_`, `acc_`, `key_`, `app_`…) and 16 hex digits. */
export function newId(prefix: 'org' | 'acc' | 'key' | 'app' | 'evt' | 'int' | 'whk' | 'dlv' | 'run'): string {
  return `${prefix}_${randomHex16()}`;
}

/** API keys are shown once; only their SHA-256 is stored. `lk_` and 24 random bytes in base64url (32 characters). */
export function newApiKeySecret(): string {
  return `lk_${randomBytes(24).toString('base64url')}`;
}

/** The contract's order ids: used to tell "not an order id at all" from "no such order". */
export const ORDER_ID_PATTERN = '^r[0-9a-f]{16}$';
