import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../errors.js';
import type { IntakeFeed } from '../../../services/intake-service.js';
import { acceptRawBodies } from '../../raw-body.js';
import { WebhookAccepted } from '../../schemas/apps.js';
import { ErrorBody } from '../../schemas/common.js';
import type { App } from '../../types.js';

const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Zid signs nothing: its registered `target_url` carries the install's secret as `token`. */
const WebhookQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 512 })) });

const WebhookParams = Type.Object({
  app_slug: Type.String({ minLength: 1, maxLength: 100 }),
  install_id: Type.String({ minLength: 1, maxLength: 100 }),
});

/**
 * Vendor webhook deliveries. No API key: the install's secret signs each delivery. A verified
 * delivery is stored before we answer 200; promotion follows in the same request, and its outcome
 * never turns into an error for the vendor (retrying the same bytes could not help).
 */
export function registerInboundWebhookRoutes(app: App, feed: IntakeFeed): void {
  app.register(async (scope: FastifyInstance) => {
    acceptRawBodies(scope, WEBHOOK_BODY_LIMIT);
    (scope as App).post(
      '/webhooks/:app_slug/:install_id',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: {
          tags: ['webhooks'],
          summary: 'Receive a signed vendor webhook',
          description:
            'Salla: `X-Salla-Signature` (hex HMAC-SHA256 of the raw body with the install secret). ' +
            'Shopify: `X-Shopify-Hmac-Sha256`; WooCommerce: `X-WC-Webhook-Signature` (base64 HMAC-SHA256 of ' +
            'the raw body). Zid (no signature documented): `?token=<install secret>` in the registered URL. ' +
            'Other apps: Standard Webhooks headers `webhook-id`, `webhook-timestamp`, `webhook-signature`.',
          security: [],
          params: WebhookParams,
          querystring: WebhookQuery,
          response: { 200: WebhookAccepted, 401: ErrorBody, 404: ErrorBody },
        },
      },
      async (request) => {
        const { app_slug: slug, install_id: installId } = request.params;
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const row = await feed
          .receiveWebhook(slug, installId, body, request.headers, request.query.token)
          .catch((error) => {
            if (error instanceof ApiError && error.kind === 'unauthenticated') {
              request.log.warn({ installId, reason: error.details.reason }, 'webhook signature rejected');
            }
            throw error;
          });
        return { received: true as const, intake_id: row.id, status: row.status };
      },
    );
  });
}
