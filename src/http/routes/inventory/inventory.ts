/** @module `/api/v1/inventory`: on-hand counts per SKU and location, and what orders reserve of them. */
import { Type } from '@sinclair/typebox';
import type { InventoryService } from '../../../services/inventory-service.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import {
  InventoryBulkBody,
  InventoryListQuery,
  InventoryPutBody,
  InventorySkuParams,
  StockLevel,
} from '../../schemas/inventory.js';
import { Success, success } from '../../schemas/webhook.js';
import type { App } from '../../types.js';

const tags = ['inventory'];

export function registerInventoryRoutes(app: App, inventory: InventoryService): void {
  app.put(
    '/api/v1/inventory/:sku',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Set the units on hand of a SKU at a location',
        description:
          'Starts tracking the SKU there if it was not. Reservations are kept; available = on_hand − reserved.',
        params: InventorySkuParams,
        body: InventoryPutBody,
        response: { 200: Success(StockLevel), ...commonErrors },
      },
    },
    async (request) =>
      success(await inventory.setLevel(request.tenant, { ...request.body, sku: request.params.sku })),
  );

  app.get(
    '/api/v1/inventory/:sku',
    {
      config: { scope: 'order:read' },
      schema: {
        tags,
        summary: 'Stock of a SKU at every location that tracks it',
        params: InventorySkuParams,
        response: { 200: Success(Type.Array(StockLevel)), 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => success(await inventory.getSku(request.tenant, request.params.sku)),
  );

  app.post(
    '/api/v1/inventory/bulk',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Set the units on hand of up to 1,000 SKU locations at once',
        description: 'All rows or none; the answer lists them in request order.',
        body: InventoryBulkBody,
        response: { 200: Success(Type.Array(StockLevel)), ...commonErrors },
      },
    },
    async (request) => success(await inventory.setLevels(request.tenant, request.body.items)),
  );

  app.get(
    '/api/v1/inventory',
    {
      config: { scope: 'order:read' },
      schema: {
        tags,
        summary: 'List stock levels',
        description: 'Ordered by sku, then location (the pool first).',
        querystring: InventoryListQuery,
        response: { 200: Success(Type.Array(StockLevel)), ...commonErrors },
      },
    },
    async (request) =>
      success(
        await inventory.listLevels(request.tenant, {
          skus: request.query.sku
            ?.split(',')
            .map((sku) => sku.trim())
            .filter(Boolean),
          lowStock: request.query.low_stock,
          limit: request.query.limit,
        }),
      ),
  );
}
