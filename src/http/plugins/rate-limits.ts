/**
 * @module Request budgets per minute: per API key and per organization, counted once the key is known
 * (after authentication, so an anonymous flood never spends a tenant's budget), and per install for
 * inbound vendor webhooks, which have no key and must not starve the API. Health probes and public
 * pages are never counted. The counters live in this process (docs/decisions/0184-rate-limits-cors-metrics.md).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitSettings } from '../../config.js';
import { retryLater } from '../../errors.js';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type Outcome = Exclude<Awaited<ReturnType<Limiter>>, { isAllowed: true }>;

function setHeaders(reply: FastifyReply, outcome: Outcome): void {
  reply.header('ratelimit-limit', String(outcome.max));
  reply.header('ratelimit-remaining', String(outcome.remaining));
  reply.header('ratelimit-reset', String(outcome.ttlInSeconds));
}

/** Counts the request against each budget; the tightest one's state goes into the headers. */
async function spend(
  request: FastifyRequest,
  reply: FastifyReply,
  budgets: { scope: string; limiter: Limiter }[],
): Promise<void> {
  let tightest: Outcome | undefined;
  let exceeded: { scope: string; outcome: Outcome } | undefined;
  for (const { scope, limiter } of budgets) {
    const outcome = await limiter(request);
    if (outcome.isAllowed) {
      continue;
    }
    if (outcome.isExceeded && exceeded === undefined) {
      exceeded = { scope, outcome };
    }
    if (tightest === undefined || outcome.remaining < tightest.remaining) {
      tightest = outcome;
    }
  }
  if (exceeded) {
    const { scope, outcome } = exceeded;
    setHeaders(reply, outcome);
    throw retryLater(
      'rate_limited',
      'Too many requests',
      { limit: outcome.max, scope, retry_after_seconds: outcome.ttlInSeconds },
      Math.max(1, outcome.ttlInSeconds),
    );
  }
  if (tightest) {
    setHeaders(reply, tightest);
  }
}

/**
 * Registers the budgets. Call after the API-key hook: hooks run in order, so `request.tenant` is set
 * by the time the budget is spent, and a refused key (401/403) spends nothing.
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  const timeWindow = settings.windowMs ?? 60_000;
  // Not global: routes are counted by the hooks below, which know the key, not by the client address.
  await app.register(rateLimit, { global: false });
  const apiBudgets: { scope: string; limiter: Limiter }[] = [];
  if (settings.perKeyPerMinute > 0) {
    apiBudgets.push({
      scope: 'api_key',
      limiter: app.createRateLimit({
        max: settings.perKeyPerMinute,
        timeWindow,
        keyGenerator: (request) => `key:${request.tenant.apiKeyId}`,
      }),
    });
  }
  if (settings.perOrganizationPerMinute > 0) {
    apiBudgets.push({
      scope: 'organization',
      limiter: app.createRateLimit({
        max: settings.perOrganizationPerMinute,
        timeWindow,
        keyGenerator: (request) => `organization:${request.tenant.organizationId}`,
      }),
    });
  }
  const webhookBudgets: { scope: string; limiter: Limiter }[] = [];
  if (settings.webhooksPerInstallPerMinute > 0) {
    webhookBudgets.push({
      scope: 'install',
      limiter: app.createRateLimit({
        max: settings.webhooksPerInstallPerMinute,
        timeWindow,
        keyGenerator: (request) => `install:${(request.params as { install_id?: string }).install_id ?? ''}`,
      }),
    });
  }
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.probe) {
      return;
    }
    if (config.scope && request.tenant) {
      await spend(request, reply, apiBudgets);
    } else if (request.routeOptions.url?.startsWith('/webhooks/')) {
      await spend(request, reply, webhookBudgets);
    }
  });
}
