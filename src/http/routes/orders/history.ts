import type { OrderHistoryService } from '../../../services/order-history-service.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { OrderIdParams } from '../../schemas/order.js';
import { OrderHistoryQuery, OrderHistoryResponse } from '../../schemas/order-writes.js';
import type { App } from '../../types.js';

export function registerOrderHistoryRoute(app: App, history: OrderHistoryService): void {
  app.get(
    '/api/v1/orders/:id/history',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['orders'],
        summary: 'The timeline of an order',
        description:
          'Creation, each change (`changes`: `{field: {from, to}}`) and deletion, oldest first, with the key and account that made it. Deleted orders keep their history.',
        params: OrderIdParams,
        querystring: OrderHistoryQuery,
        response: { 200: OrderHistoryResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) =>
      history.getHistory(request.tenant, request.params.id, {
        afterVersion: request.query.after_version,
        limit: request.query.limit,
      }),
  );
}
