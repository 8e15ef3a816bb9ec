/**
 * @module Secrets at rest: seals a secret with AES-256-GCM under the active key of a key ring, and opens
 * what any key of the ring sealed, so keys can be rotated without rewriting every row at once.
 *
 * A sealed value reads `sbx1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`. The `context` (e.g.
 * `app_credentials:app_…`) is authenticated but not stored: a sealed value copied into another row
 * does not open there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sbx1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The first key seals; every key opens. */
export interface SecretKeyRing {
  active: SecretKey;
  keys: ReadonlyMap<string, Buffer>;
}

export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws `SecretBoxError` when the value was not sealed by a key of the ring for this context. */
  open(sealed: string, context: string): string;
  isSealed(value: string): boolean;
  /**
   * The secret a column holds: opened when sealed, as is when it was stored before sealing (such values
   * are sealed by `storage/seal-stored-secrets.ts` at start).
   */
  reveal(stored: string, context: string): string;
  /** True when the value was sealed under a key other than the active one (rotate it). */
  isStale(sealed: string): boolean;
  /** How every value sealed under the active key begins: anything else is clear or stale. */
  readonly activePrefix: string;
}

export class SecretBoxError extends Error {}

/** Parses `id:base64url,id:base64url,…` (the first is the active key), as `LINKIT_SECRET_KEYS` holds it. */
export function parseSecretKeys(text: string): SecretKeyRing {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index): SecretKey => {
      const [id, encoded, ...rest] = part.split(':');
      if (!id || !encoded || rest.length > 0 || !KEY_ID.test(id)) {
        throw new SecretBoxError(`secret key ${index + 1}: expected "id:base64url-key"`);
      }
      const key = Buffer.from(encoded, 'base64url');
      if (key.length !== KEY_BYTES) {
        throw new SecretBoxError(`secret key ${id}: must be ${KEY_BYTES} bytes (got ${key.length})`);
      }
      return { id, key };
    });
  const [active] = entries;
  if (!active) {
    throw new SecretBoxError('no secret key given');
  }
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    if (keys.has(entry.id)) {
      throw new SecretBoxError(`secret key ${entry.id} is listed twice`);
    }
    keys.set(entry.id, entry.key);
  }
  return { active, keys };
}

/** A new key ring entry in the `id:base64url` form, for a first start or a rotation. */
export function generateSecretKey(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64url')}`;
}

export function createSecretBox(ring: SecretKeyRing): SecretBox {
  const parse = (sealed: string) => {
    const [prefix, keyId, body, ...rest] = sealed.split('.');
    if (prefix !== PREFIX || !keyId || !body || rest.length > 0) {
      throw new SecretBoxError('not a sealed secret');
    }
    return { keyId, bytes: Buffer.from(body, 'base64url') };
  };
  const box: SecretBox = {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', ring.active.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const body = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
      return `${PREFIX}.${ring.active.id}.${body}`;
    },
    open(sealed, context) {
      const { keyId, bytes } = parse(sealed);
      const key = ring.keys.get(keyId);
      if (!key) {
        throw new SecretBoxError(`sealed with key ${keyId}, which is not in the key ring`);
      }
      if (bytes.length < IV_BYTES + TAG_BYTES) {
        throw new SecretBoxError('sealed secret is truncated');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      try {
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        throw new SecretBoxError('sealed secret does not open with its key for this context');
      }
    },
    isSealed(value) {
      return value.startsWith(`${PREFIX}.`);
    },
    reveal(stored, context) {
      return box.isSealed(stored) ? box.open(stored, context) : stored;
    },
    isStale(sealed) {
      return parse(sealed).keyId !== ring.active.id;
    },
    activePrefix: `${PREFIX}.${ring.active.id}.`,
  };
  return box;
}

/** The row a sealed secret belongs to, authenticated with it (decision 0090): one name per column. */
export const SECRET_CONTEXTS = {
  installWebhookSecret: (installId: string) => `app_webhook_secret:${installId}`,
  installCredentials: (installId: string) => `app_credentials:${installId}`,
  /** `secret` and `previous_secret` share it: a rotation moves the sealed value from one to the other. */
  subscriptionSecret: (subscriptionId: string) => `webhook_secret:${subscriptionId}`,
  serviceSecret: (name: string) => `service_secret:${name}`,
} as const;
