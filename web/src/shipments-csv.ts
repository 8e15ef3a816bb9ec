/**
 * @module Tracking numbers pasted as CSV → shipments. Pure (no DOM, no i18n): the dialog translates the
 * error codes, and the parser is property-tested from Node (test/http/dashboard-order-body.test.ts).
 */

export interface Shipment {
  carrier: string;
  tracking_number: string;
  tracking_link?: string;
}

/** First cells that mark a header row (English and Arabic spreadsheets). */
const HEADERS = new Set([
  'order',
  'order number',
  'order_number',
  'order_code',
  'order id',
  'رقم الطلب',
  'الطلب',
]);

export interface ShipmentLineError {
  line: number;
  reason: 'missing' | 'bad-link';
}

export interface ShipmentLine extends Shipment {
  /** The order as the merchant wrote it: order number, order id or source reference. */
  reference: string;
  line: number;
}

/**
 * Pasted CSV → shipments. Columns: order, carrier, tracking number, tracking link (optional); a header
 * row is skipped; commas or tabs (a spreadsheet paste) separate; double quotes may wrap a cell.
 */
export function parseShipmentsCsv(text: string): {
  shipments: ShipmentLine[];
  errors: ShipmentLineError[];
} {
  const shipments: ShipmentLine[] = [];
  const errors: ShipmentLineError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      return;
    }
    const cells = splitCells(raw);
    if (index === 0 && HEADERS.has((cells[0] ?? '').toLowerCase())) {
      return;
    }
    const [reference = '', carrier = '', trackingNumber = '', link = ''] = cells;
    if (!reference || !trackingNumber) {
      errors.push({ line, reason: 'missing' });
      return;
    }
    if (link && !/^https?:\/\//i.test(link)) {
      errors.push({ line, reason: 'bad-link' });
      return;
    }
    shipments.push({
      reference,
      carrier,
      tracking_number: trackingNumber,
      line,
      ...(link ? { tracking_link: link } : {}),
    });
  });
  return { shipments, errors };
}

function splitCells(raw: string): string[] {
  const separator = raw.includes('\t') ? '\t' : ',';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let at = 0; at < raw.length; at++) {
    const char = raw[at];
    if (quoted) {
      if (char === '"' && raw[at + 1] === '"') {
        cell += '"';
        at++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === separator) {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  return cells;
}
