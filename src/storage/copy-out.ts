/**
 * @module `COPY (…) TO STDOUT` on PostgreSQL as a Node stream: the server writes the file and Node only
 * passes bytes on, with backpressure down to the socket. PGlite has no streaming COPY, so only the
 * PostgreSQL engine offers it (docs/decisions/0052).
 */
import { PassThrough, Readable } from 'node:stream';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';

/** Streams a `COPY … TO STDOUT` statement's output; destroying the stream cancels the statement. */
export type CopyOut = (statement: SQL) => Promise<Readable>;

const dialect = new PgDialect();

/** An escape-string literal: correct whatever `standard_conforming_strings` says. */
function stringLiteral(value: string): string {
  return `E'${value.replace(/[\\']/g, (char) => `${char}${char}`)}'`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'string') {
    return stringLiteral(value);
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return `array[${value.map(stringLiteral).join(', ')}]::text[]`;
  }
  throw new TypeError(`no SQL literal for ${typeof value} parameter`);
}

/**
 * The statement with its parameters written in as literals: COPY takes no bind parameters. Drizzle
 * numbers them `$1`, `$2`…; the statement's own text (ours, not user input) has no other `$`.
 */
export function inlineParameters(statement: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return text.replace(/\$(\d+)/g, (_, index: string) => literal(params[Number(index) - 1]));
}

export function createCopyOut(client: postgres.Sql): CopyOut {
  return async (statement) => {
    // A connection of its own until the copy is over, so that a cancel can only hit this statement.
    const connection = await client.reserve();
    try {
      const query = connection.unsafe(inlineParameters(statement));
      listenFromTheStart(query as unknown as { resolve: (value: unknown) => void });
      const source = (await query.readable()) as Readable;
      return relay(source, query, () => connection.release());
    } catch (error) {
      connection.release();
      throw error;
    }
  };
}

/**
 * postgres.js resolves the query with the copy stream, and when the server's error (a row that fails,
 * mid-copy) arrives in the same socket read, it destroys that stream at once: its 'error' event is
 * emitted before an `await` on the query resumes, so with no listener yet it ended the process (issue
 * 17). The stream gets a listener the moment it exists; `relay` reads the error from `errored`.
 */
function listenFromTheStart(query: { resolve: (value: unknown) => void }): void {
  const resolve = query.resolve;
  query.resolve = (value) => {
    if (value instanceof Readable) {
      value.on('error', () => {});
    }
    resolve(value);
  };
}

/** COPY sends one message per row: passed on one by one, the per-chunk cost of every stream after it
 * (and of the socket writes) would be paid a million times. Rows are gathered into chunks this big. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Passes the copy on in large chunks, pausing it while the reader is behind. postgres.js pauses its
 * socket when the copy stream is full, so destroying that stream would leave the connection stuck
 * mid-copy: a reader that goes away instead cancels the statement and drains what is still in flight,
 * and the connection is released once the copy is over.
 */
function relay(source: Readable, query: { cancel(): void }, release: () => void): Readable {
  const out = new PassThrough({ highWaterMark: CHUNK_BYTES });
  // Released only once a cancel has reached the server too, so that it can't hit the next statement.
  let cancelled: Promise<unknown> = Promise.resolve();
  let over = false;
  const finish = () => {
    if (!over) {
      over = true;
      void cancelled.finally(release);
    }
  };
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  const flush = () => {
    if (gatheredBytes > 0 && !out.destroyed) {
      const chunk = Buffer.concat(gathered, gatheredBytes);
      gathered = [];
      gatheredBytes = 0;
      if (!out.write(chunk)) {
        source.pause();
        out.once('drain', () => source.resume());
      }
    }
  };
  const onData = (row: Buffer) => {
    gathered.push(row);
    gatheredBytes += row.length;
    if (gatheredBytes >= CHUNK_BYTES) {
      flush();
    }
  };
  source.on('data', onData);
  source.once('end', () => {
    resumeDriverSocket(source);
    finish();
    flush();
    out.end();
  });
  const fail = (error: Error) => {
    resumeDriverSocket(source);
    finish();
    out.destroy(error);
  };
  if (source.errored) {
    // Failed before this function was called (see listenFromTheStart).
    queueMicrotask(() => fail(source.errored as Error));
  } else {
    source.once('error', fail);
  }
  out.once('close', () => {
    if (!source.readableEnded) {
      source.off('data', onData);
      gathered = [];
      // postgres.js types `cancel()` as void; it returns the cancel request's promise.
      cancelled = Promise.resolve(query.cancel() as unknown).catch(() => {});
      source.resume(); // discard the rest: the cancel's error (or the end) then finishes the copy
    }
  });
  return out;
}

/**
 * postgres.js pauses its socket when the copy stream's buffer is full and resumes it only when the
 * stream is read again. When the copy's last message came in the same socket read that paused it, the
 * stream ends with the socket still paused and the connection never answers another statement
 * (porsager/postgres#1016, open in 3.4.9). The stream's read function is what resumes the socket, so
 * it is called once more after the end; on a socket that is flowing it does nothing.
 */
function resumeDriverSocket(source: Readable): void {
  source._read(0);
}
