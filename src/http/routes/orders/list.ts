import { renderListEnvelope } from '../../../domain/envelope.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../domain/order-status.js';
import { validationFailed } from '../../../errors.js';
import type { OrdersService } from '../../../services/orders-service.js';
import { commonErrors } from '../../schemas/common.js';
import { OrdersListedEnvelope } from '../../schemas/envelope.js';
import { OrdersListQuery } from '../../schemas/order.js';
import { sendJson } from '../../send-json.js';
import type { App } from '../../types.js';

/** `pending,confirmed` → the listed values, each checked against the allowed set. */
export function parseList<T extends string>(param: string, value: string | undefined, allowed: readonly T[]) {
  if (value === undefined) {
    return undefined;
  }
  const items = value.split(',').map((item) => item.trim());
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length > 0) {
    throw validationFailed({
      [param]: `unknown value ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`,
    });
  }
  return items as T[];
}

export function registerListOrdersRoute(app: App, orders: OrdersService): void {
  app.get(
    '/api/v1/orders',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['orders'],
        summary: 'List orders',
        querystring: OrdersListQuery,
        response: { 200: OrdersListedEnvelope, ...commonErrors },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const page = await orders.listOrders(request.tenant, {
        page: query.page,
        limit: query.limit,
        sort: query.sort,
        status: parseList<OrderStatus>('status', query.status, ORDER_STATUSES),
      });
      const body = renderListEnvelope(request.tenant.organizationId, page.orders, page.pagination, {});
      return sendJson(reply, body);
    },
  );
}
