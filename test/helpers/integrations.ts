/** Installs apps and delivers vendor payloads to the running test service, as vendors would. */
import { randomUUID } from 'node:crypto';
import { sallaSignature } from '../../src/integrations/webhook-signature.js';
import { signatureHeaders } from '../../src/webhooks/signature.js';
import type { TestApp, TestTenant } from './app.js';

export interface TestInstall {
  id: string;
  slug: string;
  secret: string;
  webhookUrl: string;
}

export async function installApp(
  app: TestApp,
  tenant: TestTenant,
  slug: string,
  extra: Record<string, unknown> = {},
): Promise<TestInstall> {
  const response = await app.call('POST', '/api/v1/apps', {
    key: tenant.key,
    body: { app_slug: slug, ...extra },
  });
  if (response.status !== 201) {
    throw new Error(`install failed: ${response.status} ${response.text}`);
  }
  const { id, webhook_secret: secret, webhook_url: webhookUrl } = response.body.data;
  return { id, slug, secret, webhookUrl };
}

/** A Salla delivery of `body` (text sent byte for byte), signed with `secret` unless headers are given. */
export function deliverSalla(
  app: TestApp,
  install: TestInstall,
  body: string,
  options: { secret?: string; headers?: Record<string, string> } = {},
) {
  const headers = options.headers ?? {
    'x-salla-signature': sallaSignature(options.secret ?? install.secret, body),
    'x-salla-security-strategy': 'Signature',
  };
  return app.call('POST', install.webhookUrl, { rawBody: body, headers });
}

/** A Standard Webhooks delivery `{type, timestamp, data}` of a vendor-native order. */
export function deliverStandard(
  app: TestApp,
  install: TestInstall,
  type: string,
  order: unknown,
  options: { secret?: string; timestamp?: string } = {},
) {
  const body = JSON.stringify({
    type,
    timestamp: options.timestamp ?? new Date().toISOString(),
    data: order,
  });
  const headers = signatureHeaders(
    `msg_${randomUUID()}`,
    body,
    [options.secret ?? install.secret],
    new Date(),
  );
  return app.call('POST', install.webhookUrl, { rawBody: body, headers });
}

/** The tenant's order envelopes (first page, newest first). */
export async function listOrders(app: TestApp, tenant: TestTenant): Promise<any[]> {
  const response = await app.call('GET', '/api/v1/orders?limit=100', { key: tenant.key });
  return response.body.orders;
}
