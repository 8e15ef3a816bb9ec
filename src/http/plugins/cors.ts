/**
 * @module CORS for browser clients on other origins: off unless an allow-list of origins is
 * configured; preflights are answered, and the headers a client reads are exposed.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { CorsSettings } from '../../config.js';

/** Response headers a browser script may read: caching, budgets, tracing and replays. */
const EXPOSED_HEADERS = [
  'ETag',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'X-Request-Id',
  'Idempotent-Replayed',
  'Location',
];

export async function registerCors(app: FastifyInstance, settings: CorsSettings): Promise<void> {
  if (settings.origins.length === 0) {
    return;
  }
  const allowed = new Set(settings.origins);
  await app.register(cors, {
    // A refused origin gets no CORS headers: the browser blocks the response, the server still answers.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'If-Match',
      'If-None-Match',
      'X-Organization-Id',
      'X-Request-Id',
    ],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // Preflights are answered here, before authentication: they carry no key.
    hook: 'onRequest',
  });
}
