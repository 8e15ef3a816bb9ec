/** @module Request and response schemas of the inventory API. */
import { Type } from '@sinclair/typebox';
import { Nullable, OptionalNullable } from './common.js';

/** Bulk upserts take at most this many rows, as the order bulk endpoints do. */
export const MAX_INVENTORY_BULK = 1000;

const Sku = Type.String({ minLength: 1, maxLength: 200, description: 'SKU, as order lines carry it' });
const Quantity = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000, description });

const levelFields = {
  destination_id: OptionalNullable(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: "Location (an order's destination_id); null: the pool",
    }),
  ),
  on_hand: Quantity('Units on hand'),
  low_stock_threshold: OptionalNullable(
    Quantity('`low_stock` when available is at or under this (0 when null); absent keeps the stored value'),
  ),
};

export const InventorySkuParams = Type.Object({ sku: Sku });

export const InventoryPutBody = Type.Object(levelFields, { additionalProperties: false });

export const InventoryBulkBody = Type.Object(
  {
    items: Type.Array(Type.Object({ sku: Sku, ...levelFields }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: MAX_INVENTORY_BULK,
    }),
  },
  { additionalProperties: false },
);

export const InventoryListQuery = Type.Object(
  {
    sku: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'SKU; a comma list matches any' }),
    ),
    low_stock: Type.Optional(
      Type.Boolean({ description: 'Only rows at or under their threshold (true) or above it (false)' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: MAX_INVENTORY_BULK, default: 100 }),
  },
  { additionalProperties: false },
);

export const StockLevel = Type.Object({
  sku: Type.String(),
  destination_id: Nullable(Type.String()),
  on_hand: Type.Integer(),
  reserved: Type.Integer({ description: 'Units held by open orders' }),
  available: Type.Integer({ description: 'on_hand − reserved' }),
  low_stock_threshold: Nullable(Type.Integer()),
  low_stock: Type.Boolean(),
  updated_at: Type.String({ format: 'date-time' }),
});
