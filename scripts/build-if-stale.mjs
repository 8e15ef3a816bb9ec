#!/usr/bin/env node
/**
 * Builds the server and the dashboard only when a source is newer than the last build, so that
 * `npm start` after `npm install` (which built already) or a restart with no change starts at once
 * (issue 21: the build ran twice on a first start and on every restart). `npm run build` still
 * builds unconditionally.
 *
 * Hand-written rather than a build tool's cache: tsc's incremental mode still costs seconds to check a
 * whole project, and Vite has no up-to-date check at all; comparing modification times is enough here.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
/** What a build reads: sources, the dashboard and the build's own settings. */
const INPUTS = ['src', 'web', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Outputs and test artifacts under the inputs, never sources. */
const SKIPPED = new Set(['node_modules', 'dist', 'screenshots']);

function newestModification(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (!SKIPPED.has(entry)) {
      newest = Math.max(newest, newestModification(join(path, entry)));
    }
  }
  return newest;
}

const built = existsSync(STAMP) && existsSync('web/dist') ? statSync(STAMP).mtimeMs : 0;
const changed = Math.max(...INPUTS.filter((input) => existsSync(input)).map(newestModification));
if (changed > built) {
  // Stamped with the time the build began: a source saved during the build makes the next start build.
  const began = new Date();
  execSync('npm run build', { stdio: 'inherit' });
  writeFileSync(STAMP, `${began.toISOString()}\n`);
  utimesSync(STAMP, began, began);
} else {
  process.stdout.write('build is current: nothing to rebuild\n');
}
