/**
 * @module Vitest global setup: migrates one template database per run, so that each test file starts
 * from a copy of it instead of creating a database and applying every migration itself (on PGlite that
 * was ~4 s per file). Each file still gets a database of its own: files share no mutable state, which
 * is what lets them run in parallel.
 */
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's directory for PGlite data dirs (data-dir.ts), removed when the run ends. */
    testDataRoot: string;
    /** PGlite: a migrated data dir that test files copy (never open it: it is shared). */
    pgliteTemplateDir: string;
    /** PostgreSQL: the server URL given in TEST_DATABASE_URL, and a migrated template database on it. */
    postgresServerUrl: string;
    postgresTemplateDatabase: string;
  }
}

/** Enough for the data dirs of two files at a time (tens of MB each) with a wide margin. */
const MEMORY_DIR_MIN_FREE = 2 * 1024 ** 3;

/**
 * PGlite writes every page through the file system: on a RAM disk (tmpfs /dev/shm, where there is
 * room) copying and opening a data dir takes a tenth of the time it takes on this machine's disk.
 */
function dataRootBase(): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize >= MEMORY_DIR_MIN_FREE) {
      return '/dev/shm';
    }
  } catch {
    // No /dev/shm (macOS): the ordinary temp dir.
  }
  return tmpdir();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataRoot = mkdtempSync(join(dataRootBase(), 'linkit-test-run-'));
  project.provide('testDataRoot', dataRoot);
  const removeDataRoot = () => rmSync(dataRoot, { recursive: true, force: true });
  try {
    return await migrateTemplate(project, removeDataRoot, join(dataRoot, 'template'));
  } catch (error) {
    // Vitest runs no teardown when the setup fails: a RAM disk must not keep the run's files.
    removeDataRoot();
    throw error;
  }
}

async function migrateTemplate(
  project: TestProject,
  removeDataRoot: () => void,
  templateDir: string,
): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: templateDir });
    await migrate(database.db);
    await database.close();
    project.provide('pgliteTemplateDir', templateDir);
    return async () => removeDataRoot();
  }

  const templateName = `linkit_template_${process.pid}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${templateName}`);
  const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, templateName), dataDir: '' });
  await migrate(database.db);
  // CREATE DATABASE … TEMPLATE refuses a template that anyone is connected to.
  await database.close();
  project.provide('postgresServerUrl', serverUrl);
  project.provide('postgresTemplateDatabase', templateName);
  return async () => {
    await admin.unsafe(`drop database if exists ${templateName} with (force)`);
    await admin.end();
    removeDataRoot();
  };
}

/** The URL of another database on the same server. */
export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
