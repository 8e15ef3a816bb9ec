/** @module Builds the HTTP application from an open database: plugins, routes, error handling. */
import { randomUUID } from 'node:crypto';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  type ConnectorSettings,
  type CorsSettings,
  defaultLimits,
  defaultRateLimits,
  type MetricsSettings,
  type RateLimitSettings,
  type RetentionSettings,
  type ServiceLimits,
  type WebhookSettings,
} from './config.js';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandling } from './errors.js';
import { createSlots } from './http/admission.js';
import { capConnectionsPerClient, serverTimeouts } from './http/connection-limits.js';
import { createEventStreams, type EventStreamOptions } from './http/event-stream.js';
import { registerOpenApi } from './http/openapi.js';
import { registerApiKeyAuth } from './http/plugins/api-key-auth.js';
import { registerCors } from './http/plugins/cors.js';
import { registerIdempotency } from './http/plugins/idempotency.js';
import { registerLoadShedding } from './http/plugins/load-shedding.js';
import { registerMetrics } from './http/plugins/metrics.js';
import { registerRateLimits } from './http/plugins/rate-limits.js';
import { registerTextGuard } from './http/plugins/text-guard.js';
import { registerApiKeyRoutes } from './http/routes/api-keys/keys.js';
import { registerInstallRoutes } from './http/routes/apps/installs.js';
import { registerIntakeRoutes } from './http/routes/apps/intake.js';
import { registerStatusMappingRoutes } from './http/routes/apps/status-mappings.js';
import { registerSyncRoutes } from './http/routes/apps/sync.js';
import { registerHealthRoutes } from './http/routes/health.js';
import { registerInventoryRoutes } from './http/routes/inventory/inventory.js';
import { registerBulkRoutes } from './http/routes/orders/bulk.js';
import { registerChangeFeedRoute } from './http/routes/orders/changes.js';
import { registerCreateOrderRoute } from './http/routes/orders/create.js';
import { registerDeleteOrderRoute } from './http/routes/orders/delete.js';
import { registerExportOrdersRoute } from './http/routes/orders/export.js';
import { registerGetOrderRoute } from './http/routes/orders/get.js';
import { registerOrderHistoryRoute } from './http/routes/orders/history.js';
import { registerListOrdersRoute } from './http/routes/orders/list.js';
import { registerReplaceOrderRoute } from './http/routes/orders/replace.js';
import { registerPatchStatusRoute } from './http/routes/orders/status.js';
import { registerMeRoute } from './http/routes/session/me.js';
import { registerOrganizationRoutes } from './http/routes/session/organizations.js';
import { registerWebhookDeliveryRoutes } from './http/routes/webhooks/deliveries.js';
import { registerInboundWebhookRoutes } from './http/routes/webhooks/inbound.js';
import { registerWebhookSubscriptionRoutes } from './http/routes/webhooks/subscriptions.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, registerShutdownDeadline } from './http/shutdown-deadline.js';
import { validatorCompiler } from './http/validation.js';
import { DEFAULT_WEB_ROOT, registerWebApp } from './http/web-app.js';
import { createApiKeysService } from './services/api-keys-service.js';
import { createAppsService } from './services/apps-service.js';
import { createBackgroundJob } from './services/background-job.js';
import { createChangeFeedService } from './services/change-feed-service.js';
import { createHealthService } from './services/health-service.js';
import { createIdempotencyService } from './services/idempotency-service.js';
import { createIntakeFeed } from './services/intake-service.js';
import { createInventoryService } from './services/inventory-service.js';
import { createMetricsService } from './services/metrics-service.js';
import { createOrderHistoryService } from './services/order-history-service.js';
import { createOrderWritesService } from './services/order-writes-service.js';
import { createOrdersExportService } from './services/orders-export-service.js';
import { createOrdersService } from './services/orders-service.js';
import { createRetentionSweep, RETENTION_JOB } from './services/retention-service.js';
import { createSessionService } from './services/session-service.js';
import { createStatusMappingsService } from './services/status-mappings-service.js';
import { createSyncService, type SyncEngineOptions } from './services/sync-service.js';
import { createTenantsService } from './services/tenants-service.js';
import { createWebhooksService } from './services/webhooks-service.js';
import { createApiKeysRepository } from './storage/api-keys-repository.js';
import { createAppsRepository } from './storage/apps-repository.js';
import { createCachedApiKeysRepository } from './storage/cached-api-keys-repository.js';
import type { Database } from './storage/db.js';
import { createIdempotencyRepository } from './storage/idempotency-repository.js';
import type { ReplicaSet } from './storage/read-replicas.js';
import { createRetentionRepository } from './storage/retention-repository.js';
import type { SecretBox } from './storage/secret-box.js';
import { createStatusMappingsRepository } from './storage/status-mappings-repository.js';
import { createTenantsRepository } from './storage/tenants-repository.js';
import { createWorkerLeasesRepository } from './storage/worker-leases-repository.js';
import { createDispatcher, type DispatcherOptions } from './webhooks/dispatcher.js';

export interface AppOptions {
  database: Database;
  /** Seals secrets stored at rest (credentials, signing secrets): `storage/secret-box.ts`. */
  secretBox: SecretBox;
  logger?: FastifyServerOptions['logger'];
  /** Webhook settings; tests may also tune the dispatcher. Default: strict targets, no dispatcher. */
  webhooks?: WebhookSettings & Pick<DispatcherOptions, 'retryDelaysMs' | 'pollIntervalMs'>;
  /** Pull connectors; tests also tune the engine. Default: vendor addresses only, no scheduler. */
  connectors?: ConnectorSettings & Omit<SyncEngineOptions, keyof ConnectorSettings>;
  /** Change-feed streams; tests shorten the intervals. */
  changeFeed?: Partial<EventStreamOptions>;
  /** Polling reads; `fastPath: false` forces every list through the normal path (equivalence tests). */
  polling?: { fastPath?: boolean };
  /** The dashboard's built files; default `web/dist`; `false` serves the API only. */
  webRoot?: string | false;
  /** How long a close waits for requests in flight before it closes every connection. */
  shutdownGraceMs?: number;
  /** Timeouts, caps and quotas; unset ones take `defaultLimits()`. */
  limits?: Partial<ServiceLimits>;
  /** Streaming replicas that may serve order reads (decision 0222). */
  replicas?: ReplicaSet | undefined;
  /**
   * Whether this process runs background work: webhook dispatch, retention (`LINKIT_ROLE` worker or
   * all). Default true; an `api` node serves requests only (decision 0223).
   */
  backgroundWork?: boolean;
  /** Retention settings; the sweep runs on background-work nodes when given (decision 0224). */
  retention?: RetentionSettings;
  /** Request budgets per key, organization and webhook install; default `defaultRateLimits()`. */
  rateLimits?: RateLimitSettings;
  /** Origins allowed from browsers; default none (CORS off). */
  cors?: CorsSettings;
  /** Prometheus `/metrics`; default on, without a token. */
  metrics?: MetricsSettings;
  /** Fastify `trustProxy` (`TRUST_PROXY`); default false. */
  trustProxy?: boolean | string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(options: AppOptions) {
  const limits = { ...defaultLimits(), ...options.limits };
  const app = Fastify({
    ...serverTimeouts(limits),
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    // Accept a caller's X-Request-Id when it is well-formed, so logs line up across services.
    genReqId: (request) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    // One order with its 1,000 lines fits; routes that take batches set their own limit from their item cap.
    bodyLimit: 1024 * 1024,
    // Pollers keep connections open; don't let idle ones pile up forever.
    keepAliveTimeout: 65_000,
    // Failures before a route is found still answer in the contract's `{code, error, details}`.
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  registerShutdownDeadline(app, options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
  // First of all hooks: a refused request costs no database work.
  capConnectionsPerClient(app, limits.maxConnectionsPerClient);
  // Before shedding: a preflight is cheap, and a refusal must still carry the CORS headers.
  await registerCors(app, options.cors ?? { origins: [] });
  const load = await registerLoadShedding(app, {
    maxInFlight: limits.maxInFlight,
    maxEventLoopDelayMs: limits.maxEventLoopDelayMs,
  });
  // JSON is the only body the API routes read: text/plain is a 415, not a string the schema refuses.
  app.removeContentTypeParser('text/plain');
  registerTextGuard(app);
  const pageFallback =
    options.webRoot === false ? undefined : await registerWebApp(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  registerErrorHandling(app, { notFoundFallback: pageFallback });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await registerOpenApi(app);
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const { db } = options.database;
  const cachedApiKeys = await createCachedApiKeysRepository(createApiKeysRepository(db), options.database);
  app.addHook('onClose', () => cachedApiKeys.close());
  const tenants = createTenantsRepository(db);
  const apiKeys = createApiKeysService({
    apiKeys: cachedApiKeys,
    tenants,
    onTouchError: (error) => app.log.warn({ err: error }, 'could not record key use'),
  });
  const { secretBox } = options;
  const orders = createOrdersService({
    db,
    secretBox,
    pollingFastPath: options.polling?.fastPath ?? true,
    replicas: options.replicas,
    onReplicaError: (error, replica) =>
      app.log.warn({ err: error, replica }, 'read replica failed: reading from the primary'),
  });

  registerMetrics(app, options.metrics ?? { enabled: true, token: undefined }, createMetricsService({ db }));
  registerApiKeyAuth(app, apiKeys);
  // After authentication: the budget is the key's, and a refused key spends none.
  await registerRateLimits(app, options.rateLimits ?? defaultRateLimits());
  registerIdempotency(
    app,
    createIdempotencyService({
      repository: createIdempotencyRepository(db),
      onPurgeError: (error) => app.log.warn({ err: error }, 'could not purge expired idempotency keys'),
    }),
  );
  registerHealthRoutes(app, createHealthService({ db }), load);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerMeRoute(app, createSessionService({ tenants }));
  registerApiKeyRoutes(app, apiKeys);
  registerOrganizationRoutes(app, createTenantsService(db));
  registerCreateOrderRoute(app, orders);
  registerListOrdersRoute(app, orders);
  registerGetOrderRoute(app, orders);

  const writes = createOrderWritesService({ db, orders });
  registerReplaceOrderRoute(app, writes);
  registerPatchStatusRoute(app, writes);
  registerDeleteOrderRoute(app, writes);
  registerBulkRoutes(app, writes);
  registerOrderHistoryRoute(app, createOrderHistoryService({ db }));
  registerExportOrdersRoute(
    app,
    createOrdersExportService({ db, copyOut: options.database.copyOut }),
    createSlots('exports', {
      perProcess: limits.maxExports,
      perOrganization: limits.maxExportsPerOrganization,
    }),
  );

  const webhookSettings = options.webhooks ?? {
    allowPrivateTargets: false,
    dispatcher: false,
    timeoutMs: 10_000,
  };
  const webhooks = createWebhooksService({ db, targets: webhookSettings, secretBox });
  registerWebhookSubscriptionRoutes(app, webhooks);
  registerWebhookDeliveryRoutes(app, webhooks);
  const backgroundWork = options.backgroundWork ?? true;
  if (webhookSettings.dispatcher && backgroundWork) {
    const dispatcher = createDispatcher(options.database, {
      ...webhookSettings,
      secretBox,
      onError: (error) => app.log.error({ err: error }, 'webhook dispatch failed'),
    });
    app.addHook('onReady', () => dispatcher.start());
    app.addHook('onClose', () => dispatcher.stop());
  }

  const appsRepository = createAppsRepository(db);
  const apps = createAppsService({ apps: appsRepository, secretBox });
  const statusMappings = createStatusMappingsService({
    repository: createStatusMappingsRepository(db),
  });
  if (options.retention && backgroundWork) {
    const retention = createBackgroundJob({
      name: RETENTION_JOB,
      leases: createWorkerLeasesRepository(db),
      intervalMs: options.retention.intervalSeconds * 1000,
      run: createRetentionSweep(createRetentionRepository(db), options.retention),
      onRun: (result) => app.log.info({ job: RETENTION_JOB, deleted: result }, 'retention sweep done'),
      onError: (error) => app.log.error({ err: error, job: RETENTION_JOB }, 'retention sweep failed'),
    });
    app.addHook('onReady', async () => retention.start());
    app.addHook('onClose', () => retention.stop());
  }

  const intakeFeed = createIntakeFeed({
    db,
    orders,
    statusMappings,
    maxBacklog: limits.maxIntakeBacklog,
    secretBox,
    onInternalError: (error, intakeId) => app.log.error({ err: error, intakeId }, 'intake promotion failed'),
  });
  registerIntakeRoutes(app, apps, intakeFeed);
  registerStatusMappingRoutes(app, apps, statusMappings);
  registerInboundWebhookRoutes(app, intakeFeed);

  const connectorSettings = options.connectors ?? {
    allowBaseUrlOverride: false,
    allowPrivateTargets: false,
    scheduler: false,
    timeoutMs: 30_000,
  };
  const sync = createSyncService({
    db,
    secretBox,
    apps: appsRepository,
    intake: intakeFeed,
    writes,
    options: {
      ...connectorSettings,
      onError: (error, context) => app.log.error({ err: error, ...context }, 'sync run failed'),
    },
  });
  registerInstallRoutes(app, apps, sync);
  registerSyncRoutes(app, sync);
  if (connectorSettings.scheduler && backgroundWork) {
    app.addHook('onReady', async () => sync.start());
  }
  // Always: a run started by runDue (tests, CLI) must stop with the app too.
  app.addHook('onClose', () => sync.stop());

  registerInventoryRoutes(app, createInventoryService({ db }));

  const streams = createEventStreams({
    pollIntervalMs: 1000,
    heartbeatMs: 15_000,
    batchSize: 100,
    ...options.changeFeed,
  });
  // Before the server stops accepting: open streams would otherwise hold the close forever.
  app.addHook('preClose', async () => streams.closeAll());
  registerChangeFeedRoute(
    app,
    createChangeFeedService({ db }),
    streams,
    createSlots('change-feed streams', {
      perProcess: limits.maxStreams,
      perOrganization: limits.maxStreamsPerOrganization,
    }),
  );

  return app;
}
