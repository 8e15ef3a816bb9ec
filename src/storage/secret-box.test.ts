import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretBox, generateSecretKey, parseSecretKeys, SecretBoxError } from './secret-box.js';
import { loadSecretKeyRing } from './secret-key-file.js';

const one = generateSecretKey('one');
const two = generateSecretKey('two');

describe('secret box', () => {
  it('opens what it sealed, for any text and context, and the sealed form hides the text', () => {
    const box = createSecretBox(parseSecretKeys(one));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (plaintext, context) => {
        const sealed = box.seal(plaintext, context);
        expect(box.isSealed(sealed)).toBe(true);
        expect(box.open(sealed, context)).toBe(plaintext);
        if (plaintext.length >= 4) {
          expect(sealed).not.toContain(plaintext);
        }
      }),
    );
  });

  it('refuses a sealed value moved to another context, tampered with, or sealed by an unknown key', () => {
    const box = createSecretBox(parseSecretKeys(one));
    const sealed = box.seal('refresh-token-123', 'app_credentials:app_1');
    expect(() => box.open(sealed, 'app_credentials:app_2')).toThrow(SecretBoxError);
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => box.open(flipped, 'app_credentials:app_1')).toThrow(SecretBoxError);
    expect(() => createSecretBox(parseSecretKeys(two)).open(sealed, 'app_credentials:app_1')).toThrow(
      /not in the key ring/,
    );
    expect(() => box.open('plain text', 'x')).toThrow(SecretBoxError);
  });

  it('rotates: a new active key seals, the old one still opens, and old values are reported stale', () => {
    const before = createSecretBox(parseSecretKeys(one));
    const sealedBefore = before.seal('s3cret', 'ctx');
    const after = createSecretBox(parseSecretKeys(`${two},${one}`));
    expect(after.open(sealedBefore, 'ctx')).toBe('s3cret');
    expect(after.isStale(sealedBefore)).toBe(true);
    expect(after.isStale(after.seal('s3cret', 'ctx'))).toBe(false);
  });

  it('rejects malformed key lists with a message naming the key', () => {
    expect(() => parseSecretKeys('')).toThrow(/no secret key/);
    expect(() => parseSecretKeys('k1:short')).toThrow(/k1: must be 32 bytes/);
    expect(() => parseSecretKeys(`${one},${one}`)).toThrow(/listed twice/);
    expect(() => parseSecretKeys('no-colon')).toThrow(/expected "id:base64url-key"/);
  });

  it('keeps a generated key with the data: created once (mode 600), then read back', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'linkit-keys-')), 'data');
    const first = loadSecretKeyRing({ secretKeys: undefined, dataDir });
    expect(first.origin).toBe('data dir (created)');
    expect(statSync(join(dataDir, 'secret-keys')).mode & 0o777).toBe(0o600);
    const second = loadSecretKeyRing({ secretKeys: undefined, dataDir });
    expect(second.origin).toBe('data dir');
    expect(second.ring.active.key.equals(first.ring.active.key)).toBe(true);
    const sealed = createSecretBox(first.ring).seal('x', 'c');
    expect(createSecretBox(second.ring).open(sealed, 'c')).toBe('x');
    expect(readFileSync(join(dataDir, 'secret-keys'), 'utf8')).toMatch(/^k[0-9a-z]+:[A-Za-z0-9_-]{43}\n$/);
    const fromEnv = loadSecretKeyRing({ secretKeys: two, dataDir });
    expect(fromEnv.origin).toBe('environment');
    expect(fromEnv.ring.active.id).toBe('two');
  });
});
