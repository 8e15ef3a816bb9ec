import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import {
  EXPORT_CONTENT_TYPES,
  type ExportOptions,
  exportFileName,
  openExport,
} from '../../../services/export/order-export-stream.js';
import type { OrdersExportService } from '../../../services/orders-export-service.js';
import { OrdersExportQuery, parseExportQuery } from '../../order-export-query.js';
import { commonErrors } from '../../schemas/common.js';
import type { App } from '../../types.js';

function contentDisposition(options: ExportOptions): string {
  return `attachment; filename="${exportFileName(options, new Date())}"`;
}

export function registerExportOrdersRoute(app: App, exports: OrdersExportService): void {
  app.get(
    '/api/v1/orders/export',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['orders'],
        summary: 'Export orders',
        description:
          'Every order matching the list filters, in the list sort, streamed as CSV, JSON Lines (one ' +
          '`UnifiedOrderPayload` per line) or XLSX.',
        querystring: OrdersExportQuery,
        response: {
          // The file is streamed, so Fastify sends it as is; this only documents it.
          200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The export file' }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { selection, options } = parseExportQuery(request.query);
      const file = await openExport(exports, request.tenant, selection, options, {
        // Says whether a client that went away stopped the reads, and how big exports get.
        onEnd: (rows, complete) =>
          request.log.info({ format: options.format, rows, complete }, 'export ended'),
      });
      // An error after the first byte cuts the response; Fastify logs it with the request.
      return reply
        .type(EXPORT_CONTENT_TYPES[options.format])
        .header('content-disposition', contentDisposition(options))
        .send(file);
    },
  );
}
