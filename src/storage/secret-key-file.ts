/**
 * @module Where the secret key ring comes from: `LINKIT_SECRET_KEYS` when set (every node of a
 * deployment must share it), else a key file kept with the data (`<DATA_DIR>/secret-keys`), created on
 * first start so `npm start` on a fresh machine needs no setup. Decision 0090.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecretKey, parseSecretKeys, type SecretKeyRing } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret-keys';

export interface SecretKeySource {
  /** `LINKIT_SECRET_KEYS`: `id:base64url,…`, the first one active. */
  secretKeys: string | undefined;
  dataDir: string;
}

export interface LoadedKeyRing {
  ring: SecretKeyRing;
  /** Where it came from, for the start-up log line. */
  origin: 'environment' | 'data dir' | 'data dir (created)';
}

export function loadSecretKeyRing(source: SecretKeySource): LoadedKeyRing {
  if (source.secretKeys) {
    return { ring: parseSecretKeys(source.secretKeys), origin: 'environment' };
  }
  const file = join(source.dataDir, SECRET_KEY_FILE);
  try {
    return { ring: parseSecretKeys(readFileSync(file, 'utf8')), origin: 'data dir' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  mkdirSync(source.dataDir, { recursive: true });
  // 'wx': two processes starting together on one data dir must not each write a different key.
  try {
    writeFileSync(file, `${generateSecretKey()}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return { ring: parseSecretKeys(readFileSync(file, 'utf8')), origin: 'data dir (created)' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    return { ring: parseSecretKeys(readFileSync(file, 'utf8')), origin: 'data dir' };
  }
}
