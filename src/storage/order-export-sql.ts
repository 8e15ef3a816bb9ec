/**
 * @module The flat rows of an export, selected in SQL: which columns an order (or one of its product
 * lines) becomes, each cell rendered as text by PostgreSQL exactly as the order's JSON shows it, so that
 * the server's own COPY can write a CSV without Node touching a row (docs/decisions/0052).
 */
import { and, type SQL, sql } from 'drizzle-orm';
import type { OrderFilter, SortSpec } from '../domain/order-filter.js';
import { columnLetters } from '../domain/spreadsheet-columns.js';
import { afterPosition, filterConditions, sortKeyText, sortOrder } from './order-filter-sql.js';
import { orders } from './schema.js';

export type CellType = 'text' | 'code' | 'number' | 'time' | 'boolean';

export interface ExportColumn {
  header: string;
  type: CellType;
}

/** One row per order, or one row per product line (`lines=items`) for merchants who reconcile skus. */
export type ExportLines = 'orders' | 'items';

interface ColumnSql extends ExportColumn {
  /** The cell as text (or NULL), in the form the order's JSON has. */
  value: SQL;
}

const text = (header: string, value: SQL): ColumnSql => ({ header, type: 'text', value });
/** Text from a closed set (ids we generate, enum statuses, ISO 4217 codes): never a formula. */
const code = (header: string, value: SQL): ColumnSql => ({ header, type: 'code', value });
/** Numbers as JSON prints them: `12.345`, `0` (numeric's trailing zeros trimmed). */
const number = (header: string, value: SQL): ColumnSql => ({
  header,
  type: 'number',
  value: sql`trim_scale(${value})::text`,
});
/** RFC 3339 in UTC with milliseconds, and without them when zero, as `formatTimestamp` writes. */
const time = (header: string, value: SQL): ColumnSql => ({
  header,
  type: 'time',
  value: sql`replace(to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '.000Z', 'Z')`,
});
const column = (value: unknown) => sql`${value}`;
const addressPart = (part: string) =>
  text(`shipping_${part}`, sql`${orders.shipping_address}->>${sql.raw(`'${part}'`)}`);

/** The product line of an `items` row: `export_line.value` (jsonb) at 1-based `export_line.number`. */
const linePart = (part: string) => sql.raw(`export_line.value->>'${part}'`);

const ORDER_COLUMNS: readonly ColumnSql[] = [
  code('id', column(orders.id)),
  text('source_reference', column(orders.source_reference)),
  text('source_transaction_id', column(orders.source_transaction_id)),
  text('order_code', column(orders.order_code)),
  text('order_type', column(orders.order_type)),
  code('order_status', column(orders.order_status)),
  code('payment_status', column(orders.payment_status)),
  code('fulfillment_status', column(orders.fulfillment_status)),
  text('payment_method', column(orders.payment_method)),
  text('fulfillment_method', column(orders.fulfillment_method)),
  text('transport_type', column(orders.transport_type)),
  code('currency', column(orders.currency)),
  number('total_amount', column(orders.total_amount)),
  number('subtotal', column(orders.subtotal)),
  number('discounts_amount', column(orders.discounts_amount)),
  number('vat_amount', column(orders.vat_amount)),
  number('delivery_fee', column(orders.delivery_fee)),
  number('service_fee', column(orders.service_fee)),
  text('customer_name', column(orders.customer_name)),
  text('customer_phone', column(orders.customer_phone)),
  text('customer_email', column(orders.customer_email)),
  text('receiver_name', column(orders.receiver_name)),
  text('receiver_phone', column(orders.receiver_phone)),
  ...['name', 'phone', 'line1', 'line2', 'district', 'city', 'state', 'postal_code', 'country'].map(
    addressPart,
  ),
  text('destination_id', column(orders.destination_id)),
  text('destination_reference', column(orders.destination_reference)),
  text('store_name', column(orders.store_name)),
  // Sku codes never contain spaces in practice, but `|` keeps them apart even if they did.
  text('skus', sql`array_to_string(${orders.skus}, '|')`),
  number('product_count', sql`jsonb_array_length(${orders.products})`),
  { header: 'is_preorder', type: 'boolean', value: sql`${orders.is_preorder}::text` },
  text('comment', column(orders.comment)),
  time('source_timestamp', column(orders.source_timestamp)),
  time('promised_for', column(orders.promised_for)),
  time('created_at', column(orders.created_at)),
  time('updated_at', column(orders.updated_at)),
];

const LINE_COLUMNS: readonly ColumnSql[] = [
  number('line_number', sql.raw('export_line.number')),
  text('line_product_id', linePart('product_id')),
  text('line_sku', linePart('sku')),
  text('line_name', linePart('name')),
  number('line_quantity', sql`(${linePart('quantity')})::numeric`),
  number('line_price', sql`(${linePart('price')})::numeric`),
  number('line_total', sql`(${linePart('total')})::numeric`),
];

const columnsOf = (lines: ExportLines) => [...ORDER_COLUMNS, ...(lines === 'items' ? LINE_COLUMNS : [])];

export function exportColumns(lines: ExportLines): ExportColumn[] {
  return columnsOf(lines).map(({ header, type }) => ({ header, type }));
}

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab / CR that
 * some readers strip first) gets a `'` in front, as OWASP recommends. Only free text: numbers stay
 * numbers. `ascii` reads the first character's code without building a string (9 tab, 13 CR, 43 `+`,
 * 45 `-`, 61 `=`, 64 `@`): cheap, which matters at a million rows.
 */
function neutralizedFormula(value: SQL): SQL {
  const cell = sql`(${value})`;
  return sql`case when ascii(${cell}) in (9, 13, 43, 45, 61, 64) then '''' || ${cell} else ${cell} end`;
}

export interface ExportRowsShape {
  lines: ExportLines;
  /** Neutralize formulas in text cells: CSV is text, while XLSX types its text cells. */
  neutralize: boolean;
}

/** From one keyset position, a page of at most `limit` orders; absent: every matching order. */
export interface ExportPage {
  limit: number;
  after?: { key: string; id: string } | undefined;
}

/** The cells' select list, `alias` per column so that COPY's header is the export's header. */
function cellList(shape: ExportRowsShape): SQL {
  const cells = columnsOf(shape.lines).map(({ header, type, value }) => {
    const cell = shape.neutralize && type === 'text' ? neutralizedFormula(value) : value;
    return sql`${cell} as ${sql.identifier(header)}`;
  });
  return sql.join(cells, sql`, `);
}

/**
 * The export's rows in the list's sort (and, with `lines=items`, line order within an order). With a
 * page, each row also carries its order's keyset position (`export_sort_key`, `export_id`) last, and the
 * page limits orders rather than rows, so that an order's lines never straddle two pages.
 */
export function exportRowsQuery(
  organizationId: string,
  filter: OrderFilter,
  sort: SortSpec,
  shape: ExportRowsShape,
  page?: ExportPage,
): SQL {
  const order = sql.join(sortOrder(sort), sql`, `);
  const where = and(
    filterConditions(organizationId, filter),
    page?.after ? afterPosition(sort, page.after.key, page.after.id) : undefined,
  );
  // A page's orders come from a subquery named `orders`, so that every column expression reads from it.
  const from = page
    ? sql`(select * from ${orders} where ${where} order by ${order} limit ${page.limit}) as ${orders}`
    : sql`${orders}`;
  const whole = page ? sql`` : sql` where ${where}`;
  const position = page ? sql`, ${sortKeyText(sort)} as export_sort_key, ${orders.id} as export_id` : sql``;
  const lines =
    shape.lines === 'items'
      ? sql` left join lateral jsonb_array_elements(${orders.products}) with ordinality as export_line(value, number) on true`
      : sql``;
  const lineOrder = shape.lines === 'items' ? sql`, export_line.number` : sql``;
  return sql`select ${cellList(shape)}${position} from ${from}${lines}${whole} order by ${order}${lineOrder}`;
}

/** The stored snapshots of the matching orders, in the list's sort: the JSON Lines export. */
export function exportSnapshotsQuery(organizationId: string, filter: OrderFilter, sort: SortSpec): SQL {
  const order = sql.join(sortOrder(sort), sql`, `);
  return sql`select ${orders.snapshot} from ${orders} where ${filterConditions(organizationId, filter)} order by ${order}`;
}

/**
 * Text as XML character data, in SQL: markup escaped, CR and LF as character references (so that COPY
 * never quotes a row, and an XML reader keeps a CR), and the C0 controls XML cannot hold dropped. The
 * same as `xmlText` in src/services/export/xlsx-sheet-stream.ts.
 */
function xmlText(value: SQL): SQL {
  const escaped = sql`replace(replace(replace(replace(replace(replace(${value}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), E'\\n', '&#10;'), E'\\r', '&#13;')`;
  return sql`regexp_replace(${escaped}, '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]', '', 'g')`;
}

/** One cell of a sheet row in SpreadsheetML, or '' for a null: typed as the JavaScript writer types it. */
function cellXml(column: ExportColumn, letters: string): SQL {
  const value = sql`${sql.identifier(column.header)}`;
  const ref = sql.raw(`'<c r="${letters}' || export_row`);
  switch (column.type) {
    case 'number':
      return sql`coalesce(${ref} || '"><v>' || ${value} || '</v></c>', '')`;
    case 'time': {
      // Excel's serial days (1900 system) in UTC, computed as the JavaScript writer computes them.
      const serial = sql`(extract(epoch from ${value}::timestamptz) * 1000)::float8 / 86400000 + 25569`;
      return sql`coalesce(${ref} || '" s="1"><v>' || (${serial})::text || '</v></c>', '')`;
    }
    case 'boolean':
      return sql`coalesce(${ref} || '" t="b"><v>' || case ${value} when 'true' then '1' when 'false' then '0' end || '</v></c>', '')`;
    default:
      return sql`coalesce(${ref} || '" t="str"><v>' || ${xmlText(value)} || '</v></c>', '')`;
  }
}

/**
 * The export's rows as SpreadsheetML `<row>` elements, one text per row in the list's sort, numbered
 * from 2 (row 1 is the header): the XLSX sheet's body, rendered by PostgreSQL so that Node only zips it
 * (reading the cells as 47 strings per row grew the server's heap by ~150 MB; docs/decisions/0053).
 */
export function exportSheetRowsQuery(
  organizationId: string,
  filter: OrderFilter,
  sort: SortSpec,
  lines: ExportLines,
): SQL {
  const rows = exportRowsQuery(organizationId, filter, sort, { lines, neutralize: false });
  const cells = sql.join(
    columnsOf(lines).map((column, index) => cellXml(column, columnLetters(index))),
    sql` || `,
  );
  // row_number() over () numbers the subquery's rows in the order it returns them: its sort.
  return sql`select '<row r="' || export_row || '">' || ${cells} || '</row>' from (select *, row_number() over () + 1 as export_row from (${rows}) as export_cells) as export_rows`;
}
