import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

/** Log lines of the app, to see how exports ended. */
const logLines: Array<Record<string, unknown>> = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      logLines.push(JSON.parse(line));
    }
    done();
  },
});

let app: TestApp;
let tenant: TestTenant;

const ARABIC_NAME = 'محمد بن عبدالله العتيبي';

beforeAll(async () => {
  app = await startTestApp({ logger: { level: 'info', stream: logStream } });
  tenant = await app.newTenant();
  const bodies = [
    orderBody({ status: 'delivered', customer_name: ARABIC_NAME, currency: 'SAR' }),
    orderBody({
      status: 'delivered',
      currency: 'KWD',
      products: [
        { name: 'عطر', sku: 'KW-1', quantity: 3, price: 1.005 },
        { name: 'Oud, "royal"\nedition', sku: 'KW-2', quantity: 1, price: 9.33 },
      ],
      subtotal: 12.345,
      delivery_fee: 0.125,
      total_amount: 12.345,
      shipping_address: { line1: 'Block 3, Street 12', city: 'الكويت', country: 'KW' },
    }),
    orderBody({
      status: 'delivered',
      customer_name: '=HYPERLINK("http://evil.example","click")',
      receiver_name: '@SUM(1+1)',
      comment: '+1 then -2, "quoted", and a\r\nline break',
      source_reference: '-SUM(A1:A2)',
      products: [{ name: '=cmd|" /C calc"!A0', sku: '+SKU', quantity: 1, price: 0 }],
      total_amount: 0,
      subtotal: 0,
      delivery_fee: 0,
    }),
    orderBody({ status: 'pending', customer_name: 'Not delivered' }),
  ];
  await createInBulk(tenant, bodies);
});
async function createInBulk(owner: TestTenant, bodies: unknown[]): Promise<void> {
  const created = await app.call('POST', '/api/v1/orders/bulk', { key: owner.key, body: bodies });
  expect(created.body.data, JSON.stringify(created.body.data?.errors)).toMatchObject({ failed: 0 });
}

afterAll(async () => {
  await app.close();
});

async function download(query: string, key = tenant.key) {
  const response = await fetch(`${app.url}/api/v1/orders/export?${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function listed(query: string): Promise<any[]> {
  const response = await app.call('GET', `/api/v1/orders?limit=100&${query}`, { key: tenant.key });
  expect(response.status).toBe(200);
  return response.body.orders.map((envelope: any) => envelope.order);
}

function csvRecords(bytes: Buffer): Array<Record<string, string>> {
  return parse(bytes, { columns: true, bom: true, relax_quotes: false });
}

async function xlsxRows(bytes: Buffer): Promise<{ headers: string[]; rows: Array<Record<string, unknown>> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Orders');
  if (!sheet) {
    throw new Error('no Orders sheet');
  }
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, number) => {
    if (number > 1) {
      const values = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(headers.map((header, index) => [header, values[index] ?? null])));
    }
  });
  return { headers, rows };
}

/** What a CSV cell shows for a text value: formulas neutralized, null empty. */
const csvText = (value: string | null) =>
  value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

describe('GET /api/v1/orders/export', () => {
  it('exports the same orders, in the same order, as the list for the same filters (csv)', async () => {
    const query = 'status=delivered&sort=-total_amount';
    const [expected, { response, bytes }] = await Promise.all([
      listed(query),
      download(`format=csv&${query}`),
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="orders-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(bytes.toString('utf8')).toContain('\r\n'); // RFC 4180 record ends
    const records = csvRecords(bytes);
    expect(expected).toHaveLength(3);
    expect(records.map((record) => record.id)).toEqual(expected.map((order) => order.id));
    records.forEach((record, index) => {
      const order = expected[index];
      expect(record.customer_name).toBe(csvText(order.customer_name));
      expect(record.receiver_name).toBe(csvText(order.receiver_name));
      expect(record.comment).toBe(csvText(order.comment));
      expect(record.source_reference).toBe(csvText(order.source_reference));
      expect(record.order_status).toBe('delivered');
      expect(record.currency).toBe(order.currency);
      expect(record.total_amount).toBe(String(order.total_amount));
      expect(record.subtotal).toBe(order.subtotal === null ? '' : String(order.subtotal));
      expect(record.skus).toBe(csvText(order.skus.join('|')));
      expect(record.product_count).toBe(String(order.products.length));
      expect(record.shipping_city).toBe(order.shipping_address?.city ?? '');
      expect(record.is_preorder).toBe(String(order.is_preorder));
      expect(record.created_at).toBe(order.created_at);
      expect(record.updated_at).toBe(order.updated_at);
    });
  });

  it('keeps Arabic text intact, with a byte order mark on request', async () => {
    const { bytes } = await download(`format=csv&bom=true&search=${encodeURIComponent('العتيبي')}`);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const records = csvRecords(bytes);
    expect(records.map((record) => record.customer_name)).toEqual([ARABIC_NAME]);
  });

  it('neutralizes formulas and quotes commas, quotes and line breaks', async () => {
    const { bytes } = await download('format=csv&status=delivered&currency=SAR&max_total=0');
    const [record] = csvRecords(bytes);
    expect(record?.customer_name).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(record?.receiver_name).toBe(`'@SUM(1+1)`);
    expect(record?.skus).toBe(`'+SKU`);
    expect(record?.source_reference).toBe(`'-SUM(A1:A2)`);
    expect(record?.comment).toBe(`'+1 then -2, "quoted", and a\r\nline break`);
    expect(bytes.toString('utf8')).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(record?.total_amount).toBe('0'); // numbers stay numbers
  });

  it('writes 3-decimal amounts exactly', async () => {
    const { bytes } = await download('format=csv&lines=items&currency=KWD');
    const records = csvRecords(bytes);
    expect(records.map((record) => [record.total_amount, record.delivery_fee, record.line_price])).toEqual([
      ['12.345', '0.125', '1.005'],
      ['12.345', '0.125', '9.33'],
    ]);
  });

  it('writes one row per product line with lines=items', async () => {
    const { response, bytes } = await download('format=csv&lines=items&status=delivered&sort=-total_amount');
    expect(response.headers.get('content-disposition')).toMatch(/filename="order-lines-.*\.csv"/);
    const records = csvRecords(bytes);
    const expected = await listed('status=delivered&sort=-total_amount');
    const expectedLines = expected.flatMap((order) =>
      order.products.map((line: any, index: number) => [
        order.id,
        String(index + 1),
        csvText(line.sku),
        csvText(line.name),
      ]),
    );
    expect(records.map((r) => [r.id, r.line_number, r.line_sku, r.line_name])).toEqual(expectedLines);
    expect(records.find((r) => r.line_sku === 'KW-2')?.line_name).toBe('Oud, "royal"\nedition');
  });

  it('exports one UnifiedOrderPayload per line as JSON Lines, equal to the list', async () => {
    const query = 'status=delivered&sort=created';
    const [expected, { response, bytes }] = await Promise.all([
      listed(query),
      download(`format=jsonl&${query}`),
    ]);
    expect(response.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/filename="orders-.*\.jsonl"/);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(expected);
    expect(lines.find((order) => order.currency === 'KWD')?.total_amount).toBe(12.345);
  });

  it('exports a real spreadsheet with number and date cells, equal to the list', async () => {
    const query = 'status=delivered';
    const [expected, { response, bytes }] = await Promise.all([
      listed(query),
      download(`format=xlsx&${query}`),
    ]);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toMatch(/filename="orders-.*\.xlsx"/);
    const { headers, rows } = await xlsxRows(bytes);
    expect(headers).toContain('total_amount');
    expect(rows.map((row) => row.id)).toEqual(expected.map((order) => order.id));
    rows.forEach((row, index) => {
      const order = expected[index];
      expect(row.total_amount).toBe(order.total_amount);
      expect(typeof row.product_count).toBe('number');
      expect(row.created_at).toBeInstanceOf(Date);
      expect((row.created_at as Date).toISOString()).toBe(new Date(order.created_at).toISOString());
      expect(row.customer_name).toBe(order.customer_name); // typed text cells are never formulas
      expect(row.is_preorder).toBe(order.is_preorder);
    });
    expect(rows.some((row) => row.customer_name === ARABIC_NAME)).toBe(true);
  });

  it('exports a header only when nothing matches', async () => {
    const csv = await download('format=csv&status=cancelled');
    expect(csv.response.status).toBe(200);
    const text = csv.bytes.toString('utf8');
    expect(text.split('\r\n')).toEqual([expect.stringMatching(/^id,source_reference,/), '']);
    const jsonl = await download('format=jsonl&status=cancelled');
    expect(jsonl.bytes.length).toBe(0);
    const xlsx = await xlsxRows((await download('format=xlsx&status=cancelled')).bytes);
    expect(xlsx.headers[0]).toBe('id');
    expect(xlsx.rows).toEqual([]);
  });

  it("exports only the caller's orders", async () => {
    const other = await app.newTenant();
    const { bytes } = await download('format=jsonl', other.key);
    expect(bytes.length).toBe(0);
  });

  it('answers 422 for bad parameters, naming them', async () => {
    const cases: Array<[string, string]> = [
      ['format=pdf', 'format'],
      ['format=jsonl&lines=items', 'lines'],
      ['format=xlsx&bom=true', 'bom'],
      ['status=flying', 'status'],
      ['limit=10', 'limit'],
      ['from=yesterday', 'from'],
    ];
    for (const [query, param] of cases) {
      const response = await app.call('GET', `/api/v1/orders/export?${query}`, { key: tenant.key });
      expect(response.status, query).toBe(422);
      expect(Object.keys(response.body.details), query).toContain(param);
    }
  });
});

describe('a client that disconnects', () => {
  it('stops the reads, and the service stays healthy (csv and xlsx)', async () => {
    const big = await app.newTenant();
    for (let batch = 0; batch < 5; batch += 1) {
      // Comments that do not compress, so that an xlsx file, too, is far larger than socket buffers.
      const bodies = Array.from({ length: 1000 }, (_, index) =>
        orderBody({
          customer_name: `Customer ${batch}-${index}`,
          comment: randomBytes(2500).toString('hex'),
        }),
      );
      await createInBulk(big, bodies);
    }
    for (const format of ['csv', 'xlsx']) {
      const logsBefore = logLines.length;
      const exportEnded = () => logLines.slice(logsBefore).find((line) => line.msg === 'export ended');
      const controller = new AbortController();
      const response = await fetch(`${app.url}/api/v1/orders/export?format=${format}`, {
        headers: { authorization: `Bearer ${big.key}` },
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      const first = await reader?.read();
      expect(first?.value?.length, format).toBeGreaterThan(0);
      controller.abort();

      await expect.poll(exportEnded, { timeout: 10_000 }).toBeDefined();
      const ended = exportEnded();
      expect(ended?.complete, format).toBe(false);
      expect(ended?.rows, format).toBeLessThan(5000);

      // The connection the export held is back in the pool and serves the next request.
      const health = await app.call('GET', '/api/v1/orders?limit=1', { key: big.key });
      expect(health.status).toBe(200);
    }
  }, 120_000);
});
