/**
 * @module Prometheus `/metrics`: request count and latency by route pattern (never the raw URL, whose
 * ids would make a series per order) and status, the process's default metrics, and the product's
 * gauges, read on scrape with one grouped query each (docs/decisions/0184-rate-limits-cors-metrics.md).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsSettings } from '../../config.js';
import { ApiError } from '../../errors.js';
import type { MetricsService } from '../../services/metrics-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** When the request arrived (hrtime, ns): the latency histogram's start. */
    metricsStartedAt: bigint;
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function registerMetrics(
  app: FastifyInstance,
  settings: MetricsSettings,
  source: MetricsService,
): void {
  if (!settings.enabled) {
    return;
  }
  // One registry per app, not prom-client's global one: tests run several apps in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'linkit_intake_items',
    help: 'Vendor orders captured in intake, by status (received, promoted, failed)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await source.intakeByStatus()) {
        this.set({ status: row.key }, row.count);
      }
    },
  });
  new Gauge({
    name: 'linkit_webhook_deliveries',
    help: 'Outbound webhook deliveries waiting (pending) or given up on (dead_lettered)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ status: 'pending' }, 0);
      this.set({ status: 'dead_lettered' }, 0);
      for (const row of await source.webhookBacklog()) {
        this.set({ status: row.key }, row.count);
      }
    },
  });
  new Gauge({
    name: 'linkit_sync_installs',
    help: 'Pull-connector installs, by sync state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await source.syncInstallsByState()) {
        this.set({ state: row.key }, row.count);
      }
    },
  });

  app.decorateRequest('metricsStartedAt', 0n);
  app.addHook('onRequest', async (request) => {
    request.metricsStartedAt = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unknown paths share one label, so a scan of random URLs can't grow the series.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') {
      return;
    }
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, Number(process.hrtime.bigint() - request.metricsStartedAt) / 1e9);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (settings.token !== undefined && !tokenMatches(request.headers.authorization, settings.token)) {
      throw new ApiError('unauthenticated', 'INVALID_AUTH', { reason: 'metrics_token_required' });
    }
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}
