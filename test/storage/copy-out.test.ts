/**
 * The COPY relay on a real PostgreSQL: after a copy, read to the end or abandoned, its connection must
 * serve the next statement. One connection in the pool, so the next statement runs on the copy's.
 */

import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopyOut } from '../../src/storage/copy-out.js';

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('COPY … TO STDOUT relay (PostgreSQL)', () => {
  let client: postgres.Sql;

  beforeAll(() => {
    client = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await client.end({ timeout: 5 });
  });

  /** A statement on the pool's only connection, or a failure if it hangs. */
  async function nextStatementAnswers(): Promise<number> {
    const answer = client`select 1 as one`.then((rows) => rows[0]?.one as number);
    const hung = sleep(5000).then(() => {
      throw new Error('the connection the copy used no longer answers');
    });
    return Promise.race([answer, hung]);
  }

  /** `rows` rows of 100 bytes: sizes around the driver's 16 KB buffer and a 64 KB socket read. */
  const copyOf = (rows: number) =>
    createCopyOut(client)(sql`copy (select repeat('x', 99) from generate_series(1, ${rows})) to stdout`);

  /** Reads the stream to the end, slowly: the copy fills the driver's buffer before anyone reads. */
  async function readSlowly(stream: Readable): Promise<number> {
    await sleep(50);
    let bytes = 0;
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      await sleep(1);
    }
    return bytes;
  }

  it('leaves its connection usable after a slow reader reads to the end', async () => {
    // The bug this guards: CopyData filling the buffer pauses the socket, and when CopyDone arrives in
    // the same socket read, nothing resumed it (porsager/postgres#1016). Several sizes, so that some
    // copy ends in the read that filled the buffer.
    for (const rows of [200, 300, 400, 500, 600, 1000, 3000]) {
      expect(await readSlowly(await copyOf(rows)), `${rows} rows`).toBe(rows * 100);
      expect(await nextStatementAnswers(), `after ${rows} rows`).toBe(1);
    }
  });

  it('cancels an abandoned copy and leaves its connection usable', async () => {
    for (const rows of [500, 100_000]) {
      const stream = await copyOf(rows);
      await sleep(50);
      stream.destroy();
      expect(await nextStatementAnswers(), `after abandoning ${rows} rows`).toBe(1);
    }
  });
});
