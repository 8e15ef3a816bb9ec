/**
 * @module The sync engine: pulls each install's orders from its vendor through the vendor's paging
 * adapter and feeds them to the intake feed, the one path into the ledger (captured verbatim first,
 * then promoted). Runs are backfills (`from`) or incremental (from the last checkpoint minus an
 * overlap); each page's captures commit with the checkpoint that follows them, so a killed process
 * resumes where it stopped. One node at a time syncs an install, under a lease in the database.
 * Credentials are sealed at rest and never leave this module. See docs/decisions/0140–0143.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ConnectorSettings } from '../config.js';
import { newId } from '../domain/ids.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import type {
  Credentials,
  ListRow,
  PagingAdapter,
  VendorRequest,
  VendorResponse,
} from '../integrations/paging-adapter.js';
import { VendorShapeError } from '../integrations/paging-adapter.js';
import { pagingAdapterFor } from '../integrations/paging-adapters.js';
import { stringifyVendorJson } from '../integrations/vendor-json.js';
import type { AppsRepository, Install } from '../storage/apps-repository.js';
import type { Db, Executor } from '../storage/db.js';
import { SECRET_CONTEXTS, type SecretBox } from '../storage/secret-box.js';
import {
  type CapturedVersion,
  createSyncRepository,
  LeaseLostError,
  NEXT_RUN_AFTER_SUCCESS,
  type SyncChanges,
  type SyncRow,
  saveSyncSettings,
} from '../storage/sync-repository.js';
import { checkTargetUrl, TargetRefusedError } from '../webhooks/target-guard.js';
import type { IntakeFeed } from './intake-service.js';
import type { OrderWritesService } from './order-writes-service.js';
import { createVendorHttpClient, VendorTransportError } from './vendor-http-client.js';

export interface SyncEngineOptions extends ConnectorSettings {
  /** How often the scheduler looks for due installs. */
  pollIntervalMs?: number;
  /** Installs synced at once by this node. */
  concurrency?: number;
  /** First backoff after a 5xx, timeout or reset; doubles each attempt, with full jitter. */
  retryBaseMs?: number;
  /** Longest single wait inside a run (Retry-After is honoured up to this, then the run fails and is retried later). */
  maxWaitMs?: number;
  /** Attempts of one request before the run fails. */
  maxAttempts?: number;
  /** Wait before retrying a failed run, by consecutive failures (the last one repeats). */
  failureRetryMs?: readonly number[];
  /** Captures left `received` this long (by a crash, or a webhook that died mid-promotion) are promoted by the engine. */
  leftoverAfterMs?: number;
  nodeId?: string;
  onError?: (error: unknown, context: Record<string, unknown>) => void;
}

export const DEFAULT_SCHEDULE_SECONDS = 300;
const DEFAULT_FAILURE_RETRY_MS = [60_000, 300_000, 900_000, 3_600_000];

export type SyncState = 'idle' | 'running' | 'backing_off' | 'failing';

/** The sync resource as the API shows it (decision 0141). Never holds a credential. */
export interface SyncView {
  install_id: string;
  app_slug: string;
  state: SyncState;
  credentials_set: boolean;
  credential_fields: string[];
  base_url: string | null;
  schedule_minutes: number | null;
  overlap_minutes: number;
  run: {
    id: string;
    kind: 'backfill' | 'incremental';
    from: string | null;
    started_at: string;
    phase: string;
    resumed: boolean;
    pages: number;
    orders_fetched: number;
    orders_captured: number;
    orders_promoted: number;
    orders_failed: number;
    orders_removed: number;
    estimated_total: number | null;
  } | null;
  requested: { from: string | null; at: string } | null;
  checkpoint: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
  retry_at: string | null;
  next_run_at: string | null;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** A run cannot go on now; `retryable` runs are tried again later, the reason is shown in words. */
class RunError extends Error {
  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
  }
}

/** Up to `limit` of `items` mapped at once, results in order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

const digestOf = (text: string) => createHash('sha256').update(text).digest('base64url');

export function createSyncService(deps: {
  db: Db;
  secretBox: SecretBox;
  apps: AppsRepository;
  intake: IntakeFeed;
  writes: OrderWritesService;
  options: SyncEngineOptions;
}) {
  const { apps, intake, writes, secretBox, options } = deps;
  const sync = createSyncRepository(deps.db);
  const http = createVendorHttpClient(options);
  const nodeId = options.nodeId ?? `node-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const failureRetryMs = options.failureRetryMs ?? DEFAULT_FAILURE_RETRY_MS;
  const leftoverAfterMs = options.leftoverAfterMs ?? 60_000;
  const onError = options.onError ?? (() => {});

  const credentialsContext = SECRET_CONTEXTS.installCredentials;

  function adapterOf(install: Install): PagingAdapter<unknown> {
    const adapter = pagingAdapterFor(install.appSlug);
    if (!adapter) {
      throw new ApiError('conflict', `${install.appSlug} has no API to pull orders from`, {
        app_slug: install.appSlug,
      });
    }
    return adapter;
  }

  async function liveInstall(organizationId: string, installId: string): Promise<Install> {
    const install = await apps.findInstall(organizationId, installId);
    if (!install) {
      throw notFound('App install', { id: installId });
    }
    return install;
  }

  function stateOf(row: SyncRow | undefined, now: Date): SyncState {
    if (!row) {
      return 'idle';
    }
    const leased = row.leaseUntil !== null && row.leaseUntil > now && row.runId !== null;
    if (leased && row.retryAt !== null && row.retryAt > now) {
      return 'backing_off';
    }
    if (leased) {
      return 'running';
    }
    return row.consecutiveFailures > 0 ? 'failing' : 'idle';
  }

  function view(install: Install, row: SyncRow | undefined): SyncView {
    const adapter = adapterOf(install);
    const now = new Date();
    const state = stateOf(row, now);
    return {
      install_id: install.id,
      app_slug: install.appSlug,
      state,
      credentials_set: Boolean(row?.credentials),
      credential_fields: adapter.credentialFields.map((field) => field.name),
      base_url: row?.baseUrl ?? adapter.defaultBaseUrl,
      schedule_minutes:
        row === undefined
          ? DEFAULT_SCHEDULE_SECONDS / 60
          : row.scheduleSeconds === null
            ? null
            : row.scheduleSeconds / 60,
      overlap_minutes: (row?.overlapSeconds ?? 10_800) / 60,
      run:
        row?.runId && row.runStartedAt
          ? {
              id: row.runId,
              kind: row.runKind === 'backfill' ? 'backfill' : 'incremental',
              from: iso(row.runFrom),
              started_at: row.runStartedAt.toISOString(),
              phase: row.runPhase ?? 'listing',
              resumed: row.runResumed,
              pages: row.runPages,
              orders_fetched: row.runFetched,
              orders_captured: row.runCaptured,
              orders_promoted: row.runPromoted,
              orders_failed: row.runFailed,
              orders_removed: row.runRemoved,
              estimated_total: row.runTotal,
            }
          : null,
      requested: row?.requestedAt
        ? { from: iso(row.requestedFrom), at: row.requestedAt.toISOString() }
        : null,
      checkpoint: iso(row?.checkpoint),
      last_success_at: iso(row?.lastSuccessAt),
      last_error: row?.lastError ?? null,
      last_error_at: iso(row?.lastErrorAt),
      consecutive_failures: row?.consecutiveFailures ?? 0,
      retry_at: state === 'backing_off' ? iso(row?.retryAt) : null,
      next_run_at: row?.credentials ? iso(row.nextRunAt) : null,
    };
  }

  /** The credentials as the merchant gave them: every required field, only known fields, all strings. */
  function checkCredentials(adapter: PagingAdapter<unknown>, given: Record<string, unknown>): Credentials {
    const errors: Record<string, string> = {};
    const known = new Set(adapter.credentialFields.map((field) => field.name));
    for (const name of Object.keys(given)) {
      if (!known.has(name)) {
        errors[`credentials.${name}`] =
          `is not a credential of this app (expected: ${[...known].join(', ')})`;
      }
    }
    for (const field of adapter.credentialFields) {
      const value = given[field.name];
      if (value === undefined || value === null) {
        if (field.required) {
          errors[`credentials.${field.name}`] = `is required: ${field.description}`;
        }
      } else if (typeof value !== 'string' || value.trim() === '' || value.length > 4096) {
        errors[`credentials.${field.name}`] = 'must be a non-empty string of at most 4096 characters';
      }
    }
    if (Object.keys(errors).length > 0) {
      throw validationFailed(errors);
    }
    return Object.fromEntries(Object.entries(given).map(([name, value]) => [name, String(value)]));
  }

  /** A base URL the operator's settings allow, checked by the SSRF guard; null keeps the vendor's. */
  async function checkBaseUrl(
    adapter: PagingAdapter<unknown>,
    baseUrl: string | null,
  ): Promise<string | null> {
    if (baseUrl === null) {
      if (adapter.defaultBaseUrl === null) {
        throw validationFailed({ base_url: 'is required: this app has no public API address of its own' });
      }
      return null;
    }
    if (adapter.defaultBaseUrl !== null && !options.allowBaseUrlOverride) {
      throw validationFailed({
        base_url: `this server does not allow replacing the vendor's API address (${adapter.defaultBaseUrl})`,
      });
    }
    try {
      const url = await checkTargetUrl(baseUrl, options);
      if (url.search || url.hash) {
        throw new TargetRefusedError('must not have a query or fragment');
      }
      return url.toString().replace(/\/+$/, '');
    } catch (error) {
      if (error instanceof TargetRefusedError) {
        throw validationFailed({ base_url: error.message });
      }
      throw error;
    }
  }

  /** What saving credentials changes: checked, sealed under the install's context, due at once. */
  async function credentialChanges(
    adapter: PagingAdapter<unknown>,
    installId: string,
    given: Record<string, unknown>,
    baseUrl: string | null,
  ): Promise<SyncChanges> {
    const credentials = checkCredentials(adapter, given);
    return {
      credentials: secretBox.seal(JSON.stringify(credentials), credentialsContext(installId)),
      baseUrl: await checkBaseUrl(adapter, baseUrl),
      // New credentials end a failing streak's wait: try them now.
      consecutiveFailures: 0,
      nextRunAt: new Date(),
    };
  }

  // ---------------------------------------------------------------- the engine

  interface RunContext {
    row: SyncRow;
    install: Install;
    adapter: PagingAdapter<unknown>;
    baseUrl: string;
    credentials: Credentials;
    stopped: () => boolean;
    /** When this node last extended its lease (claim, checkpoint, wait or keepLease). */
    leaseRenewedAt: number;
  }

  /**
   * Extends the lease when a third of it has gone by: promoting a page or fetching its details can
   * outlast a lease on a slow host, and a lapsed lease lets another node (or this one) start the same
   * run beside it. Throws LeaseLostError when another node holds it now.
   */
  async function keepLease(context: RunContext): Promise<void> {
    if (Date.now() - context.leaseRenewedAt < leaseMs / 3) {
      return;
    }
    context.leaseRenewedAt = Date.now();
    const { organizationId, organizationAppId } = context.row;
    if (!(await sync.renewLease(organizationId, organizationAppId, nodeId, leaseMs))) {
      throw new LeaseLostError('the sync lease passed to another node');
    }
  }

  const sleepers = new Set<() => void>();
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  }

  const backoffMs = (attempt: number) => Math.random() * Math.min(30_000, retryBaseMs * 2 ** attempt);

  function describe(request: VendorRequest, response: VendorResponse): string {
    return `${request.method} ${request.path.startsWith('http') ? new URL(request.path).pathname : request.path} answered ${response.status}`;
  }

  /** Waits inside a run (rate limit or backoff), showing `backing_off` and keeping the lease. */
  async function backOff(context: RunContext, waitMs: number, reason: string): Promise<void> {
    if (waitMs > maxWaitMs) {
      throw new RunError(`${reason}; asked to wait ${Math.ceil(waitMs / 1000)} s, longer than a run waits`);
    }
    const { organizationId, organizationAppId } = context.row;
    const retryAt = new Date(Date.now() + waitMs);
    const held = await sync.update(organizationId, organizationAppId, nodeId, {
      retryAt,
      leaseUntil: new Date(retryAt.getTime() + leaseMs),
      lastError: reason,
      lastErrorAt: new Date(),
    });
    if (!held) {
      throw new LeaseLostError('the sync lease passed to another node');
    }
    context.leaseRenewedAt = retryAt.getTime();
    await sleep(waitMs);
    if (context.stopped()) {
      throw new RunError('the service is shutting down; the run resumes from its checkpoint');
    }
    await sync.update(organizationId, organizationAppId, nodeId, { retryAt: null });
  }

  /**
   * Sends one request with everything vendors need: auth headers, a token refresh on 401 (stored back,
   * sealed), Retry-After / rate-limit waits, exponential backoff with jitter on 5xx and transport errors.
   * `accept` lists statuses the caller reads itself (404/410 of a details call).
   */
  async function call(context: RunContext, request: VendorRequest, accept: readonly number[] = []) {
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      let response: VendorResponse;
      try {
        response = await http.send(
          context.baseUrl,
          request,
          context.adapter.authHeaders(context.credentials),
        );
      } catch (error) {
        if (!(error instanceof VendorTransportError) || error.refused || attempt >= maxAttempts) {
          throw new RunError(
            `the vendor could not be reached: ${(error as Error).message}`,
            !(error as VendorTransportError).refused,
          );
        }
        await backOff(
          context,
          backoffMs(attempt),
          `the vendor could not be reached (${(error as Error).message}); retrying`,
        );
        continue;
      }
      const wait = context.adapter.waitBeforeNextMs(response, new Date());
      if (response.status >= 200 && response.status < 300) {
        if (wait > 0) {
          await backOff(context, wait, 'the vendor’s rate limit is used up; waiting for it to refill');
        }
        return response;
      }
      if (accept.includes(response.status)) {
        return response;
      }
      if (response.status === 401 && context.adapter.refresh && !refreshed) {
        refreshed = true;
        await refreshCredentials(context);
        continue;
      }
      if (response.status === 429) {
        if (attempt >= maxAttempts * 2) {
          throw new RunError(`${describe(request, response)} (rate limited) ${attempt} times`);
        }
        await backOff(
          context,
          wait > 0 ? wait : backoffMs(attempt),
          'the vendor is rate limiting (429); waiting as it asked',
        );
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        if (attempt >= maxAttempts) {
          throw new RunError(`${describe(request, response)} ${attempt} times in a row`);
        }
        await backOff(
          context,
          Math.max(wait, backoffMs(attempt)),
          `${describe(request, response)}; retrying with backoff`,
        );
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new RunError(
          `${describe(request, response)}: the vendor refused the credentials; save new ones with PUT /api/v1/apps/${context.install.id}/credentials`,
        );
      }
      throw new RunError(`${describe(request, response)}`);
    }
  }

  async function refreshCredentials(context: RunContext): Promise<void> {
    const refresh = context.adapter.refresh;
    if (!refresh) {
      return;
    }
    const request = refresh.request(context.credentials, context.baseUrl);
    const response = await http.send(context.baseUrl, request, {}).catch((error: Error) => {
      throw new RunError(`the token refresh could not reach the vendor: ${error.message}`);
    });
    if (response.status < 200 || response.status >= 300) {
      throw new RunError(
        `the access token expired and the refresh was refused (${response.status}); save new credentials with PUT /api/v1/apps/${context.install.id}/credentials`,
      );
    }
    let next: Credentials;
    try {
      next = refresh.read(response, context.credentials);
    } catch (error) {
      throw new RunError(`the token refresh answered unexpectedly: ${(error as Error).message}`);
    }
    context.credentials = next;
    // Stored at once: the vendor may already have invalidated the old refresh token.
    await sync.update(context.row.organizationId, context.row.organizationAppId, nodeId, {
      credentials: secretBox.seal(JSON.stringify(next), credentialsContext(context.install.id)),
    });
  }

  /** Promotes captures a crash (or a dead request) left `received`, oldest first. */
  async function promoteLeftovers(context: RunContext, olderThanMs: number): Promise<void> {
    const { organizationId, organizationAppId } = context.row;
    for (;;) {
      const rows = await sync.unpromoted(organizationId, organizationAppId, olderThanMs, 500);
      for (const row of rows) {
        await keepLease(context);
        const done = await intake.promoteStored(context.install, row);
        await sync.update(
          organizationId,
          organizationAppId,
          nodeId,
          {},
          done.status === 'failed' ? { failed: 1 } : { promoted: 1 },
        );
      }
      if (rows.length < 500) {
        return;
      }
    }
  }

  /** The vendor order payload to capture for a changed row: the row itself, or its details. Null: gone. */
  async function captureOf(context: RunContext, row: ListRow): Promise<string | null> {
    if (!row.needsDetails) {
      return stringifyVendorJson(row.raw);
    }
    await keepLease(context);
    const request = context.adapter.detailsRequest(row.vendorOrderId, context.credentials);
    if (!request) {
      return stringifyVendorJson(row.raw);
    }
    const response = await call(context, request, [404, 410]);
    if (response.status === 404 || response.status === 410) {
      return null; // removed between the list and its details: the next pass settles it
    }
    try {
      return stringifyVendorJson(context.adapter.readDetails(response));
    } catch (error) {
      throw new RunError(
        `order ${row.vendorOrderId}'s details are not in the documented shape: ${(error as Error).message}`,
      );
    }
  }

  /** Soft-deletes orders a complete pass no longer listed and whose key the vendor says is gone. */
  async function removeVanished(context: RunContext, seen: ReadonlySet<string>): Promise<void> {
    const { organizationId, organizationAppId } = context.row;
    const live = await sync.liveVendorOrders(organizationId, organizationAppId);
    const missing = live.filter((order) => order.vendorOrderId !== null && !seen.has(order.vendorOrderId));
    await sync.update(organizationId, organizationAppId, nodeId, { runPhase: 'checking_removals' });
    for (const order of missing) {
      const request = context.adapter.detailsRequest(order.vendorOrderId as string, context.credentials);
      if (!request) {
        return;
      }
      const response = await call(context, request, [404, 410]);
      if (!context.adapter.isRemoved(response)) {
        continue;
      }
      try {
        await writes.deleteOrder({ organizationId, appId: organizationAppId }, order.orderId);
        await sync.update(organizationId, organizationAppId, nodeId, {}, { removed: 1 });
      } catch (error) {
        if (!(error instanceof ApiError && error.kind === 'gone')) {
          throw error;
        }
      }
    }
  }

  /** Starts the due run (or resumes the interrupted one) and pages through it to the end. */
  async function runInstall(claimed: SyncRow, stopped: () => boolean): Promise<void> {
    const { organizationId, organizationAppId } = claimed;
    const install = await apps.findInstall(organizationId, organizationAppId);
    if (!install || !claimed.credentials) {
      await sync.update(organizationId, organizationAppId, nodeId, {
        nextRunAt: null,
        leaseOwner: null,
        leaseUntil: null,
      });
      return;
    }
    const adapter = adapterOf(install);
    let row = claimed;
    if (row.runId === null) {
      // A backfill reads from its own start; an incremental run from the checkpoint minus the overlap
      // (without a checkpoint it is the first run, and reads everything).
      const from =
        row.requestedFrom ??
        (row.checkpoint ? new Date(row.checkpoint.getTime() - row.overlapSeconds * 1000) : null);
      const changes: SyncChanges = {
        runId: newId('run'),
        runKind: row.requestedAt !== null && row.requestedFrom !== null ? 'backfill' : 'incremental',
        runFrom: from,
        runStartedAt: new Date(),
        runPhase: 'listing',
        runPosition: null,
        runResumed: false,
        runPages: 0,
        runFetched: 0,
        runCaptured: 0,
        runPromoted: 0,
        runFailed: 0,
        runRemoved: 0,
        runTotal: null,
        requestedAt: null,
        requestedFrom: null,
        retryAt: null,
        state: 'running',
      };
      await sync.update(organizationId, organizationAppId, nodeId, changes);
      row = { ...row, ...(changes as Partial<SyncRow>) };
    } else {
      await sync.update(organizationId, organizationAppId, nodeId, {
        runResumed: true,
        retryAt: null,
        state: 'running',
      });
      row = { ...row, runResumed: true };
    }
    const context: RunContext = {
      row,
      install,
      adapter,
      baseUrl: row.baseUrl ?? (adapter.defaultBaseUrl as string),
      credentials: JSON.parse(
        secretBox.open(row.credentials as string, credentialsContext(install.id)),
      ) as Credentials,
      stopped,
      leaseRenewedAt: Date.now(),
    };
    // A resumed run's own last page may be captured but not promoted; webhooks' leftovers wait a while
    // so that a request still promoting its own capture is not raced.
    await promoteLeftovers(context, row.runResumed ? 0 : leftoverAfterMs);

    const window = { from: row.runFrom, incremental: row.runKind === 'incremental' };
    // Lists that cannot filter by date are read whole; only a backfill's own start drops older rows
    // (an incremental run keeps them: they may be changes).
    const dropBefore = !adapter.filtersByPlacedTime && row.runKind === 'backfill' ? row.runFrom : null;
    const listsEverything = adapter.filtersByPlacedTime ? row.runFrom === null : dropBefore === null;
    const first = adapter.firstPosition(window);
    let position: unknown = row.runPosition ?? first;
    let phase = row.runPhase ?? 'listing';
    const seen = new Set<string>();
    while (position !== null && phase !== 'checking_removals') {
      if (stopped()) {
        throw new RunError('the service is shutting down; the run resumes from its checkpoint');
      }
      const response = await call(context, adapter.listRequest(position, window, context.credentials));
      let page: ReturnType<typeof adapter.readPage>;
      try {
        page = adapter.readPage(response, position);
      } catch (error) {
        if (error instanceof VendorShapeError) {
          throw new RunError(`the vendor's order list is not in its documented shape: ${error.message}`);
        }
        throw error;
      }
      const rows = [
        ...new Map(
          page.rows
            .filter(
              (listed) => dropBefore === null || listed.placedAt === null || listed.placedAt >= dropBefore,
            )
            .map((listed) => [listed.vendorOrderId, listed]),
        ).values(),
      ];
      for (const listed of rows) {
        seen.add(listed.vendorOrderId);
      }
      const fingerprints = rows.map((listed) => ({
        listed,
        digest: digestOf(stringifyVendorJson(listed.raw)),
      }));
      const known = await sync.knownDigests(
        organizationId,
        organizationAppId,
        rows.map((listed) => listed.vendorOrderId),
      );
      const changed = fingerprints.filter(({ listed, digest }) => known.get(listed.vendorOrderId) !== digest);
      const payloads = await mapLimit(changed, adapter.detailsConcurrency, ({ listed }) =>
        captureOf(context, listed),
      );
      const captures: CapturedVersion[] = [];
      changed.forEach(({ listed, digest }, index) => {
        const payload = payloads[index];
        if (payload !== null && payload !== undefined) {
          captures.push({
            digest,
            intake: {
              organizationId,
              id: newId('int'),
              organizationAppId,
              payload,
              channel: 'pull',
              eventType: null,
              vendorOrderId: listed.vendorOrderId,
            },
          });
        }
      });

      let nextPhase = phase;
      let nextPosition: unknown = page.next;
      if (phase === 'catching_up' && changed.length === 0) {
        nextPosition = null; // the head of the list has nothing new: caught up
      } else if (page.next === null && phase === 'listing' && adapter.listOrder === 'newest-first') {
        // Orders placed while we paged went to the head of the list: read it again until nothing is new.
        nextPhase = 'catching_up';
        nextPosition = first;
      }
      const stored = await sync.capturePage(
        organizationId,
        organizationAppId,
        nodeId,
        captures,
        {
          runPosition: nextPosition,
          runPhase: nextPosition === null ? 'finishing' : nextPhase,
          runTotal: page.total,
          leaseUntil: new Date(Date.now() + leaseMs),
        },
        { pages: 1, fetched: rows.length, captured: captures.length },
      );
      let promoted = 0;
      let failed = 0;
      context.leaseRenewedAt = Date.now(); // the checkpoint extended it
      for (const intakeRow of stored) {
        await keepLease(context);
        const done = await intake.promoteStored(install, intakeRow);
        if (done.status === 'failed') {
          failed += 1;
        } else {
          promoted += 1;
        }
      }
      await sync.update(organizationId, organizationAppId, nodeId, {}, { promoted, failed });
      position = nextPosition;
      phase = nextPhase;
    }
    // Only a complete pass over everything, in this process, knows which orders the vendor no longer lists.
    if (adapter.reportsRemovals && listsEverything && !row.runResumed) {
      await removeVanished(context, seen);
    }
    await sync.update(organizationId, organizationAppId, nodeId, {
      state: 'idle',
      runId: null,
      runPosition: null,
      runPhase: null,
      // A backfill that started after the checkpoint's window leaves the checkpoint where it was.
      checkpoint:
        row.runKind === 'backfill' && row.checkpoint && row.runFrom && row.runFrom > row.checkpoint
          ? row.checkpoint
          : row.runStartedAt,
      lastSuccessAt: new Date(),
      lastError: null,
      lastErrorAt: null,
      consecutiveFailures: 0,
      retryAt: null,
      nextRunAt: NEXT_RUN_AFTER_SUCCESS,
      leaseOwner: null,
      leaseUntil: null,
    });
  }

  async function fail(claimed: SyncRow, error: unknown): Promise<void> {
    const { organizationId, organizationAppId } = claimed;
    if (error instanceof LeaseLostError) {
      return; // another node owns the run now
    }
    const message =
      error instanceof RunError
        ? error.message
        : `internal error: ${(error as Error).message ?? String(error)}`;
    if (!(error instanceof RunError)) {
      onError(error, { installId: organizationAppId });
    }
    const failures = claimed.consecutiveFailures + 1;
    const base = failureRetryMs[Math.min(failures, failureRetryMs.length) - 1] ?? 60_000;
    const retryIn = base / 2 + Math.random() * (base / 2);
    await sync
      .update(organizationId, organizationAppId, nodeId, {
        state: 'failing',
        lastError: message,
        lastErrorAt: new Date(),
        consecutiveFailures: failures,
        retryAt: null,
        // Failing installs are retried later, never silently stopped; the run resumes from its checkpoint.
        nextRunAt: new Date(Date.now() + retryIn),
        leaseOwner: null,
        leaseUntil: null,
      })
      .catch((updateError: unknown) => onError(updateError, { installId: organizationAppId }));
  }

  // ---------------------------------------------------------------- the scheduler

  const inFlight = new Map<string, Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeLoop: (() => void) | undefined;

  function launch(claimed: SyncRow): Promise<void> {
    const keyOf = `${claimed.organizationId}/${claimed.organizationAppId}`;
    const task = runInstall(claimed, () => !running && stopping)
      .catch((error: unknown) => fail(claimed, error))
      .finally(() => {
        inFlight.delete(keyOf);
        wakeLoop?.();
      });
    inFlight.set(keyOf, task);
    return task;
  }

  let stopping = false;

  /** One scheduler pass: claims due installs up to the free slots and starts them. */
  async function tick(): Promise<Promise<void>[]> {
    const free = (options.concurrency ?? 4) - inFlight.size;
    if (free <= 0) {
      return [];
    }
    const claimed = await sync.claimDue(nodeId, leaseMs, free);
    // A run of this node whose lease lapsed (a stall) is claimed again by this node: it keeps the
    // renewed lease; a second run of the same install beside it would read every page twice.
    return claimed
      .filter((row) => !inFlight.has(`${row.organizationId}/${row.organizationAppId}`))
      .map(launch);
  }

  async function schedulerLoop(): Promise<void> {
    const interval = options.pollIntervalMs ?? 2000;
    while (running) {
      try {
        await tick();
      } catch (error) {
        onError(error, {});
      }
      if (!running) {
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, interval);
        function done() {
          clearTimeout(timer);
          wakeLoop = undefined;
          resolve();
        }
        wakeLoop = done;
      });
    }
  }

  return {
    nodeId,

    async get(organizationId: string, installId: string): Promise<SyncView> {
      const install = await liveInstall(organizationId, installId);
      return view(install, await sync.find(organizationId, installId));
    },

    /** Saves (replaces) an install's credentials, sealed, and optionally its base URL. */
    async saveCredentials(
      organizationId: string,
      installId: string,
      input: { credentials: Record<string, unknown>; base_url?: string | null },
    ): Promise<SyncView> {
      const install = await liveInstall(organizationId, installId);
      const adapter = adapterOf(install);
      const current = await sync.find(organizationId, installId);
      const changes = await credentialChanges(
        adapter,
        installId,
        input.credentials,
        input.base_url === undefined ? (current?.baseUrl ?? null) : input.base_url,
      );
      const row = await sync.saveSettings(organizationId, installId, changes);
      wakeLoop?.();
      return view(install, row);
    },

    /**
     * Credentials and base URL given with the install (`POST /api/v1/apps`): checked and sealed as
     * saveCredentials does them, before anything is written; the returned writer runs inside the
     * install's own transaction, so a refused body leaves no install behind. Undefined when the body
     * gives neither.
     */
    connectAtInstall(
      organizationId: string,
      appSlug: string,
      input: { credentials?: Record<string, unknown> | undefined; base_url?: string | null | undefined },
    ): ((installId: string) => Promise<(executor: Executor) => Promise<void>>) | undefined {
      const { credentials, base_url: baseUrl } = input;
      if (credentials === undefined && baseUrl === undefined) {
        return undefined;
      }
      return async (installId) => {
        const adapter = pagingAdapterFor(appSlug);
        if (!adapter) {
          throw validationFailed({
            [credentials === undefined ? 'base_url' : 'credentials']:
              `${appSlug} has no API to pull orders from`,
          });
        }
        const changes =
          credentials === undefined
            ? { baseUrl: await checkBaseUrl(adapter, baseUrl ?? null) }
            : await credentialChanges(adapter, installId, credentials, baseUrl ?? null);
        return async (executor) => {
          await saveSyncSettings(executor, organizationId, installId, changes);
        };
      };
    },

    /** Changes the schedule (minutes, null: off) and the incremental overlap. */
    async updateSettings(
      organizationId: string,
      installId: string,
      input: { schedule_minutes?: number | null; overlap_minutes?: number },
    ): Promise<SyncView> {
      const install = await liveInstall(organizationId, installId);
      adapterOf(install);
      const changes: SyncChanges = {};
      if (input.schedule_minutes !== undefined) {
        changes.scheduleSeconds =
          input.schedule_minutes === null ? null : Math.round(input.schedule_minutes * 60);
        changes.nextRunAt =
          input.schedule_minutes === null ? null : new Date(Date.now() + input.schedule_minutes * 60_000);
      }
      if (input.overlap_minutes !== undefined) {
        changes.overlapSeconds = Math.round(input.overlap_minutes * 60);
      }
      return view(install, await sync.saveSettings(organizationId, installId, changes));
    },

    /** Asks for a run now: a backfill from `from`, or incremental; it starts when a node is free. */
    async request(
      organizationId: string,
      installId: string,
      input: { from?: string | undefined },
    ): Promise<SyncView> {
      const install = await liveInstall(organizationId, installId);
      adapterOf(install);
      const current = await sync.find(organizationId, installId);
      if (!current?.credentials) {
        throw new ApiError('conflict', 'Credentials are missing: save them first', {
          credentials: `PUT /api/v1/apps/${installId}/credentials`,
        });
      }
      const row = await sync.request(organizationId, installId, input.from ? new Date(input.from) : null);
      wakeLoop?.();
      return view(install, row);
    },

    /** Runs every due install once on this node and waits for them (CLI, tests). */
    async runDue(): Promise<void> {
      const previous = running;
      running = true;
      try {
        for (;;) {
          const tasks = await tick();
          if (tasks.length === 0) {
            break;
          }
          await Promise.all(tasks);
        }
      } finally {
        running = previous;
      }
    },

    start(): void {
      if (running) {
        return;
      }
      running = true;
      stopping = false;
      loop = schedulerLoop();
    },

    /** Stops claiming, interrupts waits, and lets runs stop at their next page (they resume later). */
    async stop(): Promise<void> {
      stopping = true;
      running = false;
      wakeLoop?.();
      for (const wake of sleepers) {
        wake();
      }
      await loop;
      await Promise.all(inFlight.values());
      http.close();
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
