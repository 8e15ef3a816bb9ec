import type { OrderWritesService } from '../../../services/order-writes-service.js';
import { ifMatchVersions } from '../../etag.js';
import { sendOrderSnapshot } from '../../order-reply.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { OrderSnapshotEnvelope } from '../../schemas/envelope.js';
import { OrderIdParams } from '../../schemas/order.js';
import { IfMatchHeaders, OrderStatusPatchBody } from '../../schemas/order-writes.js';
import type { App } from '../../types.js';

export function registerPatchStatusRoute(app: App, writes: OrderWritesService): void {
  app.patch(
    '/api/v1/orders/:id/status',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['orders'],
        summary: 'Change the statuses of an order',
        description:
          'Any of `status`, `payment_status`, `fulfillment_status`; at least one. A move the workflow does not allow is 422 `Invalid status transition`; a move to the current state changes nothing.',
        params: OrderIdParams,
        headers: IfMatchHeaders,
        body: OrderStatusPatchBody,
        response: {
          200: OrderSnapshotEnvelope,
          404: ErrorBody,
          410: ErrorBody,
          412: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const order = await writes.patchStatus(request.tenant, request.params.id, request.body, {
        expectedVersion: ifMatchVersions(request.headers['if-match']),
      });
      return sendOrderSnapshot(reply, order);
    },
  );
}
