/**
 * @module Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` = `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A signing secret in the `whsec_<base64>` form Standard Webhooks libraries accept: 192 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The signature headers of one delivery. With several secrets (during a rotation's overlap) the
 * signature header lists one signature per secret, space-separated, so a receiver that still holds
 * the old secret and one that has the new one both verify.
 */
export function signatureHeaders(
  messageId: string,
  body: string,
  secrets: readonly string[],
  at: Date,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
