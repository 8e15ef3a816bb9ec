/** @module `/api/v1/webhooks`: create, list, read, change, delete subscriptions and rotate secrets. */

import { Type } from '@sinclair/typebox';
import type { WebhooksService } from '../../../services/webhooks-service.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import {
  Success,
  success,
  WebhookCreateBody,
  WebhookIdParams,
  WebhookRotateBody,
  WebhookSubscription,
  WebhookSubscriptionWithSecret,
  WebhookUpdateBody,
} from '../../schemas/webhook.js';
import type { App } from '../../types.js';

const tags = ['webhooks'];

export function registerWebhookSubscriptionRoutes(app: App, webhooks: WebhooksService): void {
  app.post(
    '/api/v1/webhooks',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Subscribe a URL to order events',
        description: 'The answer carries the signing secret; it is not shown again.',
        body: WebhookCreateBody,
        response: { 201: Success(WebhookSubscriptionWithSecret), ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(success(await webhooks.createSubscription(request.tenant, request.body))),
  );

  app.get(
    '/api/v1/webhooks',
    {
      config: { scope: 'order:read' },
      schema: {
        tags,
        summary: 'List webhook subscriptions',
        response: { 200: Success(Type.Array(WebhookSubscription)), ...commonErrors },
      },
    },
    async (request) => success(await webhooks.listSubscriptions(request.tenant)),
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      config: { scope: 'order:read' },
      schema: {
        tags,
        summary: 'Get a webhook subscription',
        params: WebhookIdParams,
        response: { 200: Success(WebhookSubscription), 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => success(await webhooks.getSubscription(request.tenant, request.params.id)),
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Change a webhook subscription',
        description: 'Setting `active: true` re-enables a subscription the service disabled after a 410.',
        params: WebhookIdParams,
        body: WebhookUpdateBody,
        response: { 200: Success(WebhookSubscription), 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) =>
      success(await webhooks.updateSubscription(request.tenant, request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Delete a webhook subscription and its delivery log',
        params: WebhookIdParams,
        response: { 204: Type.Null(), 404: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      await webhooks.deleteSubscription(request.tenant, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/webhooks/:id/rotate-secret',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Replace the signing secret',
        description:
          'Returns the new secret once. During `overlap_seconds` deliveries carry a signature for the old and the new secret.',
        params: WebhookIdParams,
        body: WebhookRotateBody,
        response: { 200: Success(WebhookSubscriptionWithSecret), 404: ErrorBody, ...commonErrors },
      },
      // Every field is optional, so a POST without a body is a rotation with the defaults.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) =>
      success(await webhooks.rotateSecret(request.tenant, request.params.id, request.body.overlap_seconds)),
  );
}
