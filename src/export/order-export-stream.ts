/**
 * @module Turns batches of stored orders into an export file as a byte stream: CSV (RFC 4180 by
 * csv-stringify), JSON Lines (the stored snapshots as they are) or XLSX (exceljs's streaming workbook
 * writer). Each batch is written before the next is read, and destroying the stream stops the reads.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { SnapshotSource } from '../domain/envelope.js';
import type { UnifiedOrderPayload } from '../domain/order.js';
import {
  type Cell,
  type ExportColumn,
  type ExportLines,
  exportColumns,
  exportRows,
  neutralizeFormula,
} from '../domain/order-export-rows.js';

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

export type OrderBatches = AsyncIterable<readonly SnapshotSource[]>;

/** `orders-20261123T131500Z.csv`: what the export holds and when it was taken. */
export function exportFileName(options: Pick<ExportOptions, 'format' | 'lines'>, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${options.lines === 'items' ? 'order-lines' : 'orders'}-${stamp}.${options.format}`;
}

export function exportStream(batches: OrderBatches, options: ExportOptions): Readable {
  switch (options.format) {
    case 'csv':
      return Readable.from(csvChunks(batches, options), { objectMode: false });
    case 'jsonl':
      return Readable.from(jsonlChunks(batches), { objectMode: false });
    case 'xlsx':
      return xlsxStream(batches, options.lines);
  }
}

const rowsOf = (batch: readonly SnapshotSource[], lines: ExportLines): Cell[][] =>
  batch.flatMap((order) => exportRows(JSON.parse(order.snapshot) as UnifiedOrderPayload, lines));

/** CSV cells are text: formulas neutralized, booleans spelled out, numbers as JavaScript prints them. */
function csvCell(cell: Cell): string {
  if (cell === null) {
    return '';
  }
  return typeof cell === 'string' ? neutralizeFormula(cell) : String(cell);
}

// RFC 4180 ends records with CRLF.
const CSV_OPTIONS = { record_delimiter: 'windows' } as const;

async function* csvChunks(batches: OrderBatches, options: ExportOptions): AsyncGenerator<string> {
  const header = exportColumns(options.lines).map((column) => column.header);
  yield (options.bom ? '\uFEFF' : '') + stringify([header], CSV_OPTIONS);
  for await (const batch of batches) {
    yield stringify(
      rowsOf(batch, options.lines).map((row) => row.map(csvCell)),
      CSV_OPTIONS,
    );
  }
}

async function* jsonlChunks(batches: OrderBatches): AsyncGenerator<string> {
  for await (const batch of batches) {
    // Snapshots are stored as compact JSON without raw newlines, so each is one line as it is.
    yield batch.map((order) => `${order.snapshot}\n`).join('');
  }
}

/** Date cells are real spreadsheet dates (UTC), shown with seconds. */
function xlsxCell(cell: Cell, column: ExportColumn): ExcelJS.CellValue {
  return column.type === 'time' && typeof cell === 'string' ? new Date(cell) : cell;
}

/** Resolves when the reader has taken what was written, or has gone away. */
async function readerCaughtUp(out: PassThrough): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) {
    await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}

function xlsxStream(batches: OrderBatches, lines: ExportLines): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // Shared strings would keep every distinct text in memory until the end.
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Orders');
  const columns = exportColumns(lines);
  sheet.columns = columns.map((column) => ({
    header: column.header,
    key: column.header,
    style: column.type === 'time' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  const write = async () => {
    for await (const batch of batches) {
      if (out.destroyed) {
        return; // the client went away: leaving the loop ends the reads
      }
      for (const row of rowsOf(batch, lines)) {
        sheet.addRow(row.map((cell, index) => xlsxCell(cell, columns[index] as ExportColumn))).commit();
      }
      await readerCaughtUp(out);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

export interface BatchTracking {
  onBatch?: (orders: number) => void;
  /** Called once when reading ends: all read (`complete`), or stopped early (a reader went away). */
  onEnd?: (orders: number, complete: boolean) => void;
}

/** The same batches, counted: for progress bars and for logging how an export ended. */
export async function* trackBatches<T>(
  batches: AsyncIterable<readonly T[]>,
  tracking: BatchTracking,
): AsyncGenerator<readonly T[]> {
  let orders = 0;
  let complete = false;
  try {
    for await (const batch of batches) {
      orders += batch.length;
      tracking.onBatch?.(batch.length);
      yield batch;
    }
    complete = true;
  } finally {
    tracking.onEnd?.(orders, complete);
  }
}
