/** @module Issuing, listing, revoking and checking API keys. */
import { createHash } from 'node:crypto';
import { newApiKeySecret, newId } from '../domain/ids.js';
import { isScope, type Scope, type Tenant } from '../domain/tenant.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import type { ApiKeysRepository } from '../storage/api-keys-repository.js';
import type { TenantsRepository } from '../storage/tenants-repository.js';

/** Keys carry 192 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** `last_used_at` is informational; writing it at most once a minute keeps reads read-only. */
const TOUCH_INTERVAL_MS = 60_000;

const invalidAuth = (reason: string) => new ApiError('unauthenticated', 'INVALID_AUTH', { reason });

export interface IssuedKey {
  id: string;
  key: string;
  prefix: string;
  organizationId: string;
  accountId: string;
  scopes: Scope[];
  expiresAt: Date | null;
}

type ApiKeyRow = NonNullable<Awaited<ReturnType<ApiKeysRepository['findInOrganization']>>>;

/** A key as the keys API shows it: never its secret or hash. */
export interface ApiKeyView {
  id: string;
  name: string | null;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type ApiKeyWithSecret = ApiKeyView & { secret: string };

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

/** How long a rotated key keeps working by default: a day to roll the new one out. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

function parseFutureTime(value: string | null | undefined, now: Date): Date | null | undefined {
  if (value === undefined || value === null) {
    return value;
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw validationFailed({ expires_at: 'must be an RFC 3339 date-time' });
  }
  if (at <= now) {
    throw validationFailed({ expires_at: 'must be in the future' });
  }
  return at;
}

export function createApiKeysService(deps: {
  apiKeys: ApiKeysRepository;
  tenants: TenantsRepository;
  onTouchError?: (error: unknown) => void;
}) {
  const { apiKeys, tenants } = deps;

  async function issue(input: {
    organizationId: string;
    accountId: string;
    scopes: Scope[];
    name?: string | null;
    expiresAt?: Date | null;
    /** A caller-chosen secret (bootstrap); otherwise a random one is generated. */
    secret?: string;
  }): Promise<IssuedKey> {
    const key = input.secret ?? newApiKeySecret();
    const issued: IssuedKey = {
      id: newId('key'),
      key,
      prefix: key.slice(0, 8),
      organizationId: input.organizationId,
      accountId: input.accountId,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
    };
    await apiKeys.insert({
      id: issued.id,
      keyHash: hashApiKey(key),
      prefix: issued.prefix,
      name: input.name ?? null,
      accountId: issued.accountId,
      organizationId: issued.organizationId,
      scopes: issued.scopes,
      expiresAt: issued.expiresAt,
    });
    return issued;
  }

  async function requireOwner(tenant: Tenant): Promise<void> {
    if ((await tenants.roleOf(tenant.organizationId, tenant.accountId)) !== 'owner') {
      throw new ApiError('forbidden', 'INSUFFICIENT_ROLE', { required_role: 'owner' });
    }
  }

  /** A key may only hand out scopes it holds, so a read-only key cannot mint a writing one. */
  function requireScopes(tenant: Tenant, scopes: readonly string[]): void {
    const missing = scopes.find((scope) => !(tenant.scopes as readonly string[]).includes(scope));
    if (missing) {
      throw new ApiError('forbidden', 'INSUFFICIENT_SCOPE', { required_scope: missing });
    }
  }

  return {
    /**
     * Resolves a bearer secret (and an optional `X-Organization-ID`) to the tenant a request acts for.
     * See docs/decisions/0002-auth-errors.md for which failure is 401 and which 403.
     */
    async authenticate(
      secret: string | undefined,
      organizationOverride: string | undefined,
    ): Promise<Tenant> {
      if (!secret) {
        throw invalidAuth('missing_key');
      }
      const key = await apiKeys.findByHash(hashApiKey(secret));
      if (!key) {
        throw invalidAuth('unknown_key');
      }
      const now = new Date();
      if (key.revokedAt) {
        throw invalidAuth('revoked_key');
      }
      if (key.expiresAt && key.expiresAt <= now) {
        throw invalidAuth('expired_key');
      }
      let organizationId = key.organizationId;
      if (organizationOverride && organizationOverride !== key.organizationId) {
        if (!(await tenants.isMember(organizationOverride, key.accountId))) {
          throw new ApiError('forbidden', 'Organization not accessible', {
            organization_id: organizationOverride,
          });
        }
        organizationId = organizationOverride;
      }
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        apiKeys.touch(key.id, now).catch(deps.onTouchError ?? (() => {}));
      }
      return {
        organizationId,
        accountId: key.accountId,
        apiKeyId: key.id,
        scopes: key.scopes.filter(isScope),
      };
    },

    issue,

    /**
     * The keys API (docs/decisions/0180-keys-api.md): only an owner of the organization may manage its
     * keys, and a key never hands out a scope it does not hold itself.
     */
    async createKey(
      tenant: Tenant,
      input: { name: string; scopes: Scope[]; expires_at?: string | null | undefined },
    ): Promise<ApiKeyWithSecret> {
      await requireOwner(tenant);
      requireScopes(tenant, input.scopes);
      const expiresAt = parseFutureTime(input.expires_at, new Date()) ?? null;
      const issued = await issue({
        organizationId: tenant.organizationId,
        accountId: tenant.accountId,
        scopes: [...new Set(input.scopes)],
        name: input.name,
        expiresAt,
      });
      const row = await apiKeys.findInOrganization(tenant.organizationId, issued.id);
      if (!row) {
        throw new Error(`key ${issued.id} vanished after its insert`);
      }
      return { ...toApiKeyView(row), secret: issued.key };
    },

    async listKeys(tenant: Tenant): Promise<ApiKeyView[]> {
      await requireOwner(tenant);
      return (await apiKeys.listForOrganization(tenant.organizationId)).map(toApiKeyView);
    },

    async revokeKey(tenant: Tenant, id: string): Promise<ApiKeyView> {
      await requireOwner(tenant);
      const row = await apiKeys.revokeInOrganization(tenant.organizationId, id);
      if (!row) {
        throw notFound('API key', { id });
      }
      return toApiKeyView(row);
    },

    async rotateKey(
      tenant: Tenant,
      id: string,
      input: { overlap_seconds?: number | undefined; expires_at?: string | null | undefined },
    ): Promise<ApiKeyWithSecret> {
      await requireOwner(tenant);
      const old = await apiKeys.findInOrganization(tenant.organizationId, id);
      if (!old) {
        throw notFound('API key', { id });
      }
      requireScopes(tenant, old.scopes);
      const now = new Date();
      if (old.revokedAt || (old.expiresAt && old.expiresAt <= now)) {
        throw new ApiError('conflict', 'API key is no longer valid', {
          id,
          reason: old.revokedAt ? 'revoked_key' : 'expired_key',
        });
      }
      const expiresAt = parseFutureTime(input.expires_at, now);
      const overlapSeconds = input.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
      const secret = newApiKeySecret();
      const row = await apiKeys.rotate(
        tenant.organizationId,
        id,
        {
          id: newId('key'),
          keyHash: hashApiKey(secret),
          prefix: secret.slice(0, 8),
          ...(expiresAt === undefined ? {} : { expiresAt }),
        },
        new Date(now.getTime() + overlapSeconds * 1000),
      );
      if (!row) {
        // Revoked or expired between the read and the rotation.
        throw new ApiError('conflict', 'API key is no longer valid', { id });
      }
      return { ...toApiKeyView(row), secret };
    },

    list: (organizationId: string) => apiKeys.listForOrganization(organizationId),
    revoke: (id: string) => apiKeys.revoke(id),
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
