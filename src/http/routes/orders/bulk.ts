import { OrderInput } from '../../../domain/order-input.js';
import type { OrderWritesService } from '../../../services/order-writes-service.js';
import { commonErrors } from '../../schemas/common.js';
import {
  BULK_MAX_ITEMS,
  BulkCreateBody,
  BulkCreateResponse,
  BulkDeleteBody,
  BulkResponse,
  BulkStatusBody,
  BulkStatusUpdate,
} from '../../schemas/order-writes.js';
import type { App } from '../../types.js';
import { compileItemValidator } from '../../validation.js';

/**
 * Body limits follow from the 1,000-item cap (docs/decisions/0200-slow-and-greedy-clients.md): 8 KiB per
 * order on average (an order with a dozen lines is about 2 KiB; one bigger than that goes through
 * POST /orders, up to 1 MiB), about 100 bytes per status update or id, with room to spare.
 */
export const BULK_CREATE_BODY_LIMIT = BULK_MAX_ITEMS * 8 * 1024;
export const BULK_STATUS_BODY_LIMIT = BULK_MAX_ITEMS * 512;
export const BULK_DELETE_BODY_LIMIT = BULK_MAX_ITEMS * 256;

const checkOrderInput = compileItemValidator(OrderInput);
const checkStatusUpdate = compileItemValidator(BulkStatusUpdate);

/** An item's `errors` key: its order id when it names one, else its position in the request. */
function itemKey(item: unknown, index: number): string {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : String(index);
}

const bulkReply = <T>(data: T) => ({ success: true, data, timestamp: new Date().toISOString() });

export function registerBulkRoutes(app: App, writes: OrderWritesService): void {
  app.post(
    '/api/v1/orders/bulk',
    {
      config: { scope: 'order:write' },
      bodyLimit: BULK_CREATE_BODY_LIMIT,
      schema: {
        tags: ['orders'],
        summary: 'Create up to 1,000 orders',
        description:
          'Each item succeeds or fails on its own; `errors` is keyed by item index. A repeated `source_transaction_id` answers with the existing order.',
        body: BulkCreateBody,
        response: { 200: BulkCreateResponse, ...commonErrors },
      },
    },
    async (request) =>
      bulkReply(
        await writes.bulkCreate(
          request.tenant,
          request.body.map((item) => checkOrderInput(item)),
        ),
      ),
  );

  app.patch(
    '/api/v1/orders/bulk/status',
    {
      config: { scope: 'order:write' },
      bodyLimit: BULK_STATUS_BODY_LIMIT,
      schema: {
        tags: ['orders'],
        summary: 'Change the statuses of up to 1,000 orders',
        description: 'Each update succeeds or fails on its own; `errors` is keyed by order id.',
        body: BulkStatusBody,
        response: { 200: BulkResponse, ...commonErrors },
      },
    },
    async (request) => {
      const items = request.body.updates.map((item, index) => ({
        ...checkStatusUpdate(item),
        key: itemKey(item, index),
      }));
      return bulkReply(await writes.bulkPatchStatus(request.tenant, items));
    },
  );

  app.delete(
    '/api/v1/orders/bulk',
    {
      config: { scope: 'order:write' },
      bodyLimit: BULK_DELETE_BODY_LIMIT,
      schema: {
        tags: ['orders'],
        summary: 'Delete up to 1,000 orders',
        description: 'Soft delete, each id on its own; an id listed twice counts once.',
        body: BulkDeleteBody,
        response: { 200: BulkResponse, ...commonErrors },
      },
    },
    async (request) => bulkReply(await writes.bulkDelete(request.tenant, [...new Set(request.body.ids)])),
  );
}
