import type { FastifyInstance } from 'fastify';
import { pageBlock } from '../../../domain/envelope.js';
import { ApiError, validationFailed } from '../../../errors.js';
import type { IntakeFeed } from '../../../integrations/intake-feed.js';
import { jsonArrayElements } from '../../../integrations/vendor-json.js';
import type { AppsService } from '../../../services/apps-service.js';
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

/** The contract's bulk limit, applied to vendor batches too. */
export const MAX_INTAKE_BATCH = 1000;
/** One vendor order: as much as a signed vendor webhook may carry (routes/webhooks/inbound.ts). */
export const MAX_INTAKE_ITEM_BYTES = 1024 * 1024;
/**
 * A full batch at 16 KiB per order on average (a Salla order with a dozen lines is about 6 KiB): the
 * limit follows from the item cap rather than a blanket large one.
 */
export const INTAKE_BODY_LIMIT = MAX_INTAKE_BATCH * 16 * 1024;

const itemTooLarge = (index: number | undefined) =>
  new ApiError('payload_too_large', 'Intake item too large', {
    ...(index === undefined ? {} : { item: index }),
    item_limit_bytes: MAX_INTAKE_ITEM_BYTES,
  });

/**
 * One vendor order or an array of them, each stored byte for byte as it arrived. `JSON.parse` (native,
 * fast) checks the body; the items' exact texts are cut out without building values, and each is
 * parsed losslessly only when it is promoted, so a big batch does little work in one go.
 */
function splitBatch(body: Buffer): string[] {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError('bad_request', 'Malformed JSON', { body: (error as Error).message });
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    if (body.length > MAX_INTAKE_ITEM_BYTES) {
      throw itemTooLarge(undefined);
    }
    return [text];
  }
  if (!Array.isArray(parsed)) {
    throw validationFailed({ body: 'must be one order object or an array of them' });
  }
  if (parsed.length === 0 || parsed.length > MAX_INTAKE_BATCH) {
    throw validationFailed({ body: `must hold between 1 and ${MAX_INTAKE_BATCH} orders` });
  }
  const items = jsonArrayElements(text);
  items.forEach((item, index) => {
    if (Buffer.byteLength(item) > MAX_INTAKE_ITEM_BYTES) {
      throw itemTooLarge(index);
    }
  });
  return items;
}

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
        const rows = await feed.receive(install, 'api', splitBatch(request.body as Buffer));
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
