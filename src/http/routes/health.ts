/** @module Liveness and readiness probes: never shed, never authenticated. */
import type { FastifyInstance } from 'fastify';
import type { HealthService } from '../../services/health-service.js';
import type { LoadState } from '../plugins/load-shedding.js';

export function registerHealthRoutes(app: FastifyInstance, health: HealthService, load: LoadState): void {
  app.get('/healthz', { config: { probe: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  // Ready means "send me traffic": the database answers and the process is not shedding load.
  app.get('/readyz', { config: { probe: true }, schema: { hide: true } }, async (request, reply) => {
    const overloaded = load.overloaded();
    if (overloaded) {
      return reply
        .status(503)
        .header('retry-after', '1')
        .send({ code: 503, error: 'Service overloaded', details: { reason: overloaded } });
    }
    try {
      await health.checkDatabase();
      return { status: 'ready' };
    } catch (error) {
      request.log.error({ err: error }, 'database not reachable');
      return reply.status(503).send({ code: 503, error: 'Database not reachable', details: {} });
    }
  });
}
