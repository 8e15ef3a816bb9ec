import { describe, expect, it } from 'vitest';
import { freshDatabase, runCli, startServer } from '../helpers/process.js';

const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

describe('first start', { timeout: 120_000 }, () => {
  it('with LINKIT_BOOTSTRAP_KEY creates an organization whose owner key is that value', async () => {
    const database = await freshDatabase();
    const bootstrapKey = 'lk_bootstrap_key_for_automation_0001';
    const server = await startServer({ ...database.env, LINKIT_BOOTSTRAP_KEY: bootstrapKey });
    try {
      const response = await fetch(`${server.url}/api/v1/orders`, auth(bootstrapKey));
      expect(response.status).toBe(200);
      expect(server.output()).not.toContain(bootstrapKey);
    } finally {
      await server.stop();
    }
    // A second start finds organizations and creates nothing new.
    const again = await startServer({
      ...database.env,
      LINKIT_BOOTSTRAP_KEY: 'lk_another_key_that_is_long_enough',
    });
    try {
      expect(again.output()).not.toContain('First start');
      const refused = await fetch(`${again.url}/api/v1/orders`, auth('lk_another_key_that_is_long_enough'));
      expect(refused.status).toBe(401);
    } finally {
      await again.stop();
      await database.drop();
    }
  });

  it('without it prints a fresh owner key once, and the key works', async () => {
    const database = await freshDatabase();
    const server = await startServer(database.env);
    try {
      const key = /\s(lk_[A-Za-z0-9_-]+)\n/.exec(server.output())?.[1];
      expect(key).toBeDefined();
      const response = await fetch(`${server.url}/api/v1/orders`, auth(key as string));
      expect(response.status).toBe(200);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});

// Each case starts several processes (a server, CLI runs) that each open the database: slow on a busy machine.
describe('linkit CLI', { timeout: 120_000 }, () => {
  it('creates organizations, members and keys, lists and revokes keys', async () => {
    const database = await freshDatabase();
    try {
      const org = JSON.parse(
        (await runCli(database.env, ['--json', 'org', 'create', 'Acme', '--owner', 'ops@acme.test'])).stdout,
      );
      expect(org.organization_id).toMatch(/^org_/);
      await runCli(database.env, ['--json', 'account', 'create', 'clerk@acme.test', '--name', 'Clerk']);
      await runCli(database.env, [
        '--json',
        'member',
        'add',
        '--org',
        org.organization_id,
        '--email',
        'clerk@acme.test',
      ]);
      const issued = JSON.parse(
        (
          await runCli(database.env, [
            '--json',
            'key',
            'create',
            '--org',
            org.organization_id,
            '--email',
            'clerk@acme.test',
            '--scopes',
            'order:read',
          ])
        ).stdout,
      );
      expect(issued.scopes).toEqual(['order:read']);
      expect(issued.secret).toMatch(/^lk_/);
      const listed = JSON.parse(
        (await runCli(database.env, ['--json', 'key', 'list', '--org', org.organization_id])).stdout,
      );
      expect(listed.map((key: any) => key.id)).toContain(issued.id);
      expect(JSON.stringify(listed)).not.toContain(issued.secret);

      const server = await startServer(database.env);
      try {
        expect((await fetch(`${server.url}/api/v1/orders`, auth(issued.secret))).status).toBe(200);
        expect((await fetch(`${server.url}/api/v1/orders`, auth(org.api_key))).status).toBe(200);
      } finally {
        await server.stop();
      }
      const revoked = JSON.parse((await runCli(database.env, ['--json', 'key', 'revoke', issued.id])).stdout);
      expect(revoked).toMatchObject({ id: issued.id, revoked_at: expect.any(String) });
      const restarted = await startServer(database.env);
      try {
        expect((await fetch(`${restarted.url}/api/v1/orders`, auth(issued.secret))).status).toBe(401);
      } finally {
        await restarted.stop();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);

  it.runIf(!process.env.TEST_DATABASE_URL)('refuses a PGlite data dir a running service holds', async () => {
    const database = await freshDatabase();
    const server = await startServer(database.env);
    try {
      await expect(runCli(database.env, ['--json', 'org', 'list'])).rejects.toMatchObject({
        stderr: expect.stringContaining('is in use by process'),
      });
    } finally {
      await server.stop();
      await database.drop();
    }
  });

  it('explains a wrong command and exits non-zero', async () => {
    const database = await freshDatabase();
    try {
      await expect(runCli(database.env, ['--json', 'key', 'create'])).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('key create needs --org <id>'),
      });
    } finally {
      await database.drop();
    }
  });
});
