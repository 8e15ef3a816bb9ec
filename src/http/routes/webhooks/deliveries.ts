/** @module A subscription's delivery log, and sending a delivery again. */

import { Type } from '@sinclair/typebox';
import type { WebhooksService } from '../../../services/webhooks-service.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import {
  DeliveriesListQuery,
  DeliveryIdParams,
  Pagination,
  Success,
  success,
  WebhookDelivery,
  WebhookIdParams,
} from '../../schemas/webhook.js';
import type { App } from '../../types.js';

const tags = ['webhooks'];

export function registerWebhookDeliveryRoutes(app: App, webhooks: WebhooksService): void {
  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { scope: 'order:read' },
      schema: {
        tags,
        summary: 'List deliveries, newest event first, with every attempt',
        params: WebhookIdParams,
        querystring: DeliveriesListQuery,
        response: {
          200: Type.Intersect([
            Success(Type.Array(WebhookDelivery)),
            Type.Object({ pagination: Pagination }),
          ]),
          404: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const page = await webhooks.listDeliveries(request.tenant, request.params.id, request.query);
      return { ...success(page.deliveries), pagination: page.pagination };
    },
  );

  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Send a succeeded or dead-lettered delivery again, with the same event id',
        params: DeliveryIdParams,
        response: { 202: Success(WebhookDelivery), 404: ErrorBody, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          success(await webhooks.redeliver(request.tenant, request.params.id, request.params.deliveryId)),
        ),
  );
}
