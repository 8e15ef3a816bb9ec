/**
 * @module The export's query: the list's filters and sort (the same properties and parser), plus the
 * file's `format`, `lines` and `bom`. The HTTP route and the CLI both read it.
 */
import { type Static, Type } from '@sinclair/typebox';
import { validationFailed } from '../errors.js';
import { EXPORT_FORMATS, type ExportOptions } from '../services/export/order-export-stream.js';
import type { ExportSelection } from '../services/orders-export-service.js';
import { OrderFilterQueryProperties, parseOrderFilter } from './order-filter-query.js';

export const OrdersExportQuery = Type.Object(
  {
    format: Type.Union(
      EXPORT_FORMATS.map((format) => Type.Literal(format)),
      { default: 'csv', description: 'File format' },
    ),
    lines: Type.Union([Type.Literal('orders'), Type.Literal('items')], {
      default: 'orders',
      description: '`items`: one row per product line (csv and xlsx)',
    }),
    bom: Type.Boolean({
      default: false,
      description: 'csv only: start with a UTF-8 byte order mark, so Excel reads Arabic text correctly',
    }),
    ...OrderFilterQueryProperties,
  },
  { additionalProperties: false },
);
export type OrdersExportQuery = Static<typeof OrdersExportQuery>;

/** Which orders, and how to write them; a 422 names every bad parameter. */
export function parseExportQuery(query: OrdersExportQuery): {
  selection: ExportSelection;
  options: ExportOptions;
} {
  const { format, lines, bom, ...filterQuery } = query;
  if (format === 'jsonl' && lines === 'items') {
    throw validationFailed({ lines: 'items applies to csv and xlsx; jsonl has one order per line' });
  }
  if (bom && format !== 'csv') {
    throw validationFailed({ bom: 'applies to csv only' });
  }
  return { selection: parseOrderFilter(filterQuery), options: { format, lines, bom } };
}
