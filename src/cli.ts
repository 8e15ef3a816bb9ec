/** @module `linkit`: administration from the shell, straight against the database the service uses. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { isScope, SCOPES, type Scope } from './domain/tenant.js';
import { EXPORT_FLAGS, EXPORT_USAGE, ExportUsageError, runExport } from './export-command.js';
import { openMigratedDatabase } from './runtime.js';
import { createApiKeysService } from './services/api-keys-service.js';
import { createTenantsService } from './services/tenants-service.js';
import { createApiKeysRepository } from './storage/api-keys-repository.js';
import { DataDirInUseError } from './storage/data-dir-lock.js';
import { createTenantsRepository, type Role } from './storage/tenants-repository.js';
import { runSync, SYNC_USAGE, SyncUsageError } from './sync-command.js';

const USAGE = `usage: linkit <command> [options]

  migrate                                   apply pending migrations
  org create <name> --owner <email>         create an organization, its owner account and an owner key
  org list                                  list organizations
  account create <email> [--name <name>]    create an account
  member add --org <id> --email <email> [--role owner|admin|member]
                                            make an account a member of an organization
  key create --org <id> [--email <email>] [--scopes order:read,order:write] [--name <name>] [--expires <RFC 3339>]
                                            issue an API key (printed once); default account: the org's owner
  key list --org <id>                       list an organization's keys (never the secrets)
  key revoke <key id>                       revoke a key
${EXPORT_USAGE}
${SYNC_USAGE}

Uses DATABASE_URL (PostgreSQL) or DATA_DIR (embedded PGlite), like the service.`;

class UsageError extends Error {}

function parseScopes(value: string | undefined): Scope[] {
  if (!value) {
    return [...SCOPES];
  }
  const scopes = value.split(',').map((scope) => scope.trim());
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    throw new UsageError(`unknown scope ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
  }
  return scopes as Scope[];
}

function required(value: string | undefined, what: string): string {
  if (!value) {
    throw new UsageError(`missing ${what}`);
  }
  return value;
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      owner: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      scopes: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...EXPORT_FLAGS,
    },
  });
  const [command, sub, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'sync') {
    process.exitCode = await runSync(sub, values as { url?: string; key?: string; from?: string });
    return;
  }
  if (command === 'export') {
    // Opens the database only when reading from it: with --url the service is the reader.
    await runExport(values, () => openMigratedDatabase(loadConfig()));
    return;
  }
  const database = await openMigratedDatabase(loadConfig());
  const { db } = database;
  const tenants = createTenantsService(db);
  const keys = createApiKeysService({
    apiKeys: createApiKeysRepository(db),
    tenants: createTenantsRepository(db),
  });
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  try {
    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'migrate':
        print({ migrated: true });
        break;
      case 'org create': {
        const created = await tenants.createOrganizationWithOwner(
          required(arg, 'organization name'),
          required(values.owner, '--owner <email>'),
        );
        print({
          organization_id: created.organizationId,
          account_id: created.accountId,
          api_key: created.key.key,
        });
        process.stderr.write('The API key is shown only once: store it now.\n');
        break;
      }
      case 'org list':
        print(await tenants.listOrganizations());
        break;
      case 'account create':
        print({ account_id: await tenants.createAccount(required(arg, 'email'), values.name ?? null) });
        break;
      case 'member add': {
        const organizationId = required(values.org, '--org');
        const account = await tenants.findAccountByEmail(required(values.email, '--email'));
        if (!account) {
          throw new UsageError(`no account with email ${values.email}`);
        }
        const role = (values.role ?? 'member') as Role;
        if (!['owner', 'admin', 'member'].includes(role)) {
          throw new UsageError('--role must be owner, admin or member');
        }
        await tenants.addMembership(organizationId, account.id, role);
        print({ organization_id: organizationId, account_id: account.id, role });
        break;
      }
      case 'key create': {
        const organizationId = required(values.org, '--org');
        if (!(await tenants.organizationExists(organizationId))) {
          throw new UsageError(`no organization ${organizationId}`);
        }
        const accountId = values.email
          ? (await tenants.findAccountByEmail(values.email))?.id
          : await tenants.ownerOf(organizationId);
        if (!accountId) {
          throw new UsageError(
            values.email ? `no account with email ${values.email}` : 'organization has no owner',
          );
        }
        const expiresAt = values.expires ? new Date(values.expires) : null;
        if (expiresAt && Number.isNaN(expiresAt.getTime())) {
          throw new UsageError('--expires must be an RFC 3339 time');
        }
        const issued = await keys.issue({
          organizationId,
          accountId,
          scopes: parseScopes(values.scopes),
          name: values.name ?? null,
          expiresAt,
        });
        print({ id: issued.id, api_key: issued.key, scopes: issued.scopes, expires_at: issued.expiresAt });
        process.stderr.write('The API key is shown only once: store it now.\n');
        break;
      }
      case 'key list':
        print((await keys.list(required(values.org, '--org'))).map(({ keyHash: _hash, ...key }) => key));
        break;
      case 'key revoke':
        print({ revoked: await keys.revoke(required(arg, 'key id')) });
        break;
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DataDirInUseError || error instanceof ConfigError) {
    process.stderr.write(`linkit: ${error.message}\n`);
  } else if (error instanceof SyncUsageError) {
    process.stderr.write(`linkit sync: ${error.message}\n`);
  } else if (error instanceof ExportUsageError) {
    process.stderr.write(`linkit export: ${error.message}\n`);
  } else if (error instanceof UsageError) {
    process.stderr.write(`linkit: ${error.message}\n\n${USAGE}\n`);
  } else {
    process.stderr.write(`linkit: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
