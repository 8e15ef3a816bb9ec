/** Where test files put PGlite data dirs: under the run's root (global-setup.ts), removed with it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export function newDataDir(prefix: string): string {
  return mkdtempSync(join(inject('testDataRoot') ?? tmpdir(), prefix));
}
