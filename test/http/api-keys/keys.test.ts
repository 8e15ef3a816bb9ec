/** The keys API over HTTP: owners create, list, revoke and rotate their organization's keys. */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeysService } from '../../../src/services/api-keys-service.js';
import { createApiKeysRepository } from '../../../src/storage/api-keys-repository.js';
import { apiKeys } from '../../../src/storage/schema.js';
import { createTenantsRepository } from '../../../src/storage/tenants-repository.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ webRoot: false });
});
afterAll(async () => {
  await app.close();
});

const ordersStatus = async (key: string) => (await app.call('GET', '/api/v1/orders?limit=1', { key })).status;

async function create(tenant: TestTenant, body: Record<string, unknown>, key = tenant.key) {
  return app.call('POST', '/api/v1/keys', { key, body });
}

/** Adds an account with the given role to the tenant's organization and issues it an all-scopes key. */
async function memberKey(tenant: TestTenant, role: 'admin' | 'member' | 'owner') {
  const tenants = createTenantsRepository(app.database.db);
  const accountId = `acc_${role}${Date.now().toString(16).padStart(16, '0')}`.slice(0, 20);
  await tenants.insertAccount(accountId, `${accountId}@test.local`, null);
  await tenants.upsertMembership(tenant.organizationId, accountId, role);
  const keys = createApiKeysService({
    apiKeys: createApiKeysRepository(app.database.db),
    tenants,
  });
  const issued = await keys.issue({
    organizationId: tenant.organizationId,
    accountId,
    scopes: ['order:read', 'order:write'],
  });
  return issued.key;
}

describe('POST /api/v1/keys', () => {
  it('creates a key whose secret is shown once, works at once, and is stored only as its hash', async () => {
    const tenant = await app.newTenant();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await create(tenant, {
      name: 'dashboard',
      scopes: ['order:read'],
      expires_at: expiresAt,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      message: 'API key created successfully',
      timestamp: expect.any(String),
      data: {
        id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
        name: 'dashboard',
        prefix: created.body.data.secret.slice(0, 8),
        scopes: ['order:read'],
        created_at: expect.any(String),
        expires_at: expiresAt,
        last_used_at: null,
        revoked_at: null,
        secret: expect.stringMatching(/^lk_[A-Za-z0-9_-]{32}$/),
      },
    });
    const { id, secret } = created.body.data;

    expect(await ordersStatus(secret)).toBe(200);
    // Read-only: the new key cannot write.
    const write = await app.call('POST', '/api/v1/orders', { key: secret, body: {} });
    expect(write.status).toBe(403);

    const [row] = await app.database.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row?.keyHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await app.call('GET', '/api/v1/keys', { key: tenant.key });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ success: true, timestamp: expect.any(String), data: expect.any(Array) });
    const { secret: _secret, ...withoutSecret } = created.body.data;
    const listedKey = listed.body.data.find((key: any) => key.id === id);
    expect({ ...listedKey, last_used_at: null }).toEqual(withoutSecret);
    expect(listed.text).not.toContain(secret);
    // Newest first: the new key before the tenant's owner key.
    expect(listed.body.data.map((key: any) => key.id).indexOf(id)).toBe(0);
    expect(listed.body.data).toHaveLength(2);
  });

  it('refuses a bad body field by field, and writes nothing', async () => {
    const tenant = await app.newTenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ scopes: ['order:read'] }, 'name'],
      [{ name: '', scopes: ['order:read'] }, 'name'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['order:admin'] }, 'scopes[0]'],
      [{ name: 'x', scopes: ['order:read', 'order:read'] }, 'scopes'],
      [{ name: 'x', scopes: ['order:read'], expires_at: 'tomorrow' }, 'expires_at'],
      [{ name: 'x', scopes: ['order:read'], expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
      [{ name: 'x', scopes: ['order:read'], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const refused = await create(tenant, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body).toMatchObject({ code: 422, error: 'Validation failed' });
      expect(refused.body.details, JSON.stringify(body)).toHaveProperty([field]);
    }
    const listed = await app.call('GET', '/api/v1/keys', { key: tenant.key });
    expect(listed.body.data).toHaveLength(1);
  });

  it('is for owners only, and a key never grants a scope it lacks', async () => {
    const tenant = await app.newTenant();
    for (const role of ['admin', 'member'] as const) {
      const key = await memberKey(tenant, role);
      for (const [method, path, body] of [
        ['POST', '/api/v1/keys', { name: 'x', scopes: ['order:read'] }],
        ['GET', '/api/v1/keys', undefined],
        ['DELETE', '/api/v1/keys/key_0000000000000000', undefined],
        ['POST', '/api/v1/keys/key_0000000000000000/rotate', {}],
      ] as const) {
        const refused = await app.call(method, path, { key, body });
        expect(refused.status, `${role} ${method} ${path}`).toBe(403);
        expect(refused.body).toEqual({
          code: 403,
          error: 'INSUFFICIENT_ROLE',
          details: { required_role: 'owner' },
        });
      }
    }
    // A second owner may.
    expect(
      (await create(tenant, { name: 'x', scopes: ['order:read'] }, await memberKey(tenant, 'owner'))).status,
    ).toBe(201);

    const readOnly = await tenant.issueKey({ scopes: ['order:read'] });
    expect((await app.call('GET', '/api/v1/keys', { key: readOnly.key })).status).toBe(200);
    const refused = await create(tenant, { name: 'x', scopes: ['order:read'] }, readOnly.key);
    expect(refused.body).toEqual({
      code: 403,
      error: 'INSUFFICIENT_SCOPE',
      details: { required_scope: 'order:write' },
    });
    const writeOnly = await tenant.issueKey({ scopes: ['order:write'] });
    const escalate = await create(
      tenant,
      { name: 'x', scopes: ['order:read', 'order:write'] },
      writeOnly.key,
    );
    expect(escalate.status).toBe(403);
    expect(escalate.body).toEqual({
      code: 403,
      error: 'INSUFFICIENT_SCOPE',
      details: { required_scope: 'order:read' },
    });

    const anonymous = await app.call('GET', '/api/v1/keys');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('INVALID_AUTH');
  });

  it('acts in the X-Organization-ID organization, by the role held there', async () => {
    const home = await app.newTenant();
    const other = await app.newTenant();
    const tenants = createTenantsRepository(app.database.db);
    await tenants.upsertMembership(other.organizationId, home.accountId, 'member');
    const headers = { 'x-organization-id': other.organizationId };
    const refused = await app.call('GET', '/api/v1/keys', { key: home.key, headers });
    expect(refused.status).toBe(403);

    await tenants.upsertMembership(other.organizationId, home.accountId, 'owner');
    const created = await app.call('POST', '/api/v1/keys', {
      key: home.key,
      headers,
      body: { name: 'for other', scopes: ['order:read'] },
    });
    expect(created.status).toBe(201);
    const otherKeys = await app.call('GET', '/api/v1/keys', { key: other.key });
    expect(otherKeys.body.data.map((key: any) => key.id)).toContain(created.body.data.id);
    const homeKeys = await app.call('GET', '/api/v1/keys', { key: home.key });
    expect(homeKeys.body.data.map((key: any) => key.id)).not.toContain(created.body.data.id);
  });
});

describe('DELETE /api/v1/keys/{id}', () => {
  it('revokes at once; again changes nothing; another organization’s key is 404', async () => {
    const tenant = await app.newTenant();
    const stranger = await app.newTenant();
    const { id, secret } = (await create(tenant, { name: 'ci', scopes: ['order:read'] })).body.data;
    expect(await ordersStatus(secret)).toBe(200);

    expect((await app.call('DELETE', `/api/v1/keys/${id}`, { key: stranger.key })).status).toBe(404);
    expect(await ordersStatus(secret)).toBe(200);

    const revoked = await app.call('DELETE', `/api/v1/keys/${id}`, { key: tenant.key });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      success: true,
      message: 'API key revoked successfully',
      data: { id, revoked_at: expect.any(String) },
    });
    expect(revoked.text).not.toContain(secret);
    const denied = await app.call('GET', '/api/v1/orders', { key: secret });
    expect(denied.status).toBe(401);
    expect(denied.body.details).toEqual({ reason: 'revoked_key' });

    const again = await app.call('DELETE', `/api/v1/keys/${id}`, { key: tenant.key });
    expect(again.status).toBe(200);
    expect(again.body.data.revoked_at).toBe(revoked.body.data.revoked_at);

    const missing = await app.call('DELETE', '/api/v1/keys/key_ffffffffffffffff', { key: tenant.key });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 404,
      error: 'API key not found',
      details: { id: 'key_ffffffffffffffff' },
    });
  });
});

describe('POST /api/v1/keys/{id}/rotate', () => {
  it('issues a new secret with the same name and scopes; the old one works for the overlap (default a day)', async () => {
    const tenant = await app.newTenant();
    const old = (await create(tenant, { name: 'erp', scopes: ['order:read'] })).body.data;
    const before = Date.now();
    const rotated = await app.call('POST', `/api/v1/keys/${old.id}/rotate`, { key: tenant.key });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      success: true,
      message: 'API key rotated successfully',
      data: { name: 'erp', scopes: ['order:read'], expires_at: null, revoked_at: null },
    });
    const fresh = rotated.body.data;
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.secret).not.toBe(old.secret);
    expect(await ordersStatus(fresh.secret)).toBe(200);
    expect(await ordersStatus(old.secret)).toBe(200);

    const listed = (await app.call('GET', '/api/v1/keys', { key: tenant.key })).body.data;
    const oldListed = listed.find((key: any) => key.id === old.id);
    const overlapEnd = Date.parse(oldListed.expires_at);
    expect(overlapEnd).toBeGreaterThanOrEqual(before + 86_400_000 - 1000);
    expect(overlapEnd).toBeLessThanOrEqual(Date.now() + 86_400_000 + 1000);
  });

  it('with overlap_seconds 0 ends the old key now; a revoked or expired key cannot be rotated', async () => {
    const tenant = await app.newTenant();
    const old = (await create(tenant, { name: 'leaked', scopes: ['order:read', 'order:write'] })).body.data;
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const rotated = await app.call('POST', `/api/v1/keys/${old.id}/rotate`, {
      key: tenant.key,
      body: { overlap_seconds: 0, expires_at: expiresAt },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.data.expires_at).toBe(expiresAt);
    const denied = await app.call('GET', '/api/v1/orders', { key: old.secret });
    expect(denied.status).toBe(401);
    expect(denied.body.details).toEqual({ reason: 'expired_key' });
    expect(await ordersStatus(rotated.body.data.secret)).toBe(200);

    const expired = await app.call('POST', `/api/v1/keys/${old.id}/rotate`, { key: tenant.key, body: {} });
    expect(expired.status).toBe(409);
    expect(expired.body).toEqual({
      code: 409,
      error: 'API key is no longer valid',
      details: { id: old.id, reason: 'expired_key' },
    });
    await app.call('DELETE', `/api/v1/keys/${rotated.body.data.id}`, { key: tenant.key });
    const revoked = await app.call('POST', `/api/v1/keys/${rotated.body.data.id}/rotate`, {
      key: tenant.key,
    });
    expect(revoked.status).toBe(409);
    expect(revoked.body.details.reason).toBe('revoked_key');

    const bad = await app.call('POST', `/api/v1/keys/${old.id}/rotate`, {
      key: tenant.key,
      body: { overlap_seconds: -1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toHaveProperty('overlap_seconds');
    const stranger = await app.newTenant();
    const foreign = await app.call('POST', `/api/v1/keys/${rotated.body.data.id}/rotate`, {
      key: stranger.key,
    });
    expect(foreign.status).toBe(404);
  });

  it('a read-only key cannot rotate a writing key into its own hands', async () => {
    const tenant = await app.newTenant();
    const writer = (await create(tenant, { name: 'w', scopes: ['order:read', 'order:write'] })).body.data;
    const readOnly = await tenant.issueKey({ scopes: ['order:read'] });
    // POST needs order:write to begin with.
    const refused = await app.call('POST', `/api/v1/keys/${writer.id}/rotate`, { key: readOnly.key });
    expect(refused.status).toBe(403);
    const writeOnly = await tenant.issueKey({ scopes: ['order:write'] });
    const escalate = await app.call('POST', `/api/v1/keys/${writer.id}/rotate`, { key: writeOnly.key });
    expect(escalate.body).toEqual({
      code: 403,
      error: 'INSUFFICIENT_SCOPE',
      details: { required_scope: 'order:read' },
    });
    expect(await ordersStatus(writer.secret)).toBe(200);
  });
});
