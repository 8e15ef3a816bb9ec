import { renderListEnvelope } from '../../../domain/envelope.js';
import { validationFailed } from '../../../errors.js';
import type { OrdersService } from '../../../services/orders-service.js';
import { listEtag, replyNotModified } from '../../conditional-get.js';
import { parseOrderFilter } from '../../order-filter-query.js';
import { commonErrors } from '../../schemas/common.js';
import { OrdersListedEnvelope } from '../../schemas/envelope.js';
import { OrdersListQuery } from '../../schemas/order.js';
import { sendJson } from '../../send-json.js';
import type { App } from '../../types.js';

export function registerListOrdersRoute(app: App, orders: OrdersService): void {
  app.get(
    '/api/v1/orders',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['orders'],
        summary: 'List orders',
        description:
          'Page mode (`page`, `limit`) or cursor mode (`cursor`: empty for the first page, then ' +
          '`pagination.next_cursor`). Every filter combines with every other; comma lists match any value.',
        querystring: OrdersListQuery,
        response: { 200: OrdersListedEnvelope, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { page, limit, cursor, ...filterQuery } = request.query;
      if (cursor !== undefined && request.query.page !== 1) {
        // `page` has a default, so only an explicit page other than 1 reaches here.
        throw validationFailed({ page: 'cannot be combined with cursor' });
      }
      const { filter, sort } = parseOrderFilter(filterQuery);
      // Read before the page: a write committing in between makes the tag older than the body, which
      // only costs the next poll a full answer; a 304 is only given while nothing has changed.
      const version = await orders.ledgerVersion(request.tenant);
      const result = await orders.listOrders(request.tenant, { filter, sort, limit, page, cursor }, version);
      const etag = listEtag(request.tenant.organizationId, version, result);
      if (replyNotModified(request, reply, etag)) {
        return reply;
      }
      const body = renderListEnvelope(request.tenant.organizationId, result.orders, result.pagination, {});
      return sendJson(reply, body);
    },
  );
}
