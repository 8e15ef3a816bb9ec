import { once } from 'node:events';
import { pipeline, type Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import {
  EXPORT_CONTENT_TYPES,
  type ExportOptions,
  exportFileName,
  openExport,
} from '../../../services/export/order-export-stream.js';
import type { OrdersExportService } from '../../../services/orders-export-service.js';
import type { Slots } from '../../admission.js';
import { OrdersExportQuery, parseExportQuery } from '../../order-export-query.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import type { App } from '../../types.js';

function contentDisposition(options: ExportOptions): string {
  return `attachment; filename="${exportFileName(options, new Date())}"`;
}

export function registerExportOrdersRoute(app: App, exports: OrdersExportService, slots: Slots): void {
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
          429: ErrorBody,
          503: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { selection, options } = parseExportQuery(request.query);
      // An export holds a database connection while it runs: a few at a time per organization.
      slots.hold(request, reply);
      const file = await openExport(exports, request.tenant, selection, options, {
        // Says whether a client that went away stopped the reads, and how big exports get.
        onEnd: (rows, complete) =>
          request.log.info({ format: options.format, rows, complete }, 'export ended'),
        onError: (error) => request.log.error({ err: error, format: options.format }, 'export failed'),
      });
      // The status goes out with the first byte: a failure before it is an error reply in the
      // contract's shape. After it, the file is piped here rather than by Fastify (which answers a
      // stream that fails before its headers are written with a body of its own): a failure destroys the
      // socket, so the client sees a failed download (the chunked body never ends), never a short file
      // with a clean 200. A client that goes away destroys the file, which stops the reads.
      await once(file, 'readable');
      reply.hijack();
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string | string[]>),
        'content-type': EXPORT_CONTENT_TYPES[options.format],
        'content-disposition': contentDisposition(options),
        'x-request-id': request.id,
      });
      reply.raw.flushHeaders();
      pipeline(file, reply.raw, () => {});
    },
  );
}
