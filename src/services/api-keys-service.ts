/** @module Issuing, listing, revoking and checking API keys. */
import { createHash } from 'node:crypto';
import { newApiKeySecret, newId } from '../domain/ids.js';
import { isScope, type Scope, type Tenant } from '../domain/tenant.js';
import { ApiError } from '../errors.js';
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

export function createApiKeysService(deps: {
  apiKeys: ApiKeysRepository;
  tenants: TenantsRepository;
  onTouchError?: (error: unknown) => void;
}) {
  const { apiKeys, tenants } = deps;

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

    async issue(input: {
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
    },

    list: (organizationId: string) => apiKeys.listForOrganization(organizationId),
    revoke: (id: string) => apiKeys.revoke(id),
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
