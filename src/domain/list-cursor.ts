/**
 * @module Opaque, tamper-evident list cursors: the position after the last row of a page (sort key and
 * id), signed with a secret every process shares, so a client can hold it but not forge or edit it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { filterKey, type OrderFilter, type OrderSort } from './order-filter.js';

export interface CursorPosition {
  sort: OrderSort;
  /** The sort column's value of the last row, as PostgreSQL prints it (exact, no rounding). */
  key: string;
  id: string;
  /** 1-based number of the page this cursor leads to. */
  page: number;
}

interface CursorBody {
  v: 1;
  s: OrderSort;
  k: string;
  i: string;
  p: number;
  /** Which filter set the cursor belongs to: a cursor is only valid with the filters it came from. */
  f: string;
}

const MAC_BYTES = 16;

function filterHash(filter: OrderFilter): string {
  return createHash('sha256').update(filterKey(filter)).digest('base64url').slice(0, 16);
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);
}

export function encodeCursor(secret: string, position: CursorPosition, filter: OrderFilter): string {
  const body: CursorBody = {
    v: 1,
    s: position.sort,
    k: position.key,
    i: position.id,
    p: position.page,
    f: filterHash(filter),
  };
  const text = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${text}.${mac(secret, text).toString('base64url')}`;
}

/** `invalid`: not a cursor we issued (garbled, edited, forged); `other_query`: issued for other filters. */
export type CursorProblem = 'invalid' | 'other_query';

/** The position a cursor holds, or why it can't be used with this sort and filter. */
export function decodeCursor(
  secret: string,
  cursor: string,
  sort: OrderSort,
  filter: OrderFilter,
): CursorPosition | CursorProblem {
  const [text, signature, ...rest] = cursor.split('.');
  if (!text || !signature || rest.length > 0) {
    return 'invalid';
  }
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, text);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'invalid';
  }
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    return 'invalid';
  }
  if (body.v !== 1 || typeof body.k !== 'string' || typeof body.i !== 'string' || !Number.isInteger(body.p)) {
    return 'invalid';
  }
  if (body.s !== sort || body.f !== filterHash(filter)) {
    return 'other_query';
  }
  return { sort: body.s, key: body.k, id: body.i, page: body.p };
}
