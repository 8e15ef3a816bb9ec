import type { OrderWritesService } from '../../../services/order-writes-service.js';
import { ifMatchVersions } from '../../etag.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { OrderIdParams } from '../../schemas/order.js';
import { IfMatchHeaders, OrderDeletedResponse } from '../../schemas/order-writes.js';
import type { App } from '../../types.js';

export function registerDeleteOrderRoute(app: App, writes: OrderWritesService): void {
  app.delete(
    '/api/v1/orders/:id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['orders'],
        summary: 'Delete an order',
        description:
          'Soft delete: the order leaves lists and exports and `GET` answers 410 Gone; its history stays readable.',
        params: OrderIdParams,
        headers: IfMatchHeaders,
        response: {
          200: OrderDeletedResponse,
          404: ErrorBody,
          410: ErrorBody,
          412: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const order = await writes.deleteOrder(request.tenant, request.params.id, {
        expectedVersion: ifMatchVersions(request.headers['if-match']),
      });
      return {
        success: true as const,
        message: 'Order deleted successfully',
        timestamp: new Date().toISOString(),
        data: { id: order.id },
      };
    },
  );
}
