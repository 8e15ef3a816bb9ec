import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeaders } from './signature.js';

describe('signatureHeaders', () => {
  it('is verified by the Standard Webhooks library with the secret, and refused with another', () => {
    const secret = newWebhookSecret();
    const body = '{"event_id":"evt_1"}';
    const headers = signatureHeaders('evt_1', body, [secret], new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual({ event_id: 'evt_1' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('signs with every secret during a rotation, so old and new secrets both verify', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signatureHeaders('evt_2', '{}', [current, previous], new Date());
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(previous).verify('{}', headers)).not.toThrow();
  });
});
