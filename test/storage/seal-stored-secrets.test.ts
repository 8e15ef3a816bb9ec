/**
 * Secrets at rest (decision 0090): every secret the service stores is sealed; a value stored before
 * sealing still works and is sealed at the next start; a key rotation re-seals everything under the new
 * key while the old one still opens.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/storage/db.js';
import { sealStoredSecrets } from '../../src/storage/seal-stored-secrets.js';
import { createSecretBox, generateSecretKey, parseSecretKeys } from '../../src/storage/secret-box.js';
import { startTestApp, type TestApp, testSecretBox } from '../helpers/app.js';
import { fixtureText } from '../helpers/fixtures.js';
import { deliverSalla, installApp } from '../helpers/integrations.js';
import { createOrder } from '../helpers/orders.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function storedSecrets(): Promise<string[]> {
  const rows = await queryRows<{ value: string }>(
    app.database.db,
    sql`select webhook_secret as value from organization_apps where webhook_secret is not null
        union all select secret from webhook_subscriptions
        union all select previous_secret from webhook_subscriptions where previous_secret is not null
        union all select secret from service_secrets`,
  );
  return rows.map((row) => row.value);
}

describe('secrets at rest', () => {
  it('stores install and subscription secrets and the cursor key sealed, never as the API showed them', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const created = await app.call('POST', '/api/v1/webhooks', {
      key: tenant.key,
      body: { url: 'https://93.184.216.35/hooks', events: ['*'] },
    });
    expect(created.status).toBe(201);
    const rotated = await app.call('POST', `/api/v1/webhooks/${created.body.data.id}/rotate-secret`, {
      key: tenant.key,
    });
    expect(rotated.status).toBe(200);
    // A list with a next page signs its cursor with the service's key, creating it on first use.
    await createOrder(app, tenant.key);
    await createOrder(app, tenant.key);
    const page = await app.call('GET', '/api/v1/orders?limit=1&cursor=', { key: tenant.key });
    expect(page.body.pagination.next_cursor).toEqual(expect.any(String));

    const stored = await storedSecrets();
    expect(stored.length).toBeGreaterThanOrEqual(4);
    for (const value of stored) {
      expect(value.startsWith(testSecretBox.activePrefix), value).toBe(true);
    }
    for (const shown of [install.secret, created.body.data.secret, rotated.body.data.secret]) {
      expect(shown).toEqual(expect.any(String));
      expect(stored.join('\n')).not.toContain(shown);
    }
    expect(
      (await deliverSalla(app, install, fixtureText('salla', 'webhook-order-created.json'))).status,
    ).toBe(200);
  });

  it('accepts a secret stored before sealing, seals it at start, and re-seals under a new key', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const legacy = 'legacy-clear-secret';
    await app.database.db.execute(
      sql`update organization_apps set webhook_secret = ${legacy} where id = ${install.id}`,
    );
    const body = fixtureText('salla', 'webhook-order-created.json');
    expect((await deliverSalla(app, install, body, { secret: legacy })).status).toBe(200);

    expect(await sealStoredSecrets(app.database.db, testSecretBox)).toBeGreaterThanOrEqual(1);
    expect(await storedSecrets()).not.toContain(legacy);
    expect(await sealStoredSecrets(app.database.db, testSecretBox)).toBe(0); // nothing left to do
    expect((await deliverSalla(app, install, body, { secret: legacy })).status).toBe(200);
    expect((await deliverSalla(app, install, body, { secret: 'wrong' })).status).toBe(401);

    // A rotation: the new key first, the old one after it. Every value moves to the new key.
    const rotatedRing = createSecretBox(
      parseSecretKeys(`${generateSecretKey('next')},test:dGVzdC1rZXktMzItYnl0ZXMtbG9uZy0wMTIzNDU2Nzg`),
    );
    const count = (await storedSecrets()).length;
    expect(await sealStoredSecrets(app.database.db, rotatedRing)).toBe(count);
    for (const value of await storedSecrets()) {
      expect(value.startsWith(rotatedRing.activePrefix), value).toBe(true);
    }
  });
});
