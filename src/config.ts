/** @module The service's configuration: read from the environment once, validated, then passed around. */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  DATABASE_DIRECT_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_REPLICA_URLS: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://[^,]+(,\\s*postgres(ql)?://[^,]+)*$' }),
  ),
  DATABASE_PREPARED_STATEMENTS: Type.Boolean({ default: true }),
  LINKIT_ROLE: Type.Union([Type.Literal('api'), Type.Literal('worker'), Type.Literal('all')], {
    default: 'all',
  }),
  RETENTION_ORDER_EVENTS_DAYS: Type.Integer({ minimum: 0, maximum: 36_500, default: 0 }),
  RETENTION_WEBHOOK_DELIVERIES_DAYS: Type.Integer({ minimum: 0, maximum: 36_500, default: 30 }),
  RETENTION_INTAKE_DAYS: Type.Integer({ minimum: 0, maximum: 36_500, default: 30 }),
  RETENTION_INTERVAL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 3600 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  LINKIT_BOOTSTRAP_KEY: Type.Optional(Type.String({ minLength: 24 })),
  LINKIT_SECRET_KEYS: Type.Optional(Type.String({ minLength: 1 })),
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: Type.Boolean({ default: false }),
  WEBHOOKS_DISPATCHER: Type.Boolean({ default: true }),
  WEBHOOKS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  HTTP_HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  HTTP_REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
  HTTP_IDLE_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 120_000 }),
  HTTP_MAX_CONNECTIONS_PER_CLIENT: Type.Integer({ minimum: 0, maximum: 100_000, default: 256 }),
  HTTP_MAX_IN_FLIGHT: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  HTTP_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 1000 }),
  CHANGE_FEED_MAX_STREAMS: Type.Integer({ minimum: 1, maximum: 100_000, default: 100 }),
  CHANGE_FEED_MAX_STREAMS_PER_ORGANIZATION: Type.Integer({ minimum: 1, maximum: 100_000, default: 10 }),
  EXPORTS_MAX_CONCURRENT: Type.Integer({ minimum: 1, maximum: 1000, default: 8 }),
  EXPORTS_MAX_CONCURRENT_PER_ORGANIZATION: Type.Integer({ minimum: 1, maximum: 1000, default: 2 }),
  INTAKE_MAX_BACKLOG_PER_ORGANIZATION: Type.Integer({ minimum: 1, maximum: 100_000_000, default: 10_000 }),
  CONNECTORS_ALLOW_BASE_URL_OVERRIDE: Type.Boolean({ default: false }),
  CONNECTORS_ALLOW_PRIVATE_TARGETS: Type.Boolean({ default: false }),
  CONNECTORS_SCHEDULER: Type.Boolean({ default: true }),
  CONNECTORS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 30_000 }),
  CONNECTORS_LEASE_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  RATE_LIMIT_PER_KEY_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 1200 }),
  RATE_LIMIT_PER_ORGANIZATION_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 6000 }),
  RATE_LIMIT_WEBHOOKS_PER_INSTALL_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 600 }),
  CORS_ORIGINS: Type.Optional(Type.String({ pattern: '^https?://[^,\\s]+(\\s*,\\s*https?://[^,\\s]+)*$' })),
  METRICS_ENABLED: Type.Boolean({ default: true }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
});

type Env = Static<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** A connection that bypasses a transaction pooler: LISTEN/NOTIFY and COPY (docs/deploy.md). */
  databaseDirectUrl: string | undefined;
  /** Streaming replicas that may serve reads (decision 0222); empty: every read on the primary. */
  databaseReplicaUrls: string[];
  /** False behind PgBouncer < 1.21 in transaction mode, which can't keep named prepared statements. */
  databasePreparedStatements: boolean;
  /** What this process does: `api` serves HTTP only; `worker` and `all` also run background work. */
  role: Role;
  retention: RetentionSettings;
  logLevel: string;
  bootstrapKey: string | undefined;
  /** The key ring that seals secrets at rest (`id:base64url,…`); unset: a key file in the data dir. */
  secretKeys: string | undefined;
  webhooks: WebhookSettings;
  limits: ServiceLimits;
  connectors: ConnectorSettings;
  /** Budgets per key, organization and webhook install, per process (decision 0184). */
  rateLimits: RateLimitSettings;
  cors: CorsSettings;
  metrics: MetricsSettings;
  /** Fastify `trustProxy`: whether (or which hops) to believe `X-Forwarded-*` from. */
  trustProxy: boolean | string;
}

/**
 * What one client, one organization or the whole process may hold at once, so that no caller can
 * starve the others (docs/decisions/0200-slow-and-greedy-clients.md).
 */
export interface ServiceLimits {
  /** Time a client has to send a request's headers (Node `headersTimeout`). */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included (Node `requestTimeout`). */
  requestTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (Fastify `connectionTimeout`); 0: never. */
  idleTimeoutMs: number;
  /** Open connections from one address; 0: no cap (behind a proxy every client shares its address). */
  maxConnectionsPerClient: number;
  /** Requests being served at once (streams not counted); beyond it: 503 + Retry-After. */
  maxInFlight: number;
  /** Mean event-loop delay beyond which requests are shed and readiness is false; 0: not checked. */
  maxEventLoopDelayMs: number;
  /** Open change-feed streams in this process, and per organization. */
  maxStreams: number;
  maxStreamsPerOrganization: number;
  /** Exports running in this process, and per organization. */
  maxExports: number;
  maxExportsPerOrganization: number;
  /** Intake items of an organization not (yet) in the ledger: received or failed. */
  maxIntakeBacklog: number;
}

/** The limits a process runs with when nothing is configured. */
export function defaultLimits(databasePoolSize = 50): ServiceLimits {
  return {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    idleTimeoutMs: 120_000,
    maxConnectionsPerClient: 256,
    maxInFlight: databasePoolSize * 8,
    maxEventLoopDelayMs: 1000,
    maxStreams: 100,
    maxStreamsPerOrganization: 10,
    maxExports: 8,
    maxExportsPerOrganization: 2,
    maxIntakeBacklog: 10_000,
  };
}

export interface WebhookSettings {
  /** Allow loopback, private and link-local targets (and plain http): local development and tests only. */
  allowPrivateTargets: boolean;
  /** Run the delivery dispatcher in this process (several processes may run one each). */
  dispatcher: boolean;
  /** Deadline of one delivery attempt. */
  timeoutMs: number;
}

/** Pull connectors (docs/decisions/0142-connector-targets.md). */
export interface ConnectorSettings {
  /** Let installs replace a vendor's production API address (sandboxes, simulators). */
  allowBaseUrlOverride: boolean;
  /** Let vendor addresses be loopback, private or link-local (and plain http): development and tests only. */
  allowPrivateTargets: boolean;
  /** Run the sync scheduler in this process (several processes share the work on PostgreSQL). */
  scheduler: boolean;
  /** Deadline of one vendor request. */
  timeoutMs: number;
  /**
   * How long a claimed install stays this node's without renewal (renewed every page and wait): how
   * long a crashed node's installs wait before another node resumes them. Default 60 s.
   */
  leaseMs?: number;
}

export type Role = 'api' | 'worker' | 'all';

/** Days to keep each kind of record (0: forever) and how often the sweep runs (decision 0224). */
export interface RetentionSettings {
  orderEventsDays: number;
  webhookDeliveriesDays: number;
  intakeDays: number;
  intervalSeconds: number;
}

/** Whether a process of this role runs background work (webhook dispatch, retention, sync runs). */
export function runsBackgroundWork(role: Role): boolean {
  return role !== 'api';
}

/** Budgets per minute; 0 turns one off. Counted per process: with N nodes, set budget/N (decision 0184). */
export interface RateLimitSettings {
  perKeyPerMinute: number;
  perOrganizationPerMinute: number;
  webhooksPerInstallPerMinute: number;
  /** The budget's window; tests shorten it. Default one minute. */
  windowMs?: number;
}

/** Generous enough that no ordinary client (nor any test) meets them. */
export function defaultRateLimits(): RateLimitSettings {
  return { perKeyPerMinute: 1200, perOrganizationPerMinute: 6000, webhooksPerInstallPerMinute: 600 };
}

export interface CorsSettings {
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  origins: string[];
}

export interface MetricsSettings {
  /** Serve `/metrics`; false: it stays a 404 like any unknown path. */
  enabled: boolean;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** `true`/`false`, or the proxies' addresses/CIDRs (comma-separated), as Fastify's `trustProxy` takes them. */
function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  return value;
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as they do for most shells and orchestrators.
  const raw = Object.fromEntries(
    Object.keys(ConfigSchema.properties)
      .filter((key) => source[key] !== undefined && source[key] !== '')
      .map((key) => [key, source[key]]),
  );
  const env = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw)) as Env;
  const errors = [...Value.Errors(ConfigSchema, env)];
  if (errors.length > 0) {
    const lines = errors.map((error) => `${error.path.slice(1)}: ${error.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseDirectUrl: env.DATABASE_DIRECT_URL,
    databaseReplicaUrls: (env.DATABASE_REPLICA_URLS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS,
    role: env.LINKIT_ROLE as Role,
    retention: {
      orderEventsDays: env.RETENTION_ORDER_EVENTS_DAYS,
      webhookDeliveriesDays: env.RETENTION_WEBHOOK_DELIVERIES_DAYS,
      intakeDays: env.RETENTION_INTAKE_DAYS,
      intervalSeconds: env.RETENTION_INTERVAL_SECONDS,
    },
    logLevel: env.LOG_LEVEL,
    bootstrapKey: env.LINKIT_BOOTSTRAP_KEY,
    secretKeys: env.LINKIT_SECRET_KEYS,
    webhooks: {
      allowPrivateTargets: env.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
      dispatcher: env.WEBHOOKS_DISPATCHER,
      timeoutMs: env.WEBHOOKS_TIMEOUT_MS,
    },
    limits: {
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: env.HTTP_IDLE_TIMEOUT_MS,
      maxConnectionsPerClient: env.HTTP_MAX_CONNECTIONS_PER_CLIENT,
      // Requests beyond what the pool serves at once only queue; a few rounds of it are worth waiting for.
      maxInFlight: env.HTTP_MAX_IN_FLIGHT ?? env.DATABASE_POOL_SIZE * 8,
      maxEventLoopDelayMs: env.HTTP_MAX_EVENT_LOOP_DELAY_MS,
      maxStreams: env.CHANGE_FEED_MAX_STREAMS,
      maxStreamsPerOrganization: env.CHANGE_FEED_MAX_STREAMS_PER_ORGANIZATION,
      maxExports: env.EXPORTS_MAX_CONCURRENT,
      maxExportsPerOrganization: env.EXPORTS_MAX_CONCURRENT_PER_ORGANIZATION,
      maxIntakeBacklog: env.INTAKE_MAX_BACKLOG_PER_ORGANIZATION,
    },
    connectors: {
      allowBaseUrlOverride: env.CONNECTORS_ALLOW_BASE_URL_OVERRIDE,
      allowPrivateTargets: env.CONNECTORS_ALLOW_PRIVATE_TARGETS,
      scheduler: env.CONNECTORS_SCHEDULER,
      timeoutMs: env.CONNECTORS_TIMEOUT_MS,
      leaseMs: env.CONNECTORS_LEASE_SECONDS * 1000,
    },
    rateLimits: {
      perKeyPerMinute: env.RATE_LIMIT_PER_KEY_PER_MINUTE,
      perOrganizationPerMinute: env.RATE_LIMIT_PER_ORGANIZATION_PER_MINUTE,
      webhooksPerInstallPerMinute: env.RATE_LIMIT_WEBHOOKS_PER_INSTALL_PER_MINUTE,
    },
    cors: {
      origins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    },
    metrics: { enabled: env.METRICS_ENABLED, token: env.METRICS_TOKEN },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
