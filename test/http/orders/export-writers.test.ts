/**
 * PostgreSQL writes CSV and JSON Lines with its own COPY; PGlite with csv-stringify and joined
 * snapshots (docs/decisions/0052). Both must give the same bytes: here the same orders go through both
 * writers on PostgreSQL, and each file is checked against the list.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportOptions, openExport } from '../../../src/services/export/order-export-stream.js';
import { sheetRowsXml } from '../../../src/services/export/xlsx-sheet-stream.js';
import {
  createOrdersExportService,
  type ExportSelection,
} from '../../../src/services/orders-export-service.js';
import { type ExportLines, exportColumns } from '../../../src/storage/order-export-sql.js';
import { engine, startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;
/** The same orders, then given what the API would refuse. */
let odd: TestTenant;

/** Text that tests every quoting and line-end rule, and JSON escapes of control characters. */
const AWKWARD = [
  { customer_name: 'lone LF\nname', comment: 'lone LF\nhere', receiver_name: 'lone CR\rhere' },
  { customer_name: '"quoted" name, with comma', comment: 'CRLF\r\ninside "a" quote' },
  { customer_name: '\tleading tab', comment: 'control \u0001 and \u0002 characters' },
  { customer_name: 'عبدالله "أبو" فهد', comment: '=SUM(A1)', receiver_name: '-5' },
  { customer_name: null, comment: null },
];

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
  odd = await app.newTenant();
  const bodies = AWKWARD.map((fields, index) =>
    orderBody({
      ...fields,
      currency: 'KWD',
      products: [
        { name: `Line "${index}", first\nrow`, sku: `=SKU-${index}`, quantity: 3, price: 1.005 },
        { name: 'plain', sku: 'PLAIN', quantity: 2, price: 0 },
      ],
      total_amount: 10.125 + index,
    }),
  );
  for (const owner of [tenant, odd]) {
    const created = await app.call('POST', '/api/v1/orders/bulk', { key: owner.key, body: bodies });
    expect(created.body.data, JSON.stringify(created.body.data?.errors)).toMatchObject({ failed: 0 });
  }
  // What the API refuses but an integration or an older row may hold: empty texts, an order without
  // lines, a fractional quantity. Columns only: both writers read the columns.
  await app.database.db.execute(sql`update orders set customer_name = '', store_name = '',
    products = case when total_amount > 14 then '[]'::jsonb
      else jsonb_set(products, '{0,quantity}', '1.5') end
    where organization_id = ${odd.organizationId}`);
});

afterAll(async () => {
  await app.close();
});

async function bytesOf(owner: TestTenant, copy: boolean, options: ExportOptions): Promise<Buffer> {
  const exports = createOrdersExportService({
    db: app.database.db,
    copyOut: copy ? app.database.copyOut : undefined,
    batchSize: 2, // several keyset pages, with lines=items an order's lines kept together
  });
  const selection: ExportSelection = { filter: {}, sort: '-total_amount' };
  const file = await openExport(exports, { organizationId: owner.organizationId }, selection, options);
  const chunks: Buffer[] = [];
  for await (const chunk of file) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

const CASES: ExportOptions[] = [
  { format: 'csv', lines: 'orders', bom: false },
  { format: 'csv', lines: 'items', bom: true },
  { format: 'jsonl', lines: 'orders', bom: false },
];

describe.skipIf(engine !== 'postgres')('COPY and the batch writers', () => {
  it.each(CASES)('write the same bytes: %o', async (options) => {
    for (const owner of [tenant, odd]) {
      const [byCopy, byBatches] = await Promise.all([
        bytesOf(owner, true, options),
        bytesOf(owner, false, options),
      ]);
      expect(byCopy.length).toBeGreaterThan(0);
      expect(byCopy.toString('utf8')).toBe(byBatches.toString('utf8'));
    }
  });

  it.each<ExportLines>(['orders', 'items'])(
    'render the same XLSX sheet rows, in SQL and in JavaScript (lines=%s)',
    async (lines) => {
      const selection: ExportSelection = { filter: {}, sort: '-total_amount' };
      for (const owner of [tenant, odd]) {
        const actor = { organizationId: owner.organizationId };
        const exports = createOrdersExportService({
          db: app.database.db,
          copyOut: app.database.copyOut,
          batchSize: 2,
        });
        const byCopy: Buffer[] = [];
        for await (const chunk of await exports.copySheetRows(actor, selection, lines)) {
          byCopy.push(Buffer.from(chunk));
        }
        let byBatches = '';
        const batches = exports.rowBatches(actor, selection, { lines, neutralize: false });
        for await (const xml of sheetRowsXml(batches, exportColumns(lines))) {
          byBatches += xml;
        }
        expect(byBatches).toContain('<row r="2">');
        expect(Buffer.concat(byCopy).toString('utf8')).toBe(byBatches);
      }
    },
  );

  it('tell an empty text from a missing one, and keep an order without lines', async () => {
    const csv = (await bytesOf(odd, true, { format: 'csv', lines: 'items', bom: false })).toString('utf8');
    const records = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(csv).toContain(',"",'); // empty texts quoted; nulls (e.g. comment) left empty
    expect(records.filter((record) => record.product_count === '0')).toEqual([
      expect.objectContaining({ line_number: '', line_sku: '', customer_name: '' }),
    ]);
    expect(records.filter((record) => record.line_number === '1').map((r) => r.line_quantity)).toContain(
      '1.5',
    );
  });
});

describe('the CSV, JSON Lines and XLSX of awkward text', () => {
  it('round-trip to the list: quotes, lone CR and LF, empty texts and nulls, control characters', async () => {
    const listed = await app.call('GET', '/api/v1/orders?limit=100&sort=-total_amount', { key: tenant.key });
    const orders = listed.body.orders.map((envelope: any) => envelope.order);
    const exports = createOrdersExportService({ db: app.database.db, copyOut: app.database.copyOut });
    const readBytes = async (options: ExportOptions) => {
      const selection: ExportSelection = { filter: {}, sort: '-total_amount' };
      const file = await openExport(exports, { organizationId: tenant.organizationId }, selection, options);
      const chunks: Buffer[] = [];
      for await (const chunk of file) {
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    };
    const read = async (options: ExportOptions) => (await readBytes(options)).toString('utf8');

    const jsonl = await read({ format: 'jsonl', lines: 'orders', bom: false });
    expect(
      jsonl
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(orders);

    const csv = await read({ format: 'csv', lines: 'orders', bom: false });
    const records = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const shown = (value: string | null) =>
      value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    expect(
      records.map((record) => [record.id, record.customer_name, record.comment, record.receiver_name]),
    ).toEqual(
      orders.map((order: any) => [
        order.id,
        shown(order.customer_name),
        shown(order.comment),
        shown(order.receiver_name),
      ]),
    );
    expect(records.map((record) => record.total_amount)).toEqual(
      orders.map((order: any) => String(order.total_amount)),
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await readBytes({ format: 'xlsx', lines: 'orders', bom: false })) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('Orders');
    if (!sheet) {
      throw new Error('no Orders sheet');
    }
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const column = (name: string) => headers.indexOf(name) + 1;
    const sheetRows = (sheet.getRows(2, orders.length) ?? []).map((row) =>
      ['id', 'customer_name', 'comment', 'receiver_name', 'total_amount', 'is_preorder'].map(
        (name) => row.getCell(column(name)).value ?? null,
      ),
    );
    // Text as it is (no formula neutralizing in typed cells), but for what XML cannot hold: C0 controls.
    const inXml = (value: string | null) =>
      value === null ? null : value.replaceAll('\u0001', '').replaceAll('\u0002', '');
    expect(sheetRows).toEqual(
      orders.map((order: any) => [
        order.id,
        inXml(order.customer_name),
        inXml(order.comment),
        inXml(order.receiver_name),
        order.total_amount,
        order.is_preorder,
      ]),
    );

    const items = await read({ format: 'csv', lines: 'items', bom: false });
    const lines = parse(items, { columns: true }) as Array<Record<string, string>>;
    expect(lines.map((line) => [line.id, line.line_number, line.line_name])).toEqual(
      orders.flatMap((order: any) =>
        order.products.map((line: any, index: number) => [order.id, String(index + 1), line.name]),
      ),
    );
    expect(lines.find((line) => line.line_number === '1')).toMatchObject({
      line_quantity: '3',
      line_price: '1.005',
      line_sku: "'=SKU-4",
    });
  });
});
