/** @module Liveness and readiness probes. */
import type { FastifyInstance } from 'fastify';
import type { HealthService } from '../../services/health-service.js';

export function registerHealthRoutes(app: FastifyInstance, health: HealthService): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await health.checkDatabase();
      return { status: 'ready' };
    } catch (error) {
      request.log.error({ err: error }, 'database not reachable');
      return reply.status(503).send({ code: 503, error: 'Database not reachable', details: {} });
    }
  });
}
