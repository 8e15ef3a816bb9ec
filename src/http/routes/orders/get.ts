import type { OrdersService } from '../../../services/orders-service.js';
import { replyNotModified } from '../../conditional-get.js';
import { orderEtag } from '../../etag.js';
import { sendOrderSnapshot } from '../../order-reply.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { OrderSnapshotEnvelope } from '../../schemas/envelope.js';
import { OrderIdParams } from '../../schemas/order.js';
import type { App } from '../../types.js';

export function registerGetOrderRoute(app: App, orders: OrdersService): void {
  app.get(
    '/api/v1/orders/:id',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['orders'],
        summary: 'Get one order',
        params: OrderIdParams,
        response: { 200: OrderSnapshotEnvelope, 404: ErrorBody, 410: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      const order = await orders.getOrder(request.tenant, request.params.id);
      if (replyNotModified(request, reply, orderEtag(order.version))) {
        return reply;
      }
      return sendOrderSnapshot(reply, order);
    },
  );
}
