/**
 * @module A one-sheet XLSX file written as a byte stream: fixed package parts, and the sheet's rows as
 * SpreadsheetML, rendered by PostgreSQL (COPY) or here from batches of cells (PGlite), zipped by
 * archiver. Cells are written in the form exceljs wrote them. exceljs's WorkbookWriter, and before it
 * the cells read as strings, grew the server's memory by ~150 MB (docs/decisions/0053).
 */
import { PassThrough, Readable } from 'node:stream';
import archiver from 'archiver';
import { columnLetters } from '../../domain/spreadsheet-columns.js';
import type { ExportColumn } from '../../storage/order-export-sql.js';
import type { Cell } from '../orders-export-service.js';

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
const XML_SPECIAL = /[&<>"\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
};
function xmlText(text: string): string {
  XML_SPECIAL.lastIndex = 0;
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL, (char) => XML_ESCAPES[char] ?? '') : text;
}

/**
 * The sheet's XML is handed to the zip in pieces of about this many characters: small enough to stay in
 * V8's young generation (a flattened string over 128 KB, 64k characters of UTF-16, is allocated among
 * old objects), large enough that a write is not per row.
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

/**
 * The sheet's rows as XML, from batches of cells (PGlite; on PostgreSQL the database renders them,
 * `exportSheetRowsQuery`), numbered from 2 (row 1 is the header).
 */
export async function* sheetRowsXml(
  batches: AsyncIterable<Cell[][]>,
  columns: readonly ExportColumn[],
): AsyncGenerator<string> {
  const letters = columns.map((_, index) => columnLetters(index));
  const types = columns.map((column) => column.type);
  let rowNumber = 1;
  for await (const rows of batches) {
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
      xml += '</row>\n'; // as COPY ends each row, so that both engines write the same XML
      if (xml.length > CHUNK_CHARS) {
        yield xml;
        xml = '';
      }
    }
    if (xml) {
      yield xml;
    }
  }
}

/** The sheet's XML: its header row, then `rows` (row elements) as they come. */
async function* sheetXml(rows: Readable, columns: readonly ExportColumn[]): AsyncGenerator<string | Buffer> {
  const header = columns
    .map((column, index) => `<c r="${columnLetters(index)}1" t="str"><v>${xmlText(column.header)}</v></c>`)
    .join('');
  yield `${XML_DECLARATION}<worksheet xmlns="${MAIN}"><sheetData><row r="1">${header}</row>`;
  yield* rows;
  yield '</sheetData></worksheet>';
}

/**
 * The XLSX file of one sheet named `sheetName`: a header row of the columns' names, then `rows`, the
 * sheet's row elements (from `sheetRowsXml` or PostgreSQL). The zip reads `rows` as it compresses, so
 * a slow reader slows the reads; destroying the returned stream destroys `rows`, which stops them.
 */
export function xlsxSheetStream(
  rows: Readable,
  columns: readonly ExportColumn[],
  sheetName: string,
): Readable {
  const out = new PassThrough();
  const sheet = Readable.from(sheetXml(rows, columns), { objectMode: false });
  const archive = archiver('zip', { zlib: { level: 6 } });
  const fail = (error: Error) => out.destroy(error);
  archive.on('error', fail);
  sheet.on('error', fail);
  out.once('close', () => {
    if (!out.readableEnded) {
      // The rows first: destroying them is what stops the reads.
      rows.destroy();
      sheet.destroy();
      archive.abort();
    }
  });
  archive.pipe(out);
  archive.append(CONTENT_TYPES, { name: '[Content_Types].xml' });
  archive.append(PACKAGE_RELS, { name: '_rels/.rels' });
  archive.append(workbookXml(sheetName), { name: 'xl/workbook.xml' });
  archive.append(WORKBOOK_RELS, { name: 'xl/_rels/workbook.xml.rels' });
  archive.append(STYLES, { name: 'xl/styles.xml' });
  archive.append(sheet, { name: 'xl/worksheets/sheet1.xml' });
  archive.finalize().catch(fail);
  // The zip reaches the sheet after the other parts: start the reads now, so that they begin (and
  // their tracking ends) even when a reader goes away before the first row is zipped.
  rows.read(0);
  return out;
}
