import type { OrderWritesService } from '../../../services/order-writes-service.js';
import { ifMatchVersions } from '../../etag.js';
import { sendOrderSnapshot } from '../../order-reply.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { OrderSnapshotEnvelope } from '../../schemas/envelope.js';
import { OrderIdParams, OrderReplaceBody } from '../../schemas/order.js';
import { IfMatchHeaders } from '../../schemas/order-writes.js';
import type { App } from '../../types.js';

export function registerReplaceOrderRoute(app: App, writes: OrderWritesService): void {
  app.put(
    '/api/v1/orders/:id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['orders'],
        summary: 'Replace an order',
        description:
          'Full replacement with the create body: omitted optional fields are cleared. `id`, `order_number`, `created_at` and `source` never change (`source` may be omitted: it is kept); named statuses follow the status workflow, unnamed ones are kept.',
        params: OrderIdParams,
        headers: IfMatchHeaders,
        body: OrderReplaceBody,
        response: {
          200: OrderSnapshotEnvelope,
          404: ErrorBody,
          409: ErrorBody,
          410: ErrorBody,
          412: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const order = await writes.replaceOrder(request.tenant, request.params.id, request.body, {
        expectedVersion: ifMatchVersions(request.headers['if-match']),
      });
      return sendOrderSnapshot(reply, order);
    },
  );
}
