/**
 * @module Signatures of inbound webhook deliveries, checked over the raw body bytes.
 * Salla: `X-Salla-Signature` = hex HMAC-SHA256 of the body keyed with the webhook secret (its
 * "Signature" security strategy). Our other sources: Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`), which also refuses replays older than five minutes.
 * Zid documents no signature: its deliveries go to the `target_url` we register for the install, so
 * that URL carries the install's secret (`?token=`), compared in constant time.
 * See docs/decisions/0032-webhook-signatures.md.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { WebhookScheme } from '../domain/app-catalog.js';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export type DeliveryHeaders = Record<string, string | string[] | undefined>;
type Headers = DeliveryHeaders;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function sallaSignature(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function verifySalla(secret: string, body: Buffer, headers: Headers): SignatureCheck {
  const strategy = header(headers, 'x-salla-security-strategy');
  if (strategy !== undefined && strategy.toLowerCase() !== 'signature') {
    return { ok: false, reason: 'unsupported_security_strategy' };
  }
  const signature = header(headers, 'x-salla-signature')?.trim().toLowerCase();
  if (!signature) {
    return { ok: false, reason: 'missing_signature' };
  }
  const expected = Buffer.from(sallaSignature(secret, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; a wrong length is simply a wrong signature.
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  return valid ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

function verifyStandard(secret: string, body: Buffer, headers: Headers): SignatureCheck {
  const required = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
  const values = Object.fromEntries(required.map((name) => [name, header(headers, name) ?? '']));
  if (required.some((name) => !values[name])) {
    return { ok: false, reason: 'missing_signature' };
  }
  try {
    new Webhook(secret).verify(body, values);
    return { ok: true };
  } catch (error) {
    const message = (error as Error).message;
    return {
      ok: false,
      reason: /timestamp/i.test(message) ? 'timestamp_out_of_tolerance' : 'invalid_signature',
    };
  }
}

/**
 * Shopify `X-Shopify-Hmac-Sha256` and WooCommerce `X-WC-Webhook-Signature`: both the base64
 * HMAC-SHA256 of the raw body keyed with the webhook secret.
 */
export function base64BodySignature(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function verifyBase64Body(secret: string, body: Buffer, headers: Headers, name: string): SignatureCheck {
  const signature = header(headers, name)?.trim();
  if (!signature) {
    return { ok: false, reason: 'missing_signature' };
  }
  const expected = Buffer.from(base64BodySignature(secret, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  return valid ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

/** Zid: the install's secret as the `token` query parameter of the registered `target_url`. */
function verifyUrlToken(secret: string, urlToken: string | undefined): SignatureCheck {
  if (!urlToken) {
    return { ok: false, reason: 'missing_signature' };
  }
  const expected = Buffer.from(secret, 'utf8');
  const given = Buffer.from(urlToken, 'utf8');
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  return valid ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

export function verifyDelivery(
  scheme: WebhookScheme,
  secret: string,
  body: Buffer,
  headers: Headers,
  urlToken?: string,
): SignatureCheck {
  switch (scheme) {
    case 'salla':
      return verifySalla(secret, body, headers);
    case 'standard-webhooks':
      return verifyStandard(secret, body, headers);
    case 'shopify':
      return verifyBase64Body(secret, body, headers, 'x-shopify-hmac-sha256');
    case 'woocommerce':
      return verifyBase64Body(secret, body, headers, 'x-wc-webhook-signature');
    case 'zid':
      return verifyUrlToken(secret, urlToken);
  }
}
