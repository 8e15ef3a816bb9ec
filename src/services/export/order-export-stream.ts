/**
 * @module Writes an export file as a byte stream: CSV (RFC 4180, by PostgreSQL's COPY or by
 * csv-stringify, byte for byte the same), JSON Lines (the stored snapshots as they are) or XLSX
 * (one sheet, see xlsx-sheet-stream.ts). Destroying the stream stops the reads.
 */
import { pipeline, Readable } from 'node:stream';
import { type Options as StringifyOptions, stringify } from 'csv-stringify/sync';
import type { Actor } from '../../domain/order-event.js';
import { type ExportLines, exportColumns } from '../../storage/order-export-sql.js';
import type { Cell, ExportSelection, OrdersExportService } from '../orders-export-service.js';
import { countedLines, csvRecordEnds } from './record-ends.js';
import { sheetRowsXml, xlsxSheetStream } from './xlsx-sheet-stream.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/jsonl; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportOptions {
  format: ExportFormat;
  /** One row per order or per product line (csv and xlsx). */
  lines: ExportLines;
  /** A UTF-8 byte order mark first, so that Excel reads a CSV's Arabic text as UTF-8. */
  bom: boolean;
}

/** `orders-20261123T131500Z.csv`: what the export holds and when it was taken. */
export function exportFileName(options: Pick<ExportOptions, 'format' | 'lines'>, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${options.lines === 'items' ? 'order-lines' : 'orders'}-${stamp}.${options.format}`;
}

/** Counts of an export as it goes: for progress bars, and for logging how an export ended. */
export interface ExportTracking {
  onRows?: (rows: number) => void;
  /** Called once when the export ends: all written (`complete`), or stopped early (a reader went away). */
  onEnd?: (rows: number, complete: boolean) => void;
}

/**
 * The export file as a byte stream. On PostgreSQL, CSV and JSON Lines are written by the server's COPY
 * and passed through; otherwise (PGlite, and XLSX everywhere) from keyset batches, each written before
 * the next is read. Either way, destroying the stream stops the reads. See docs/decisions/0052.
 */
export async function openExport(
  exports: OrdersExportService,
  actor: Actor,
  selection: ExportSelection,
  options: ExportOptions,
  tracking: ExportTracking = {},
): Promise<Readable> {
  const { format, lines } = options;
  if (exports.canCopy && format === 'xlsx') {
    const copy = await exports.copySheetRows(actor, selection, lines);
    // The rows are counted as lines; a byte order mark has no place in a zip.
    return xlsxSheetStream(
      trackedCopy(copy, { ...options, bom: false }, tracking),
      exportColumns(lines),
      'Orders',
    );
  }
  if (exports.canCopy) {
    const copy =
      format === 'csv'
        ? await exports.copyCsv(actor, selection, lines)
        : await exports.copyJsonl(actor, selection);
    return trackedCopy(copy, options, tracking);
  }
  if (format === 'jsonl') {
    return Readable.from(jsonlChunks(trackBatches(exports.snapshotBatches(actor, selection), tracking)));
  }
  const rows = trackBatches(
    exports.rowBatches(actor, selection, { lines, neutralize: format === 'csv' }),
    tracking,
  );
  return format === 'csv'
    ? Readable.from(csvChunks(rows, options))
    : xlsxSheetStream(
        Readable.from(sheetRowsXml(rows, exportColumns(lines))),
        exportColumns(lines),
        'Orders',
      );
}

const BOM = '\uFEFF';

/** COPY's output with CRLF record ends (csv) and a BOM on request, counted as it passes. */
function trackedCopy(copy: Readable, options: ExportOptions, tracking: ExportTracking): Readable {
  let rows = 0;
  let headerPassed = options.format !== 'csv';
  const counted = (records: number) => {
    const dataRows = headerPassed ? records : records - 1;
    headerPassed = true;
    rows += dataRows;
    if (dataRows > 0) {
      tracking.onRows?.(dataRows);
    }
  };
  const out = options.format === 'csv' ? csvRecordEnds(counted) : countedLines(counted);
  if (options.bom) {
    out.push(BOM);
  }
  let complete = false;
  out.once('end', () => {
    complete = true;
  });
  out.once('close', () => tracking.onEnd?.(rows, complete));
  // A reader that goes away destroys `out`, and the pipeline destroys the copy: that cancels it.
  pipeline(copy, out, () => {});
  return out;
}

/**
 * csv-stringify with the quoting of PostgreSQL's COPY, so that both engines write the same bytes: RFC
 * 4180 quoting (a field with `,` `"` CR or LF: csv-stringify's sync build left a lone CR or LF
 * unquoted with CRLF record ends), an empty text quoted (`""`) and a null left empty.
 */
const CSV_OPTIONS = {
  record_delimiter: 'windows',
  quoted_match: [/^$/, /[\r\n]/],
} satisfies StringifyOptions;

async function* csvChunks(batches: AsyncIterable<Cell[][]>, options: ExportOptions): AsyncGenerator<string> {
  const header = exportColumns(options.lines).map((column) => column.header);
  yield (options.bom ? BOM : '') + stringify([header], CSV_OPTIONS);
  for await (const rows of batches) {
    yield stringify(rows, CSV_OPTIONS);
  }
}

async function* jsonlChunks(batches: AsyncIterable<string[]>): AsyncGenerator<string> {
  for await (const snapshots of batches) {
    // Snapshots are stored as compact JSON without raw newlines, so each is one line as it is.
    yield `${snapshots.join('\n')}\n`;
  }
}

/** The same batches, their rows counted. */
async function* trackBatches<T>(batches: AsyncIterable<T[]>, tracking: ExportTracking): AsyncGenerator<T[]> {
  let rows = 0;
  let complete = false;
  try {
    for await (const batch of batches) {
      rows += batch.length;
      tracking.onRows?.(batch.length);
      yield batch;
    }
    complete = true;
  } finally {
    tracking.onEnd?.(rows, complete);
  }
}
