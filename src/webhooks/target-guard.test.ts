import { describe, expect, it } from 'vitest';
import { checkTargetUrl, isPublicAddress, TargetRefusedError } from './target-guard.js';

const strict = { allowPrivateTargets: false };
const relaxed = { allowPrivateTargets: true };

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, unique-local, CGNAT, unspecified and mapped forms', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('accepts public unicast addresses', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });
});

describe('checkTargetUrl', () => {
  const refusal = async (url: string, policy = strict) => {
    try {
      await checkTargetUrl(url, policy);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(TargetRefusedError);
      return (error as Error).message;
    }
  };

  it('refuses private targets, by literal or by a name that resolves to one', async () => {
    expect(await refusal('https://127.0.0.1/hook')).toBe('127.0.0.1 is not a public address');
    expect(await refusal('https://[::1]:8443/hook')).toBe('::1 is not a public address');
    expect(await refusal('https://169.254.169.254/latest/meta-data')).toMatch(/not a public address/);
    expect(await refusal('https://localhost/hook')).toMatch(
      /^localhost resolves to .* not a public address$/,
    );
  });

  it('refuses non-URLs, other schemes, plain http and credentials', async () => {
    expect(await refusal('hook')).toBe('is not an absolute URL');
    expect(await refusal('ftp://93.184.216.34/')).toBe('must use https');
    expect(await refusal('http://93.184.216.34/')).toBe('must use https');
    expect(await refusal('https://user:pw@93.184.216.34/')).toBe('must not contain credentials');
  });

  it('accepts a public https target, and private or http ones when the setting allows them', async () => {
    expect(await refusal('https://93.184.216.34/hook')).toBeUndefined();
    expect(await refusal('http://127.0.0.1:8080/hook', relaxed)).toBeUndefined();
    expect(await refusal('http://localhost:8080/hook', relaxed)).toBeUndefined();
  });
});
