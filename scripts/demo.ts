/**
 * @module `npm run demo`: a populated ledger in one command. Creates a demo organization, installs one
 * app of each kind, and feeds realistic vendor payloads through the real intake path over HTTP
 * (signed webhooks for Salla, Syncaty, Orbitkit, Shopify and WooCommerce; Zid's to its secret URL; the
 * intake route for OMS and generic).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { AppSlug } from '../src/domain/app-catalog.js';
import { base64BodySignature, sallaSignature } from '../src/integrations/webhook-signature.js';
import { openMigratedDatabase, openSecretBox } from '../src/runtime.js';
import { createTenantsService } from '../src/services/tenants-service.js';
import { signatureHeaders } from '../src/webhooks/signature.js';
import {
  sampleGenericOrder,
  sampleOmsOrder,
  sampleOrbitkitOrder,
  sampleSallaWebhook,
  sampleSyncatyOrder,
} from '../test/helpers/samples.js';

const ORDERS_PER_APP = 8;

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openMigratedDatabase(config);
  const app = await buildApp({ database, secretBox: openSecretBox(config).box });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const tenant = await createTenantsService(database.db).createOrganizationWithOwner(
      'Demo store',
      `demo-${Date.now()}@linkit.local`,
    );
    const key = tenant.key.key;
    const call = async (
      method: string,
      path: string,
      body?: string,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: the demo reads its own API's answers loosely
      return (await response.json()) as any;
    };
    const install = async (slug: AppSlug, storeName: string) =>
      (await call('POST', '/api/v1/apps', JSON.stringify({ app_slug: slug, store_name: storeName }))).data;
    const webhook = (path: string, body: string, headers: Record<string, string>) =>
      call('POST', path, body, headers);

    const outcomes: Record<string, string[]> = {};
    const record = (slug: string, status: string) => {
      outcomes[slug] = [...(outcomes[slug] ?? []), status];
    };

    const salla = await install('salla-orders', 'Salla — Riyadh');
    for (let n = 0; n < ORDERS_PER_APP; n += 1) {
      const body = sampleSallaWebhook(n);
      const answer = await webhook(salla.webhook_url, body, {
        'x-salla-signature': sallaSignature(salla.webhook_secret, body),
      });
      record('salla-orders', answer.status);
    }
    for (const [slug, sample, store] of [
      ['syncaty-orders', sampleSyncatyOrder, 'Syncaty — Jeddah'],
      ['orbitkit-orders', sampleOrbitkitOrder, 'Orbitkit print shop'],
    ] as const) {
      const installed = await install(slug, store);
      for (let n = 0; n < ORDERS_PER_APP; n += 1) {
        const body = JSON.stringify({
          type: 'order.created',
          timestamp: new Date().toISOString(),
          data: sample(n),
        });
        const headers = signatureHeaders(`msg_${randomUUID()}`, body, [installed.webhook_secret], new Date());
        record(slug, (await webhook(installed.webhook_url, body, headers)).status);
      }
    }
    for (const [slug, sample, store] of [
      ['oms-orders', sampleOmsOrder, 'Warehouse OMS'],
      ['generic-orders', sampleGenericOrder, 'POS'],
    ] as const) {
      const installed = await install(slug, store);
      const batch = Array.from({ length: ORDERS_PER_APP }, (_, n) => sample(n));
      const answer = await call('POST', `/api/v1/apps/${installed.id}/orders`, JSON.stringify(batch));
      for (const item of answer.data.items) {
        record(slug, item.status);
      }
    }

    // Shopify and WooCommerce send the order object itself, signed in one header (base64 HMAC-SHA256).
    for (const [slug, source, signatureHeader, store] of [
      ['shopify-orders', 'shopify', 'x-shopify-hmac-sha256', 'Shopify — Dubai'],
      ['woocommerce-orders', 'woocommerce', 'x-wc-webhook-signature', 'WooCommerce — Kuwait'],
    ] as const) {
      const installed = await install(slug, store);
      const directory = join(process.cwd(), 'test', 'fixtures', source);
      for (const file of readdirSync(directory).filter((name) => name.endsWith('.json'))) {
        const body = readFileSync(join(directory, file), 'utf8');
        const headers = { [signatureHeader]: base64BodySignature(installed.webhook_secret, body) };
        record(slug, (await webhook(installed.webhook_url, body, headers)).status);
      }
    }

    // Zid signs nothing: its webhook goes to the URL registered for the install, carrying the secret.
    const zid = await install('zid-orders', 'Zid — Riyadh');
    const zidDirectory = join(process.cwd(), 'test', 'fixtures', 'zid');
    for (const file of readdirSync(zidDirectory).filter((name) => name.endsWith('.json'))) {
      const body = readFileSync(join(zidDirectory, file), 'utf8');
      const url = `${zid.webhook_url}?token=${encodeURIComponent(zid.webhook_secret)}`;
      record('zid-orders', (await webhook(url, body, {})).status);
    }

    const listed = await call('GET', '/api/v1/orders?limit=1', undefined);
    const lines = [
      `Demo organization ${tenant.organizationId}: ${listed.pagination.total_items} orders in the ledger.`,
      ...Object.entries(outcomes).map(
        ([slug, statuses]) => `  ${slug.padEnd(16)} ${statuses.length} received: ${summarize(statuses)}`,
      ),
      '',
      'Owner API key (shown only once):',
      `  ${key}`,
      'Start the service with `npm start` and try:',
      `  curl -H "Authorization: Bearer ${key}" http://127.0.0.1:${config.port}/api/v1/orders`,
      `  curl -H "Authorization: Bearer ${key}" http://127.0.0.1:${config.port}/api/v1/apps`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await app.close();
    await database.close();
  }
}

function summarize(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const status of statuses) {
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
