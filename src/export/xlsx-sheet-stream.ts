/**
 * @module A one-sheet XLSX file written as a byte stream from batches of flat rows: the sheet's XML is
 * built as one string per batch and zipped by archiver (native zlib), with nothing per cell but that
 * string. It replaces exceljs's WorkbookWriter for exports, whose Row, Cell and model objects per cell
 * (and its zip input that ignores backpressure) grew the server's memory by ~150 MB at 1,000,000 rows
 * (bench/export.md, docs/decisions/0053). Cells are written in the form exceljs wrote them.
 */
import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import archiver from 'archiver';
import type { Cell } from '../services/orders-export-service.js';
import type { ExportColumn } from '../storage/order-export-sql.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOCUMENT_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES = `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;

const PACKAGE_RELS = `${XML_DECLARATION}<Relationships xmlns="${RELATIONSHIPS}"><Relationship Id="rId1" Type="${DOCUMENT_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `${XML_DECLARATION}<Relationships xmlns="${RELATIONSHIPS}"><Relationship Id="rId1" Type="${DOCUMENT_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${DOCUMENT_RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`;

/** Style 1 is the date-time format of time cells (UTC, shown with seconds); style 0 is Excel's default. */
const DATE_STYLE = 1;
const STYLES = `${XML_DECLARATION}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const workbookXml = (sheetName: string) =>
  `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${DOCUMENT_RELATIONSHIPS}"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

/**
 * Text for XML: markup escaped, and the characters XML 1.0 cannot hold (C0 controls but tab, LF and
 * CR; DEL) dropped, as exceljs did. Most cells have none of them, and are returned as they are.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are the characters XML cannot hold
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function xmlText(text: string): string {
  XML_SPECIAL.lastIndex = 0;
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL, (char) => XML_ESCAPES[char] ?? '') : text;
}

/** `A`, `B`, …, `Z`, `AA`: the letters of a 0-based column index. */
function columnLetters(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * The sheet's XML is handed to the zip in pieces of about this many characters: small enough to stay in
 * V8's young generation (a flattened string over 128 KB — 64k characters of UTF-16 — is allocated
 * among old objects, and a batch's XML in one string grew the heap by ~50 MB more), large enough that
 * a write is not per row.
 */
const CHUNK_CHARS = 16_384;
const MS_PER_DAY = 86_400_000;
/** 1970-01-01 as an Excel serial day (the 1900 date system). */
const UNIX_EPOCH_SERIAL = 25_569;

/** One cell's XML: numbers, dates (Excel serial days in UTC) and booleans typed, other text as text. */
function cellXml(cell: Cell, type: ExportColumn['type'], column: string, row: number): string {
  if (cell === null) {
    return '';
  }
  switch (type) {
    case 'number':
      return `<c r="${column}${row}"><v>${Number(cell)}</v></c>`;
    case 'time':
      return `<c r="${column}${row}" s="${DATE_STYLE}"><v>${UNIX_EPOCH_SERIAL + Date.parse(cell) / MS_PER_DAY}</v></c>`;
    case 'boolean':
      return `<c r="${column}${row}" t="b"><v>${cell === 'true' ? 1 : 0}</v></c>`;
    default:
      return `<c r="${column}${row}" t="str"><v>${xmlText(cell)}</v></c>`;
  }
}

/** Resolves when `stream` can take more, or `out` has gone away. */
async function roomIn(stream: Writable, out: Readable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed || out.destroyed) {
    return;
  }
  const stop = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }),
    ]);
  } finally {
    stop.abort();
  }
}

/**
 * The XLSX file of one sheet: a header row of the columns' names, then a row per row of `batches`,
 * each batch written (and taken by the zip) before the next is read, so that memory does not grow with
 * the row count and a slow reader slows the reads. Destroying the stream stops the reads.
 */
export function xlsxSheetStream(
  batches: AsyncIterable<Cell[][]>,
  columns: readonly ExportColumn[],
  sheetName: string,
): Readable {
  const out = new PassThrough();
  const sheet = new PassThrough();
  const archive = archiver('zip', { zlib: { level: 6 } });
  archive.on('error', (error) => out.destroy(error));
  archive.pipe(out);
  out.once('close', () => {
    if (!out.readableEnded) {
      archive.abort();
      sheet.destroy();
    }
  });
  archive.append(CONTENT_TYPES, { name: '[Content_Types].xml' });
  archive.append(PACKAGE_RELS, { name: '_rels/.rels' });
  archive.append(workbookXml(sheetName), { name: 'xl/workbook.xml' });
  archive.append(WORKBOOK_RELS, { name: 'xl/_rels/workbook.xml.rels' });
  archive.append(STYLES, { name: 'xl/styles.xml' });
  archive.append(sheet, { name: 'xl/worksheets/sheet1.xml' });

  const letters = columns.map((_, index) => columnLetters(index));
  const types = columns.map((column) => column.type);
  const write = async () => {
    const header = columns
      .map((column, index) => `<c r="${letters[index]}1" t="str"><v>${xmlText(column.header)}</v></c>`)
      .join('');
    sheet.write(`${XML_DECLARATION}<worksheet xmlns="${MAIN}"><sheetData><row r="1">${header}</row>`);
    let rowNumber = 1;
    for await (const rows of batches) {
      if (out.destroyed) {
        return; // the client went away: leaving the loop ends the reads
      }
      let xml = '';
      for (const row of rows) {
        rowNumber += 1;
        xml += `<row r="${rowNumber}">`;
        for (let index = 0; index < row.length; index += 1) {
          xml += cellXml(
            row[index] as Cell,
            types[index] as ExportColumn['type'],
            letters[index] as string,
            rowNumber,
          );
        }
        xml += '</row>';
        if (xml.length > CHUNK_CHARS) {
          sheet.write(xml);
          xml = '';
        }
      }
      sheet.write(xml);
      await roomIn(sheet, out);
    }
    sheet.end('</sheetData></worksheet>');
    await archive.finalize();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
