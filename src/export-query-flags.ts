/** @module `linkit export`'s flags: every export query parameter is a flag of the same name. */
import { OrdersExportQuery } from './http/order-export-query.js';

/** Flag name and kind (`--bom` takes no value). */
export const EXPORT_QUERY_FLAGS: ReadonlyArray<[string, 'string' | 'boolean']> = Object.keys(
  OrdersExportQuery.properties,
).map((param) => [param, param === 'bom' ? 'boolean' : 'string']);
