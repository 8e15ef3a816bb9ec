/**
 * `linkit` as a user and a script meet it, run as a child process: per-command help, --version,
 * exit codes, no stack traces, tables vs --json, and key/organization commands against a running
 * service (which holds the PGlite data dir, so the database path is closed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshDatabase, runCli, startServer } from '../helpers/process.js';

const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

/** Runs the CLI and resolves with its exit code and output, whatever the code. */
async function cli(env: Record<string, string>, args: string[]) {
  try {
    const { stdout, stderr } = await runCli(env, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const NO_STACK = /\n\s+at /;

describe('linkit help, version and exit codes', { timeout: 300_000 }, () => {
  it('has help per command and a version, exiting 0', async () => {
    const env = { DATA_DIR: '/nonexistent/never-opened' };
    const top = await cli(env, ['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: linkit [options] [command]');
    expect(top.stdout).toMatch(/Exit codes: 0 done, 1 failure, 2 usage error, 3 not found, 4 not allowed/);

    const keyCreate = await cli(env, ['key', 'create', '--help']);
    expect(keyCreate.code).toBe(0);
    expect(keyCreate.stdout).toContain('Usage: linkit key create [options]');
    expect(keyCreate.stdout).toContain('--scopes <list>');
    expect(keyCreate.stdout).not.toContain('--overlap');

    const exportHelp = await cli(env, ['export', '--help']);
    expect(exportHelp.stdout).toContain('--customer_email <value>');
    expect(exportHelp.stdout).toContain('--bom');

    const version = await cli(env, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('exits 2 on usage errors with one line of explanation and no stack trace', async () => {
    const env = { DATA_DIR: '/nonexistent/never-opened' };
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['key', 'list', '--bogus'], /unknown option '--bogus'/],
      [['org', 'create'], /missing required argument 'name'/],
      [
        ['member', 'add', '--org', 'org_x', '--email', 'a@b.c', '--role', 'king'],
        /Allowed choices are owner, admin, member/,
      ],
      [['key', 'create'], /key create needs --org <id>/],
      [['key', 'create', '--org', 'org_x', '--scopes', 'order:admin'], /unknown scope order:admin/],
      [['key', 'create', '--org', 'org_x', '--expires', 'tomorrow'], /--expires must be an RFC 3339 time/],
      [['key', 'rotate', 'key_x'], /key rotate goes through the service/],
      [['key', 'list', '--url', 'http://127.0.0.1:9'], /--url needs --key/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(env, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.stdout).toBe('');
    }
  });

  it('exits 3 when the named thing does not exist; prints tables unless --json', async () => {
    const database = await freshDatabase();
    try {
      const created = await cli(database.env, ['org', 'create', 'Acme Stores', '--owner', 'ops@acme.test']);
      expect(created.code).toBe(0);
      const orgId = /Created organization (org_[0-9a-f]{16})/.exec(created.stdout)?.[1] as string;
      expect(orgId).toBeDefined();
      expect(created.stdout).toMatch(/Owner API key: lk_/);
      expect(created.stderr).toContain('shown only once');

      const table = await cli(database.env, ['key', 'list', '--org', orgId]);
      const [header, row, extra] = table.stdout.trimEnd().split('\n');
      expect(header).toMatch(/^ID\s+NAME\s+PREFIX\s+SCOPES\s+CREATED\s+EXPIRES\s+LAST USED\s+REVOKED$/);
      expect(row).toMatch(/^key_[0-9a-f]{16}\s+owner key\s+lk_\S{5}\s+order:read,order:write\s+\S+Z\s+—/);
      expect(extra).toBeUndefined();
      const json = JSON.parse((await cli(database.env, ['--json', 'key', 'list', '--org', orgId])).stdout);
      expect(json).toEqual([expect.objectContaining({ name: 'owner key', revoked_at: null })]);

      for (const args of [
        ['key', 'list', '--org', 'org_0000000000000000'],
        ['key', 'revoke', 'key_0000000000000000'],
        ['key', 'create', '--org', orgId, '--email', 'nobody@acme.test'],
        ['member', 'add', '--org', orgId, '--email', 'nobody@acme.test'],
      ]) {
        const result = await cli(database.env, args);
        expect(result.code, args.join(' ')).toBe(3);
        expect(result.stderr).toMatch(/^linkit: no (organization|API key|account)/);
        expect(result.stderr).not.toMatch(NO_STACK);
      }
    } finally {
      await database.drop();
    }
  });
});

describe('linkit against a running service', { timeout: 400_000 }, () => {
  it('manages keys and organizations through the API while the service holds the database', async () => {
    const database = await freshDatabase();
    const ownerKey = 'lk_cli_owner_key_for_the_service_0001';
    const server = await startServer({ ...database.env, LINKIT_BOOTSTRAP_KEY: ownerKey });
    const remote = (args: string[], key = ownerKey) =>
      cli(database.env, ['--url', server.url, '--key', key, ...args]);
    try {
      const orgs = await remote(['--json', 'org', 'list']);
      expect(orgs.code).toBe(0);
      const [home] = JSON.parse(orgs.stdout);
      expect(home).toMatchObject({ id: expect.stringMatching(/^org_/), role: 'owner' });

      const created = await remote([
        '--json',
        'key',
        'create',
        '--name',
        'reporting',
        '--scopes',
        'order:read',
      ]);
      expect(created.code).toBe(0);
      const key = JSON.parse(created.stdout);
      expect(key).toMatchObject({
        name: 'reporting',
        scopes: ['order:read'],
        secret: expect.stringMatching(/^lk_/),
      });
      expect((await fetch(`${server.url}/api/v1/orders`, auth(key.secret))).status).toBe(200);

      const listed = await remote(['key', 'list']);
      expect(listed.stdout).toContain(key.id);
      expect(listed.stdout).not.toContain(key.secret);

      const rotated = JSON.parse(
        (await remote(['--json', 'key', 'rotate', key.id, '--overlap', '0'])).stdout,
      );
      expect(rotated).toMatchObject({ name: 'reporting', secret: expect.stringMatching(/^lk_/) });
      expect((await fetch(`${server.url}/api/v1/orders`, auth(key.secret))).status).toBe(401);
      expect((await fetch(`${server.url}/api/v1/orders`, auth(rotated.secret))).status).toBe(200);

      const revoked = await remote(['key', 'revoke', rotated.id]);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`Revoked API key ${rotated.id}`);
      expect((await fetch(`${server.url}/api/v1/orders`, auth(rotated.secret))).status).toBe(401);

      // A new organization: the key's account owns it and reaches it with --org (X-Organization-ID).
      const org = JSON.parse((await remote(['--json', 'org', 'create', 'Second Store'])).stdout);
      expect(org).toMatchObject({ organization_id: expect.stringMatching(/^org_/), role: 'owner' });
      const inOrg = JSON.parse(
        (await remote(['--json', 'key', 'create', '--org', org.organization_id])).stdout,
      );
      const me = await fetch(`${server.url}/api/v1/me`, auth(inOrg.secret));
      expect(((await me.json()) as any).data.organization.id).toBe(org.organization_id);

      // Exit codes from the service's answers: 3 not found, 4 not allowed, 2 refused input.
      expect((await remote(['key', 'revoke', 'key_ffffffffffffffff'])).code).toBe(3);
      const unknownKey = await remote(['key', 'list'], 'lk_not_a_key_of_this_service_000');
      expect(unknownKey.code).toBe(4);
      expect(unknownKey.stderr).toMatch(/INVALID_AUTH \(reason: unknown_key\)/);
      const readOnly = await remote(['--json', 'key', 'create', '--scopes', 'order:write'], key.secret);
      expect(readOnly.code).toBe(4);
      const tooLong = await remote(['org', 'create', 'x'.repeat(201)]);
      expect(tooLong.code).toBe(2);
      expect(tooLong.stderr).toMatch(/Validation failed \(name: /);
      for (const result of [unknownKey, readOnly, tooLong]) {
        expect(result.stderr).not.toMatch(NO_STACK);
      }
      // Database-only commands say so instead of failing on the held data dir.
      const account = await remote(['account', 'create', 'x@acme.test']);
      expect(account.code).toBe(2);
      expect(account.stderr).toContain('works on the database only');
    } finally {
      await server.stop();
      await database.drop();
    }
  });

  it('says to use --url when a running service holds the PGlite data dir', async () => {
    if (process.env.TEST_DATABASE_URL) {
      return; // PostgreSQL is shared: the database path just works there.
    }
    const database = await freshDatabase();
    const server = await startServer(database.env);
    try {
      const result = await cli(database.env, ['org', 'list']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/is in use by process .*linkit --url <service> --key <owner key>/s);
      expect(result.stderr).not.toMatch(NO_STACK);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
