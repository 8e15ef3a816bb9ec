/**
 * Starts the real service for a test file: a fresh PGlite data dir on disk (or the PostgreSQL of
 * TEST_DATABASE_URL, the file's own database: see file-database.ts), migrated from the committed
 * migrations, listening on a loopback port.
 */
import { cpSync, rmSync } from 'node:fs';
import { inject } from 'vitest';
import { type AppOptions, buildApp } from '../../src/app.js';
import type { Scope } from '../../src/domain/tenant.js';
import { createApiKeysService } from '../../src/services/api-keys-service.js';
import { createTenantsService } from '../../src/services/tenants-service.js';
import { createApiKeysRepository } from '../../src/storage/api-keys-repository.js';
import { type Database, openDatabase } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { createSecretBox, parseSecretKeys } from '../../src/storage/secret-box.js';
import { createTenantsRepository } from '../../src/storage/tenants-repository.js';
import { newDataDir } from './data-dir.js';

export interface TestTenant {
  organizationId: string;
  accountId: string;
  /** An owner key with every scope. */
  key: string;
  /** Issues another key of this tenant's owner with the given scopes and options. */
  issueKey(options?: { scopes?: Scope[]; expiresAt?: Date }): Promise<{ id: string; key: string }>;
}

export interface CallOptions {
  key?: string | undefined;
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestApp {
  url: string;
  database: Database;
  newTenant(): Promise<TestTenant>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

export const engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** One fixed key ring for every test app, so apps sharing a database open each other's secrets. */
export const testSecretBox = createSecretBox(
  parseSecretKeys('test:dGVzdC1rZXktMzItYnl0ZXMtbG9uZy0wMTIzNDU2Nzg'),
);

let tenantCounter = 0;

export async function startTestApp(
  options: Pick<
    AppOptions,
    | 'webhooks'
    | 'logger'
    | 'changeFeed'
    | 'polling'
    | 'webRoot'
    | 'shutdownGraceMs'
    | 'limits'
    | 'connectors'
    | 'rateLimits'
    | 'cors'
    | 'metrics'
  > = {},
): Promise<TestApp> {
  const dataDir = newDataDir('app-');
  // A copy of the run's migrated template (global-setup.ts) opens in a fraction of the time that
  // creating a PGlite database takes; migrate() below then finds every migration applied.
  const templateDir = inject('pgliteTemplateDir');
  if (!process.env.TEST_DATABASE_URL && templateDir) {
    cpSync(templateDir, dataDir, { recursive: true });
  }
  const database = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, dataDir, poolSize: 10 });
  await migrate(database.db);
  // A short grace: HTTP clients in tests leave spare connections open, and a test has nothing in flight.
  const app = await buildApp({
    database,
    secretBox: testSecretBox,
    shutdownGraceMs: 500,
    ...options,
    // Test files share two busy cores: a lagging event loop there says nothing about the code under
    // test, so only the tests of load shedding turn the lag check on.
    limits: { maxEventLoopDelayMs: 0, ...options.limits },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const tenants = createTenantsService(database.db);
  const keys = createApiKeysService({
    apiKeys: createApiKeysRepository(database.db),
    tenants: createTenantsRepository(database.db),
  });

  return {
    url,
    database,
    async newTenant() {
      tenantCounter += 1;
      const unique = `${process.pid}-${Date.now()}-${tenantCounter}`;
      const created = await tenants.createOrganizationWithOwner(
        `Tenant ${unique}`,
        `owner-${unique}@test.local`,
      );
      return {
        organizationId: created.organizationId,
        accountId: created.accountId,
        key: created.key.key,
        async issueKey(options = {}) {
          const issued = await keys.issue({
            organizationId: created.organizationId,
            accountId: created.accountId,
            scopes: options.scopes ?? ['order:read', 'order:write'],
            expiresAt: options.expiresAt ?? null,
          });
          return { id: issued.id, key: issued.key };
        },
      };
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) {
        headers.authorization = `Bearer ${options.key}`;
      }
      let body: string | undefined;
      if (options.rawBody !== undefined) {
        body = options.rawBody;
        headers['content-type'] ??= 'application/json';
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text) {
        parsed = JSON.parse(text);
      }
      return { status: response.status, headers: response.headers, body: parsed as any, text };
    },
    async close() {
      // Connections the test's fetch client left open are the service's shutdown deadline's to close
      // (docs/decisions/0054), as they would be in production.
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
