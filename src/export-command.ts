/**
 * @module `linkit export`: an export file on stdout, read straight from the database (`--org`) or
 * streamed from a running service (`--url` and `--key`, for when the service holds the PGlite data
 * dir). Flags are the export's query parameters, validated exactly as the HTTP route validates them.
 */
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ParseArgsConfig } from 'node:util';
import { ApiError } from './errors.js';
import { createProgress } from './export-progress.js';
import { OrdersExportQuery, parseExportQuery } from './http/order-export-query.js';
import { compileQueryValidator } from './http/validation.js';
import { openExport } from './services/export/order-export-stream.js';
import { createOrdersExportService } from './services/orders-export-service.js';
import { createTenantsService } from './services/tenants-service.js';
import type { Database } from './storage/db.js';

/** Every export query parameter is a flag of the same name: `--status delivered --from 2026-01-01T00:00:00Z`. */
const QUERY_PARAMS = Object.keys(OrdersExportQuery.properties);

export const EXPORT_FLAGS: NonNullable<ParseArgsConfig['options']> = {
  ...Object.fromEntries(
    QUERY_PARAMS.map((param) => [param, { type: param === 'bom' ? 'boolean' : 'string' } as const]),
  ),
  url: { type: 'string' },
  key: { type: 'string' },
};

export const EXPORT_USAGE = `  export [--org <id> | --url <service url> --key <api key>] [--format csv|jsonl|xlsx] [--lines orders|items] [--bom]
         [--status …] [--from …] [--to …] [--sort …] and every other list filter, as flags
                                            write an export to stdout (progress on stderr when it is a terminal)`;

export class ExportUsageError extends Error {}

type Flags = Record<string, string | boolean | undefined>;

const validateQuery = compileQueryValidator(OrdersExportQuery);

function queryFrom(flags: Flags): Record<string, string | boolean> {
  const entries = QUERY_PARAMS.flatMap((param) =>
    flags[param] === undefined ? [] : [[param, flags[param]]],
  );
  return Object.fromEntries(entries);
}

function describe(error: ApiError): string {
  const details = Object.entries(error.details).map(([param, problem]) => `--${param} ${String(problem)}`);
  return details.length > 0 ? details.join('; ') : error.message;
}

/** Reads the export from the database: every flag checked before anything is opened. */
async function exportFromDatabase(flags: Flags, organizationId: string, open: () => Promise<Database>) {
  const { selection, options } = parseExportQuery(validateQuery(queryFrom(flags)));
  const database = await open();
  try {
    if (!(await createTenantsService(database.db).organizationExists(organizationId))) {
      throw new ExportUsageError(`no organization ${organizationId}`);
    }
    const progress = createProgress(process.stderr, 'rows');
    const exports = createOrdersExportService({ db: database.db, copyOut: database.copyOut });
    const file = await openExport(exports, { organizationId }, selection, options, {
      onRows: (rows) => progress.add(rows),
    });
    await pipeline(file, process.stdout);
    progress.finish();
  } finally {
    await database.close();
  }
}

/**
 * Streams the export from a running service. Progress counts lines, which are rows for jsonl and for
 * csv (a quoted line break inside a cell counts one more); xlsx is zipped, so it counts bytes.
 */
async function exportFromService(flags: Flags, base: string, key: string) {
  const url = new URL('/api/v1/orders/export', base);
  for (const [param, value] of Object.entries(queryFrom(flags))) {
    url.searchParams.set(param, String(value));
  }
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok || !response.body) {
    throw new ExportUsageError(`the service answered ${response.status}: ${await response.text()}`);
  }
  const byBytes = url.searchParams.get('format') === 'xlsx';
  const progress = createProgress(process.stderr, byBytes ? 'bytes' : 'rows');
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress.add(byBytes ? chunk.length : countLines(chunk));
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    counter,
    process.stdout,
  );
  progress.finish();
}

function countLines(chunk: Buffer): number {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
    lines += 1;
  }
  return lines;
}

export async function runExport(flags: Flags, open: () => Promise<Database>): Promise<void> {
  const { org, url, key } = flags as Record<string, string | undefined>;
  try {
    if (url) {
      if (!key) {
        throw new ExportUsageError('--url needs --key <api key with order:read>');
      }
      await exportFromService(flags, url, key);
    } else if (org) {
      await exportFromDatabase(flags, org, open);
    } else {
      throw new ExportUsageError(
        'export needs --org <id> (from the database) or --url and --key (from a service)',
      );
    }
  } catch (error) {
    throw error instanceof ApiError ? new ExportUsageError(describe(error)) : error;
  }
}
