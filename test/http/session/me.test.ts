import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantsRepository } from '../../../src/storage/tenants-repository.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ webRoot: false });
});
afterAll(async () => {
  await app.close();
});

describe('GET /api/v1/me', () => {
  it('describes the key: account, scopes, current organization and where it may switch', async () => {
    const tenant = await app.newTenant();
    const response = await app.call('GET', '/api/v1/me', { key: tenant.key });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: {
        account: { id: tenant.accountId, email: expect.stringMatching(/@test\.local$/), name: null },
        api_key: { id: expect.stringMatching(/^key_/), scopes: ['order:read', 'order:write'] },
        organization: { id: tenant.organizationId, name: expect.stringMatching(/^Tenant /), role: 'owner' },
        organizations: [
          { id: tenant.organizationId, name: expect.stringMatching(/^Tenant /), role: 'owner' },
        ],
      },
    });
  });

  it('lists every organization of the account, and X-Organization-ID changes the current one', async () => {
    const home = await app.newTenant();
    const other = await app.newTenant();
    await createTenantsRepository(app.database.db).upsertMembership(
      other.organizationId,
      home.accountId,
      'member',
    );

    const own = await app.call('GET', '/api/v1/me', { key: home.key });
    expect(own.body.data.organization.id).toBe(home.organizationId);
    expect(own.body.data.organizations.map((organization: any) => organization.id).sort()).toEqual(
      [home.organizationId, other.organizationId].sort(),
    );

    const switched = await app.call('GET', '/api/v1/me', {
      key: home.key,
      headers: { 'x-organization-id': other.organizationId },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.data.organization).toEqual({
      id: other.organizationId,
      name: expect.any(String),
      role: 'member',
    });
    expect(switched.body.data.account.id).toBe(home.accountId);
  });

  it('never lists organizations the account is not a member of', async () => {
    const tenant = await app.newTenant();
    const stranger = await app.newTenant();
    const response = await app.call('GET', '/api/v1/me', { key: tenant.key });
    const ids = response.body.data.organizations.map((organization: any) => organization.id);
    expect(ids).not.toContain(stranger.organizationId);

    const refused = await app.call('GET', '/api/v1/me', {
      key: tenant.key,
      headers: { 'x-organization-id': stranger.organizationId },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: 403,
      error: 'Organization not accessible',
      details: { organization_id: stranger.organizationId },
    });
  });

  it('answers 401 without a valid key and 403 for a key without order:read', async () => {
    expect((await app.call('GET', '/api/v1/me')).body).toMatchObject({
      code: 401,
      details: { reason: 'missing_key' },
    });
    expect((await app.call('GET', '/api/v1/me', { key: 'lk_not_a_key' })).status).toBe(401);
    const tenant = await app.newTenant();
    const writer = await tenant.issueKey({ scopes: ['order:write'] });
    expect((await app.call('GET', '/api/v1/me', { key: writer.key })).body).toMatchObject({
      code: 403,
      error: 'INSUFFICIENT_SCOPE',
    });
  });

  it('is described in the OpenAPI document', async () => {
    const spec = await app.call('GET', '/api/v1/openapi.json');
    expect(spec.body.paths['/api/v1/me'].get.responses['200']).toBeDefined();
  });
});
