import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { orderBody } from '../helpers/orders.js';
import { freshDatabase, runCli, startServer } from '../helpers/process.js';

// Several processes (a server, CLI runs) each open the database: slow on a busy machine.
describe('linkit export', { timeout: 180_000 }, () => {
  it('exports from a running service and straight from the database, with the list filters', async () => {
    const database = await freshDatabase();
    try {
      const org = JSON.parse(
        (await runCli(database.env, ['--json', 'org', 'create', 'Acme', '--owner', 'ops@acme.test'])).stdout,
      );
      const server = await startServer(database.env);
      let delivered: any[];
      try {
        const auth = { authorization: `Bearer ${org.api_key}`, 'content-type': 'application/json' };
        const bodies = [
          orderBody({ status: 'delivered', customer_name: 'سارة', currency: 'KWD', total_amount: 12.345 }),
          orderBody({ status: 'delivered', customer_name: '=1+1' }),
          orderBody({ status: 'pending' }),
        ];
        const created = await fetch(`${server.url}/api/v1/orders/bulk`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(bodies),
        });
        expect(created.status).toBe(200);
        const list = await fetch(`${server.url}/api/v1/orders?status=delivered`, { headers: auth });
        delivered = ((await list.json()) as any).orders.map((envelope: any) => envelope.order);
        expect(delivered).toHaveLength(2);

        const fromService = await runCli(database.env, [
          '--json',
          'export',
          ...['--url', server.url, '--key', org.api_key, '--format', 'csv', '--status', 'delivered'],
        ]);
        const records = parse(fromService.stdout, { columns: true }) as Array<Record<string, string>>;
        expect(records.map((record) => record.id)).toEqual(delivered.map((order) => order.id));
        const shown = (name: string) => (name.startsWith('=') ? `'${name}` : name);
        expect(records.map((record) => record.customer_name)).toEqual(
          delivered.map((order) => shown(order.customer_name)),
        );
        expect(fromService.stderr).toBe(''); // stderr is not a terminal here: no progress line
      } finally {
        await server.stop();
      }

      // With the service stopped, the CLI may open the database (a PGlite dir has one user at a time).
      const direct = await runCli(database.env, [
        '--json',
        'export',
        ...['--org', org.organization_id, '--format', 'jsonl', '--status', 'delivered'],
      ]);
      const lines = direct.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual(delivered);

      await expect(
        runCli(database.env, ['--json', 'export', '--org', org.organization_id, '--status', 'flying']),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('--status unknown value flying') });
    } finally {
      await database.drop();
    }
  });
});
