/**
 * @module SSRF guard for webhook targets: a subscription may only point at public unicast addresses,
 * checked when the URL is saved and again on every connection (a name may re-resolve elsewhere).
 * `allowPrivateTargets` (WEBHOOKS_ALLOW_PRIVATE_TARGETS) lifts it for local development and tests.
 */
import { promises as dns, lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export class TargetRefusedError extends Error {}

export interface TargetPolicy {
  allowPrivateTargets: boolean;
}

/** Public unicast only: not loopback, private, link-local, unique-local, CGNAT, multicast, reserved… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false;
  }
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as IPv4
  return parsed.range() === 'unicast';
}

function checkAddresses(host: string, addresses: readonly string[], policy: TargetPolicy): void {
  if (policy.allowPrivateTargets) {
    return;
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined) {
    throw new TargetRefusedError(
      refused === host
        ? `${host} is not a public address`
        : `${host} resolves to ${refused}, which is not a public address`,
    );
  }
}

/** `[::1]` → `::1`: URL keeps the brackets of an IPv6 host. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks a target URL before it is saved; the message says what is wrong. Plain http is only for
 * local development: order data is personal data, so it travels encrypted unless private targets are on.
 */
export async function checkTargetUrl(raw: string, policy: TargetPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefusedError('is not an absolute URL');
  }
  const schemes = policy.allowPrivateTargets ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    throw new TargetRefusedError(`must use ${schemes.map((scheme) => scheme.slice(0, -1)).join(' or ')}`);
  }
  if (url.username || url.password) {
    throw new TargetRefusedError('must not contain credentials');
  }
  const host = hostOf(url);
  if (isIP(host)) {
    checkAddresses(host, [host], policy);
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(host, { all: true });
  } catch {
    throw new TargetRefusedError(`host ${host} does not resolve`);
  }
  checkAddresses(
    host,
    addresses.map((entry) => entry.address),
    policy,
  );
  return url;
}

/** A `lookup` for http.request that refuses a name resolving to a non-public address at connect time. */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error);
        return;
      }
      try {
        checkAddresses(
          hostname,
          addresses.map((entry) => entry.address),
          policy,
        );
      } catch (refused) {
        callback(refused);
        return;
      }
      const [first] = addresses;
      if (options.all) {
        callback(null, addresses);
      } else {
        callback(null, first?.address, first?.family);
      }
    });
  }) as unknown as LookupFunction;
}

/** Checks an IP-literal host at send time (Node skips `lookup` for literals). */
export function checkLiteralHost(url: URL, policy: TargetPolicy): void {
  const host = hostOf(url);
  if (isIP(host)) {
    checkAddresses(host, [host], policy);
  }
}
