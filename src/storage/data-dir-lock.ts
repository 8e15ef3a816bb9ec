/**
 * @module PGlite is one PostgreSQL inside one process: two processes opening the same data dir would
 * each write their own view of it and corrupt it. A pid file makes the second one refuse instead.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data dir for this process; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'linkit.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder !== process.pid && Number.isInteger(holder) && isAlive(holder)) {
      throw new DataDirInUseError(
        `the PGlite data dir ${dataDir} is in use by process ${holder} (a running service?). ` +
          'Stop it first, use the HTTP API, or run on PostgreSQL (DATABASE_URL) to share a database.',
      );
    }
    // A stale file from a process that died: take it over.
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}
