/**
 * @module `linkit`: administration from the shell. Key and organization commands go through a running
 * service's API when given `--url` and `--key` (or LINKIT_URL / LINKIT_API_KEY), otherwise straight to
 * the database the service uses (docs/decisions/0181-cli-against-a-running-service.md).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT, notFoundError, usageError } from './cli/cli-error.js';
import { createPrinter, formatRecord, formatTable, type Printer } from './cli/output.js';
import { callService, type ServiceConnection } from './cli/service-client.js';
import { isScope, SCOPES, type Scope } from './domain/tenant.js';
import { EXPORT_QUERY_FLAGS } from './export-query-flags.js';
import type { ApiKeyView } from './services/api-keys-service.js';
import type { Database } from './storage/db.js';
import type { Role } from './storage/tenants-repository.js';

/**
 * The database side (PGlite, Drizzle, services) loads only when a command opens the database, so
 * help, usage errors and `--url` commands start fast.
 */
async function databaseModules() {
  const [config, runtime, keysService, tenantsService, keysRepository, tenantsRepository, dataDirLock] =
    await Promise.all([
      import('./config.js'),
      import('./runtime.js'),
      import('./services/api-keys-service.js'),
      import('./services/tenants-service.js'),
      import('./storage/api-keys-repository.js'),
      import('./storage/tenants-repository.js'),
      import('./storage/data-dir-lock.js'),
    ]);
  return {
    /** Configuration and a held data dir are the user's to fix: one line, with the way around it. */
    open: async () => {
      try {
        return await runtime.openMigratedDatabase(config.loadConfig());
      } catch (error) {
        if (error instanceof dataDirLock.DataDirInUseError) {
          throw new CliError(
            `${error.message} To work on it now: linkit --url <service> --key <owner key> …`,
          );
        }
        if (error instanceof config.ConfigError) {
          throw usageError(error.message);
        }
        throw error;
      }
    },
    createTenantsService: tenantsService.createTenantsService,
    toApiKeyView: keysService.toApiKeyView,
    createApiKeysRepository: keysRepository.createApiKeysRepository,
    keysOf: (database: Database) =>
      keysService.createApiKeysService({
        apiKeys: keysRepository.createApiKeysRepository(database.db),
        tenants: tenantsRepository.createTenantsRepository(database.db),
      }),
  };
}

type DatabaseModules = Awaited<ReturnType<typeof databaseModules>>;

const ROLES: readonly Role[] = ['owner', 'admin', 'member'];

interface GlobalOptions {
  json?: boolean;
  url?: string;
  key?: string;
}

const KEY_COLUMNS: ReadonlyArray<[string, string]> = [
  ['id', 'ID'],
  ['name', 'NAME'],
  ['prefix', 'PREFIX'],
  ['scopes', 'SCOPES'],
  ['created_at', 'CREATED'],
  ['expires_at', 'EXPIRES'],
  ['last_used_at', 'LAST USED'],
  ['revoked_at', 'REVOKED'],
];

function packageVersion(): string {
  // src/cli.ts and dist/cli.js both sit one level below package.json.
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}

function parseScopes(value: string | undefined): Scope[] {
  if (!value) {
    return [...SCOPES];
  }
  const scopes = value.split(',').map((scope) => scope.trim());
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    throw usageError(`--scopes: unknown scope ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
  }
  return scopes as Scope[];
}

function parseTime(value: string | undefined, flag: string): Date | null {
  if (value === undefined) {
    return null;
  }
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) {
    throw usageError(`${flag} must be an RFC 3339 time, like 2027-01-01T00:00:00Z`);
  }
  return at;
}

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw usageError('--overlap must be a whole number of seconds');
  }
  return Number(value);
}

/** Where a command runs: the service's API when a URL is given, else the database. */
type Target = { kind: 'service'; connection: ServiceConnection } | { kind: 'database' };

function targetOf(command: Command, organizationId?: string): Target {
  const { url, key } = command.optsWithGlobals<GlobalOptions>();
  if (!url) {
    return { kind: 'database' };
  }
  if (!key) {
    throw usageError('--url needs --key <owner API key> (or LINKIT_API_KEY)');
  }
  return { kind: 'service', connection: { url, key, organizationId } };
}

async function withDatabase<T>(
  work: (database: Database, modules: DatabaseModules) => Promise<T>,
): Promise<T> {
  const modules = await databaseModules();
  const database = await modules.open();
  try {
    return await work(database, modules);
  } finally {
    await database.close();
  }
}

function printKey(printer: Printer, key: ApiKeyView & { secret?: string }, verb: string): void {
  printer.result(key, () => {
    const { secret, ...rest } = key;
    return `${verb} API key ${key.id}\n${formatRecord(rest)}${secret ? `\nsecret  ${secret}\n` : ''}`;
  });
  if (key.secret) {
    printer.note('The secret is shown only once: store it now.');
  }
}

function buildProgram(): Command {
  const program = new Command('linkit')
    .description(
      'Linkit Orders administration: organizations, accounts, API keys, migrations, exports, syncs.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .addOption(new Option('--json', 'print JSON (for scripts) instead of tables'))
    .addOption(new Option('--url <url>', 'go through the running service at this URL').env('LINKIT_URL'))
    .addOption(
      new Option('--key <key>', 'API key for --url (an owner key for key commands)').env('LINKIT_API_KEY'),
    )
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Without --url the commands open the database the service uses (DATABASE_URL, or the PGlite DATA_DIR,
which a running service holds: then use --url and --key).

Exit codes: 0 done, 1 failure, ${EXIT.usage} usage error, ${EXIT.notFound} not found, ${EXIT.auth} not allowed (key, scope or role).`,
    );
  const printer = () => createPrinter(Boolean(program.opts<GlobalOptions>().json));

  program
    .command('migrate')
    .description('apply pending migrations to the database')
    .action(async () => {
      await withDatabase(async () => {});
      printer().result({ migrated: true }, () => 'Migrations applied.\n');
    });

  const org = program.command('org').description('organizations');
  org
    .command('create')
    .description(
      'create an organization. Database: with an owner account (--owner) and an owner key, printed once. ' +
        'Service: the key’s account becomes its owner',
    )
    .argument('<name>', 'organization name')
    .option('--owner <email>', 'owner account’s email (database only; created when new)')
    .action(async (name: string, options: { owner?: string }, command: Command) => {
      const target = targetOf(command);
      if (target.kind === 'service') {
        if (options.owner) {
          throw usageError('--owner works on the database only: over --url the key’s account is the owner');
        }
        const created = await callService<{ id: string; name: string; role: string }>(
          target.connection,
          'POST',
          '/api/v1/organizations',
          { name },
        );
        printer().result(
          { organization_id: created.id, name: created.name, role: created.role },
          () =>
            `Created organization ${created.id} (${created.name}); you are its owner: use --org ${created.id} (X-Organization-ID).\n`,
        );
        return;
      }
      if (!options.owner) {
        throw usageError('org create needs --owner <email> (or --url and --key)');
      }
      const created = await withDatabase((database, { createTenantsService }) =>
        createTenantsService(database.db).createOrganizationWithOwner(name, options.owner as string),
      );
      const p = printer();
      p.result(
        { organization_id: created.organizationId, account_id: created.accountId, api_key: created.key.key },
        () =>
          `Created organization ${created.organizationId} (${name}), owner account ${created.accountId}.\n` +
          `Owner API key: ${created.key.key}\n`,
      );
      p.note('The API key is shown only once: store it now.');
    });
  org
    .command('list')
    .description('list organizations (over --url: those of the key’s account)')
    .action(async (_options: unknown, command: Command) => {
      const target = targetOf(command);
      const rows =
        target.kind === 'service'
          ? (
              await callService<{ organizations: Array<{ id: string; name: string; role: string }> }>(
                target.connection,
                'GET',
                '/api/v1/me',
              )
            ).organizations
          : (
              await withDatabase((database, { createTenantsService }) =>
                createTenantsService(database.db).listOrganizations(),
              )
            ).map((row) => ({ id: row.id, name: row.name, created_at: row.createdAt.toISOString() }));
      printer().result(rows, () =>
        formatTable(
          rows,
          target.kind === 'service'
            ? [
                ['id', 'ID'],
                ['name', 'NAME'],
                ['role', 'ROLE'],
              ]
            : [
                ['id', 'ID'],
                ['name', 'NAME'],
                ['created_at', 'CREATED'],
              ],
        ),
      );
    });

  const account = program.command('account').description('accounts (database only)');
  account
    .command('create')
    .description('create an account')
    .argument('<email>', 'the account’s email')
    .option('--name <name>', 'display name')
    .action(async (email: string, options: { name?: string }, command: Command) => {
      requireDatabase(command, 'account create');
      const id = await withDatabase((database, { createTenantsService }) =>
        createTenantsService(database.db).createAccount(email, options.name ?? null),
      );
      printer().result({ account_id: id }, () => `Created account ${id} (${email}).\n`);
    });

  const member = program.command('member').description('memberships (database only)');
  member
    .command('add')
    .description('make an account a member of an organization')
    .requiredOption('--org <id>', 'organization id')
    .requiredOption('--email <email>', 'the account’s email')
    .addOption(new Option('--role <role>', 'role in the organization').choices(ROLES).default('member'))
    .action(async (options: { org: string; email: string; role: Role }, command: Command) => {
      requireDatabase(command, 'member add');
      const accountId = await withDatabase(async (database, { createTenantsService }) => {
        const tenants = createTenantsService(database.db);
        if (!(await tenants.organizationExists(options.org))) {
          throw notFoundError(`no organization ${options.org}`);
        }
        const found = await tenants.findAccountByEmail(options.email);
        if (!found) {
          throw notFoundError(`no account with email ${options.email}`);
        }
        await tenants.addMembership(options.org, found.id, options.role);
        return found.id;
      });
      printer().result(
        { organization_id: options.org, account_id: accountId, role: options.role },
        () => `${options.email} (${accountId}) is now ${options.role} of ${options.org}.\n`,
      );
    });

  const key = program.command('key').description('API keys');
  key
    .command('create')
    .description('issue an API key; its secret is printed once')
    .option('--org <id>', 'organization (database: required; service: X-Organization-ID)')
    .option('--email <email>', 'account the key acts for (database only; default: the organization’s owner)')
    .option('--scopes <list>', `comma-separated scopes (default: ${SCOPES.join(',')})`)
    .option('--name <name>', 'a label to tell keys apart')
    .option('--expires <time>', 'RFC 3339 time when the key stops working')
    .action(
      async (
        options: { org?: string; email?: string; scopes?: string; name?: string; expires?: string },
        command: Command,
      ) => {
        const target = targetOf(command, options.org);
        const scopes = parseScopes(options.scopes);
        const expiresAt = parseTime(options.expires, '--expires');
        if (target.kind === 'service') {
          if (options.email) {
            throw usageError(
              '--email works on the database only: over --url the key is the caller’s account’s',
            );
          }
          const created = await callService<ApiKeyView & { secret: string }>(
            target.connection,
            'POST',
            '/api/v1/keys',
            {
              name: options.name ?? 'linkit CLI',
              scopes,
              ...(expiresAt ? { expires_at: expiresAt.toISOString() } : {}),
            },
          );
          printKey(printer(), created, 'Created');
          return;
        }
        if (!options.org) {
          throw usageError('key create needs --org <id> (or --url and --key)');
        }
        const organizationId = options.org;
        const created = await withDatabase(
          async (database, { createTenantsService, keysOf, createApiKeysRepository, toApiKeyView }) => {
            const tenants = createTenantsService(database.db);
            if (!(await tenants.organizationExists(organizationId))) {
              throw notFoundError(`no organization ${organizationId}`);
            }
            const accountId = options.email
              ? (await tenants.findAccountByEmail(options.email))?.id
              : await tenants.ownerOf(organizationId);
            if (!accountId) {
              throw notFoundError(
                options.email
                  ? `no account with email ${options.email}`
                  : `organization ${organizationId} has no owner`,
              );
            }
            const keys = keysOf(database);
            const issued = await keys.issue({
              organizationId,
              accountId,
              scopes,
              name: options.name ?? null,
              expiresAt,
            });
            const row = await createApiKeysRepository(database.db).findById(issued.id);
            return { ...toApiKeyView(row as NonNullable<typeof row>), secret: issued.key };
          },
        );
        printKey(printer(), created, 'Created');
      },
    );
  key
    .command('list')
    .description('list an organization’s keys (never their secrets)')
    .option('--org <id>', 'organization (database: required; service: X-Organization-ID)')
    .action(async (options: { org?: string }, command: Command) => {
      const target = targetOf(command, options.org);
      let keys: ApiKeyView[];
      if (target.kind === 'service') {
        keys = await callService<ApiKeyView[]>(target.connection, 'GET', '/api/v1/keys');
      } else {
        if (!options.org) {
          throw usageError('key list needs --org <id> (or --url and --key)');
        }
        const organizationId = options.org;
        keys = await withDatabase(async (database, { createTenantsService, keysOf, toApiKeyView }) => {
          if (!(await createTenantsService(database.db).organizationExists(organizationId))) {
            throw notFoundError(`no organization ${organizationId}`);
          }
          return (await keysOf(database).list(organizationId)).map(toApiKeyView);
        });
      }
      printer().result(keys, () => formatTable(keys as unknown as Record<string, unknown>[], KEY_COLUMNS));
    });
  key
    .command('revoke')
    .description('revoke a key: it stops working at once')
    .argument('<id>', 'key id (key_…)')
    .option('--org <id>', 'organization (service: X-Organization-ID)')
    .action(async (id: string, options: { org?: string }, command: Command) => {
      const target = targetOf(command, options.org);
      const revoked =
        target.kind === 'service'
          ? await callService<ApiKeyView>(
              target.connection,
              'DELETE',
              `/api/v1/keys/${encodeURIComponent(id)}`,
            )
          : await withDatabase(async (database, { createApiKeysRepository, toApiKeyView }) => {
              const repository = createApiKeysRepository(database.db);
              const found = await repository.findById(id);
              if (!found) {
                throw notFoundError(`no API key ${id}`);
              }
              const row = await repository.revokeInOrganization(found.organizationId, id);
              return toApiKeyView(row as NonNullable<typeof row>);
            });
      printKey(printer(), revoked, 'Revoked');
    });
  key
    .command('rotate')
    .description(
      'replace a key with a new secret; the old one works for --overlap seconds more (service only)',
    )
    .argument('<id>', 'key id (key_…)')
    .option('--org <id>', 'organization (X-Organization-ID)')
    .option('--overlap <seconds>', 'how long the old key keeps working (default 86400)')
    .action(async (id: string, options: { org?: string; overlap?: string }, command: Command) => {
      const target = targetOf(command, options.org);
      if (target.kind !== 'service') {
        throw usageError('key rotate goes through the service: pass --url and --key (an owner key)');
      }
      const rotated = await callService<ApiKeyView & { secret: string }>(
        target.connection,
        'POST',
        `/api/v1/keys/${encodeURIComponent(id)}/rotate`,
        options.overlap === undefined ? {} : { overlap_seconds: parseSeconds(options.overlap) },
      );
      printKey(printer(), rotated, 'Rotated into');
    });

  program
    .command('sync')
    .description(
      'sync an install now through the running service (--url, --key): a backfill with --from; ' +
        'progress on stderr when it is a terminal, the final sync state as JSON on stdout',
    )
    .argument('<install-id>', 'the install to sync (app_…)')
    .option('--from <RFC 3339>', 'fetch the orders changed since this time (a backfill)')
    .action(async (installId: string, options: { from?: string }, command: Command) => {
      const { url, key: apiKey } = command.optsWithGlobals<GlobalOptions>();
      const { runSync } = await import('./sync-command.js');
      if ((await runSync(installId, { url, key: apiKey, from: options.from })) !== EXIT.ok) {
        throw new CliError('the sync run failed (its last error is in the state printed above)');
      }
    });

  const exportCommand = program
    .command('export')
    .description(
      'write an export to stdout, from the database (--org) or the service (--url, --key); ' +
        'every export query parameter is a flag of the same name; progress on stderr when it is a terminal',
    )
    .option('--org <id>', 'organization to read from the database');
  for (const [flag, kind] of EXPORT_QUERY_FLAGS) {
    exportCommand.option(kind === 'boolean' ? `--${flag}` : `--${flag} <value>`);
  }
  exportCommand.action(async (options: Record<string, string | boolean | undefined>, command: Command) => {
    const { url, key: apiKey } = command.optsWithGlobals<GlobalOptions>();
    const { runExport } = await import('./export-command.js');
    await runExport({ ...options, url, key: apiKey }, async () => (await databaseModules()).open());
  });

  return program;
}

function requireDatabase(command: Command, name: string): void {
  if (targetOf(command).kind === 'service') {
    throw usageError(`${name} works on the database only (stop the service, or use DATABASE_URL)`);
  }
}

/** Runs the CLI and returns its exit code; user errors become one line on stderr, never a stack. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  for (const command of program.commands.flatMap((command) => [command, ...command.commands])) {
    command.exitOverride();
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with a CommanderError too; their code is 0.
      if (error.exitCode === 0) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`linkit: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`linkit: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
