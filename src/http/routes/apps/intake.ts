import type { FastifyInstance } from 'fastify';
import { pageBlock } from '../../../domain/envelope.js';
import type { AppsService } from '../../../services/apps-service.js';
import type { IntakeFeed } from '../../../services/intake-service.js';
import { acceptRawBodies } from '../../raw-body.js';
import {
  InstallIdParams,
  IntakeItemParams,
  IntakeItemResponse,
  IntakeList,
  IntakeListQuery,
  IntakeReceived,
} from '../../schemas/apps.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import type { App } from '../../types.js';
import { intakeView } from './views.js';

const INTAKE_BODY_LIMIT = 32 * 1024 * 1024;

export function registerIntakeRoutes(app: App, apps: AppsService, feed: IntakeFeed): void {
  app.register(async (scope: FastifyInstance) => {
    acceptRawBodies(scope, INTAKE_BODY_LIMIT);
    (scope as App).post(
      '/api/v1/apps/:install_id/orders',
      {
        config: { scope: 'order:write' },
        bodyLimit: INTAKE_BODY_LIMIT,
        schema: {
          tags: ['apps'],
          summary: 'Send vendor-native orders to an install',
          description:
            'One order or an array (at most 1,000), exactly as the vendor sends them. Each is stored ' +
            'verbatim in the intake feed, then normalized and promoted into the ledger; items that fail ' +
            'stay in intake as `failed` with the reason.',
          params: InstallIdParams,
          response: { 202: IntakeReceived, 404: ErrorBody, ...commonErrors },
        },
      },
      async (request, reply) => {
        const install = await apps.get(request.tenant.organizationId, request.params.install_id);
        const rows = await feed.receiveBatch(install, request.body as Buffer);
        const promoted = rows.filter((row) => row.status === 'promoted' || row.status === 'stale').length;
        return reply.status(202).send({
          success: true as const,
          data: {
            received: rows.length,
            promoted,
            failed: rows.filter((row) => row.status === 'failed').length,
            items: rows.map(intakeView),
          },
        });
      },
    );
  });

  app.get(
    '/api/v1/apps/:install_id/intake',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['apps'],
        summary: 'List an install’s intake feed (newest first)',
        params: InstallIdParams,
        querystring: IntakeListQuery,
        response: { 200: IntakeList, 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const install = await apps.get(request.tenant.organizationId, request.params.install_id);
      const { page, limit, status } = request.query;
      const { rows, total } = await feed.list(install, { page, limit, status });
      return {
        success: true as const,
        data: rows.map(intakeView),
        pagination: pageBlock(page, limit, total),
      };
    },
  );

  app.post(
    '/api/v1/apps/:install_id/intake/:intake_id/retry',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: 'Normalize and promote an intake item again',
        params: IntakeItemParams,
        response: { 200: IntakeItemResponse, 404: ErrorBody, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const install = await apps.get(request.tenant.organizationId, request.params.install_id);
      return {
        success: true as const,
        data: intakeView(await feed.retry(install, request.params.intake_id)),
      };
    },
  );
}
