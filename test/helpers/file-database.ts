/**
 * @module Vitest setup file, run in each test file's own process before the file: on PostgreSQL it
 * gives the file a database of its own, copied from the run's migrated template, and points
 * TEST_DATABASE_URL at it for everything in this file (startTestApp, extra connections, child
 * processes). Dropped when the file ends. On PGlite each startTestApp() copies its own data dir.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { withDatabase } from './global-setup.js';

const serverUrl = inject('postgresServerUrl');
const template = inject('postgresTemplateDatabase');

if (serverUrl && template) {
  const name = `linkit_file_${process.pid}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  process.env.TEST_DATABASE_URL = withDatabase(serverUrl, name);

  beforeAll(async () => {
    await admin.unsafe(`create database ${name} template ${template}`);
  });
  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
}
