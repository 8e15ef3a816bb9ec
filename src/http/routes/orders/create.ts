import type { OrdersService } from '../../../services/orders-service.js';
import { commonErrors } from '../../schemas/common.js';
import { OrderCreateBody, OrderCreatedResponse } from '../../schemas/order.js';
import type { App } from '../../types.js';

export function registerCreateOrderRoute(app: App, orders: OrdersService): void {
  app.post(
    '/api/v1/orders',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['orders'],
        summary: 'Create an order',
        description:
          'A `source_transaction_id` already used for the same source returns the existing order (200) instead of a duplicate.',
        body: OrderCreateBody,
        response: { 200: OrderCreatedResponse, 201: OrderCreatedResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const order = await orders.createOrder(request.tenant, request.body);
      return reply.status(order.created ? 201 : 200).send({
        success: true as const,
        message: order.created ? 'Order created successfully' : 'Order already exists',
        timestamp: new Date().toISOString(),
        data: { id: order.id, order_number: order.order_number },
      });
    },
  );
}
