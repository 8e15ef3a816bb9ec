/** @module Liveness and readiness probes: never shed, never authenticated. */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../storage/db.js';
import type { LoadState } from '../plugins/load-shedding.js';

export function registerHealthRoutes(app: FastifyInstance, db: Db, load: LoadState): void {
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
      await db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch (error) {
      request.log.error({ err: error }, 'database not reachable');
      return reply.status(503).send({ code: 503, error: 'Database not reachable', details: {} });
    }
  });
}
