/**
 * @module A graceful close with a deadline. Closing waits for the requests in flight, and the
 * connections they leave idle are closed as soon as they are (Node closes only those idle when the close
 * begins). A client that opened a connection and sent nothing (browsers and HTTP client pools open
 * spare ones) would hold Node's `server.close()` for good, since Node stops expiring such connections
 * once the close has begun: after the grace period, every connection still open is closed.
 */
import type { FastifyInstance } from 'fastify';

/** Long enough for a request in flight to finish; well inside an orchestrator's kill timeout (30 s). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 100;

export function registerShutdownDeadline(app: FastifyInstance, graceMs: number): void {
  let sweep: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
    deadline = setTimeout(() => {
      app.log.warn({ graceMs }, 'closing the connections still open after the shutdown grace period');
      app.server.closeAllConnections();
    }, graceMs).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    clearTimeout(deadline);
  });
}
