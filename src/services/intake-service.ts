/**
 * @module The intake feed: every vendor payload is stored verbatim first (durable before we answer),
 * then normalized and promoted into the ledger through orders-service. A payload that can't be
 * promoted stays in intake with its reason and can be retried; nothing received is dropped.
 * See docs/decisions/0031-intake-feed.md.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type AppSlug, isAppSlug, WEBHOOK_SCHEMES } from '../domain/app-catalog.js';
import { newId } from '../domain/ids.js';
import type { IntakeStatus } from '../domain/intake.js';
import { type OrderFields, type OrderRecord, skusOf } from '../domain/order.js';
import { type Actor, changeEventType } from '../domain/order-event.js';
import { ApiError, retryLater, validationFailed } from '../errors.js';
import { type IntakeChannel, unwrapDelivery } from '../integrations/delivery-envelope.js';
import { NORMALIZERS } from '../integrations/normalizers.js';
import type { SourceNormalizer } from '../integrations/source-normalizer.js';
import {
  isObject,
  jsonArrayElements,
  NormalizationError,
  parseVendorJson,
  stringifyVendorJson,
} from '../integrations/vendor-json.js';
import { type DeliveryHeaders, verifyDelivery } from '../integrations/webhook-signature.js';
import { createAppsRepository, type Install } from '../storage/apps-repository.js';
import type { Db } from '../storage/db.js';
import { createIntakeRepository, type IntakeOutcome, type IntakeRow } from '../storage/intake-repository.js';
import { SECRET_CONTEXTS, type SecretBox } from '../storage/secret-box.js';
import type { OrdersService } from './orders-service.js';
import type { StatusMappingsService } from './status-mappings-service.js';

/** True when the incoming version is older than the stored one; unknown times never count as older. */
function isOlder(incoming: Date | null, stored: Date | null): boolean {
  return incoming !== null && stored !== null && incoming.getTime() < stored.getTime();
}

/**
 * A newer vendor version of a stored order: the vendor's fields replace ours (statuses included: the
 * vendor's status is a fact, not a request; docs/decisions/0034-vendor-statuses.md), while what the
 * ledger or the install supplied when the vendor said nothing is kept.
 */
export function mergeVendorVersion(current: OrderRecord, fields: OrderFields): OrderRecord {
  return {
    ...current,
    ...fields,
    destination_id: fields.destination_id ?? current.destination_id,
    store_name: fields.store_name ?? current.store_name,
    order_code: fields.order_code ?? current.order_code,
    skus: skusOf(fields.products),
  };
}

/** A parsed payload, or the reason it could not be parsed (kept to report at promotion). */
type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parse(payload: string): Parsed {
  try {
    return { ok: true, value: parseVendorJson(payload) };
  } catch (error) {
    return { ok: false, error: `body: not valid JSON (${(error as Error).message})` };
  }
}

/** The vendor's event name, read before promotion so that intake listings show it. */
function eventNameOf(channel: IntakeChannel, parsed: Parsed): string | null {
  if (channel === 'api' || !parsed.ok || !isObject(parsed.value)) {
    return null;
  }
  const name = parsed.value.event ?? parsed.value.type;
  return typeof name === 'string' ? name : null;
}

/** The contract's bulk limit, applied to vendor batches too. */
export const MAX_INTAKE_BATCH = 1000;
/** One vendor order: as much as a signed vendor webhook may carry (routes/webhooks/inbound.ts). */
export const MAX_INTAKE_ITEM_BYTES = 1024 * 1024;
/**
 * A full batch at 16 KiB per order on average (a Salla order with a dozen lines is about 6 KiB): the
 * limit follows from the item cap rather than a blanket large one (docs/decisions/0200).
 */
export const INTAKE_BODY_LIMIT = MAX_INTAKE_BATCH * 16 * 1024;

const itemTooLarge = (index: number | undefined) =>
  new ApiError('payload_too_large', 'Intake item too large', {
    ...(index === undefined ? {} : { item: index }),
    item_limit_bytes: MAX_INTAKE_ITEM_BYTES,
  });

/**
 * One vendor order or an array of them, each stored byte for byte as it arrived, or one of the vendor's
 * documented list pages (Salla `{status, success, data: [...]}`), whose orders are stored as their exact
 * JSON values (numbers keep their original text). `JSON.parse` (native, fast) checks the body; an
 * array's exact item texts are cut out without building values, and each is parsed losslessly only when
 * it is promoted, so a big batch does little work in one go.
 */
function splitBatch(body: Buffer, normalizer: SourceNormalizer): string[] {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError('bad_request', 'Malformed JSON', { body: (error as Error).message });
  }
  if (isObject(parsed) && normalizer.pageOrders?.(parsed)) {
    // Re-read losslessly: the page's orders are nested, so their texts are rendered from exact values.
    return checkedItems(normalizer.pageOrders(parseVendorJson(text))?.map(stringifyVendorJson) ?? []);
  }
  if (isObject(parsed)) {
    if (body.length > MAX_INTAKE_ITEM_BYTES) {
      throw itemTooLarge(undefined);
    }
    return [text];
  }
  if (!Array.isArray(parsed)) {
    throw validationFailed({ body: 'must be one order object or an array of them' });
  }
  return checkedItems(jsonArrayElements(text));
}

function checkedItems(items: string[]): string[] {
  if (items.length === 0 || items.length > MAX_INTAKE_BATCH) {
    throw validationFailed({ body: `must hold between 1 and ${MAX_INTAKE_BATCH} orders` });
  }
  items.forEach((item, index) => {
    if (Buffer.byteLength(item) > MAX_INTAKE_ITEM_BYTES) {
      throw itemTooLarge(index);
    }
  });
  return items;
}

const INSERT_CHUNK_BYTES = 1024 * 1024;

/** Consecutive runs of rows whose payloads add up to about `bytes` (at least one row each). */
function* chunksOfAboutBytes<T extends { payload: string }>(rows: readonly T[], bytes: number) {
  let chunk: T[] = [];
  let size = 0;
  for (const row of rows) {
    if (chunk.length > 0 && size + row.payload.length > bytes) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(row);
    size += row.payload.length;
  }
  if (chunk.length > 0) {
    yield chunk;
  }
}

export interface IntakeListQuery {
  status?: IntakeStatus | undefined;
  page: number;
  limit: number;
}

export function createIntakeFeed(deps: {
  db: Db;
  orders: OrdersService;
  /** The install's status mappings, read at each promotion so a retry after mapping promotes. */
  statusMappings?: StatusMappingsService;
  clock?: () => Date;
  /** Captures of an organization that may wait outside the ledger (received or failed) at once. */
  maxBacklog?: number;
  /** Told about failures that are ours rather than the payload's (storage errors). */
  onInternalError?: (error: unknown, intakeId: string) => void;
  /** Opens the installs' webhook secrets. */
  secretBox: SecretBox;
}) {
  const { orders, secretBox } = deps;
  const intake = createIntakeRepository(deps.db);
  const apps = createAppsRepository(deps.db);
  const clock = deps.clock ?? (() => new Date());

  /** Writes the vendor's version as one unified order keyed by install + vendor order id. */
  async function promoteVersion(actor: Actor, install: Install, fields: OrderFields) {
    const [created] = await orders.createFromFields(actor, install.id, [fields]);
    if (!created?.ok) {
      throw created?.error ?? new ApiError('internal', 'order was not created');
    }
    if (created.created) {
      return { status: 'promoted' as const, orderId: created.id };
    }
    let stale = false;
    await orders.applyChange(
      actor,
      created.id,
      changeEventType,
      (current) => {
        // Versions are ordered by the vendor's version time, not by when the order was placed (0161).
        if (isOlder(fields.source_version_at ?? null, current.source_version_at ?? null)) {
          stale = true;
          return current;
        }
        return mergeVendorVersion(current, fields);
      },
      // The marketplace already sold what its new version lists: reserve it even past what is available.
      { strictStock: false },
    );
    return { status: stale ? ('stale' as const) : ('promoted' as const), orderId: created.id };
  }

  async function attempt(install: Install, row: IntakeRow, parsed: Parsed): Promise<IntakeOutcome> {
    const outcome = (status: IntakeStatus, extra: Partial<IntakeOutcome> = {}): IntakeOutcome => ({
      status,
      error: null,
      orderId: null,
      vendorOrderId: row.vendorOrderId,
      ...extra,
    });
    if (!parsed.ok) {
      return outcome('failed', { error: parsed.error });
    }
    const slug = install.appSlug as AppSlug;
    let vendorOrderId: string | null = row.vendorOrderId;
    try {
      const delivery = unwrapDelivery(row.channel as IntakeChannel, WEBHOOK_SCHEMES[slug], parsed.value);
      if (!delivery.promotable) {
        return outcome('skipped', {
          error: `event ${delivery.eventType ?? '(none)'} does not carry an order`,
        });
      }
      const config = install.config as { default_currency?: string | null };
      const normalized = NORMALIZERS[slug].normalize(delivery.order, {
        defaultCurrency: config.default_currency ?? null,
        statusMappings: await deps.statusMappings?.forNormalizing(install),
      });
      vendorOrderId = normalized.vendorOrderId;
      const promoted = await promoteVersion(
        { organizationId: install.organizationId, appId: install.id },
        install,
        {
          ...normalized.fields,
          source_transaction_id: normalized.vendorOrderId,
          source_version_at: delivery.eventTime ?? normalized.vendorTimestamp,
        },
      );
      return outcome(promoted.status, { orderId: promoted.orderId, vendorOrderId });
    } catch (error) {
      if (error instanceof NormalizationError) {
        return outcome('failed', { error: error.message, vendorOrderId });
      }
      if (error instanceof ApiError && error.kind === 'gone') {
        return outcome('skipped', { error: 'the order was deleted in Linkit', vendorOrderId });
      }
      deps.onInternalError?.(error, row.id);
      return outcome('failed', { error: `internal error: ${(error as Error).message}`, vendorOrderId });
    }
  }

  async function promote(install: Install, row: IntakeRow, parsed: Parsed): Promise<IntakeRow> {
    return intake.recordOutcome(install.organizationId, row.id, await attempt(install, row, parsed), clock());
  }

  /**
   * Stores the payloads (each run of about a mebibyte committed before it is promoted), then promotes
   * each in order. Returns the intake rows with their outcomes, in the order given.
   */
  async function receive(
    install: Install,
    channel: IntakeChannel,
    payloads: readonly string[],
  ): Promise<IntakeRow[]> {
    // A signed vendor delivery is never refused for the quota: the vendor would only send it again.
    if (channel === 'api' && deps.maxBacklog !== undefined) {
      const backlog = await intake.countBacklog(install.organizationId);
      if (backlog + payloads.length > deps.maxBacklog) {
        throw retryLater(
          'rate_limited',
          'Intake quota exceeded: promote or retry the failed items first',
          { limit: deps.maxBacklog, backlog, received: payloads.length },
          60,
        );
      }
    }
    // Only a webhook delivery (one payload) is parsed before it is stored, for its event name; a
    // batch is parsed item by item between promotions, so one big batch never holds the event loop.
    const parsedFirst = channel === 'api' ? [] : payloads.map(parse);
    const newRows = payloads.map((payload, index) => ({
      organizationId: install.organizationId,
      id: newId('int'),
      organizationAppId: install.id,
      payload,
      channel,
      eventType: parsedFirst[index] ? eventNameOf(channel, parsedFirst[index]) : null,
      vendorOrderId: null,
    }));
    // Stored and promoted a mebibyte at a time, each run committed before it is promoted: the
    // embedded database runs on the event loop, and one 16 MB commit held every request for seconds.
    const results: IntakeRow[] = [];
    let offset = 0;
    for (const chunk of chunksOfAboutBytes(newRows, INSERT_CHUNK_BYTES)) {
      const rows = await intake.insertMany(chunk);
      for (const [index, row] of rows.entries()) {
        results.push(await promote(install, row, parsedFirst[offset + index] ?? parse(row.payload)));
        // The embedded database answers through promise callbacks alone, so without this a batch
        // would run start to end without letting any other request (or timer) in.
        await yieldToEventLoop();
      }
      offset += rows.length;
    }
    return results;
  }

  return {
    receive,

    /** A body of the intake route: one vendor order or an array of at most 1,000, each stored verbatim. */
    receiveBatch(install: Install, body: Buffer): Promise<IntakeRow[]> {
      const slug = install.appSlug;
      return receive(install, 'api', splitBatch(body, NORMALIZERS[slug as AppSlug]));
    },

    /**
     * A vendor webhook delivery: no API key, the install's secret signs it. Unknown install, or one
     * of another app: the same 404, revealing nothing. A verified delivery is stored before we answer.
     */
    async receiveWebhook(
      slug: string,
      installId: string,
      body: Buffer,
      headers: DeliveryHeaders,
      urlToken?: string,
    ): Promise<IntakeRow> {
      const install = await apps.findInstallById(installId);
      if (!install || install.appSlug !== slug || !isAppSlug(slug) || !install.webhookSecret) {
        throw new ApiError('not_found', 'Webhook endpoint not found', {
          app_slug: slug,
          install_id: installId,
        });
      }
      const secret = secretBox.reveal(
        install.webhookSecret,
        SECRET_CONTEXTS.installWebhookSecret(install.id),
      );
      const check = verifyDelivery(WEBHOOK_SCHEMES[slug], secret, body, headers, urlToken);
      if (!check.ok) {
        throw new ApiError('unauthenticated', 'INVALID_SIGNATURE', { reason: check.reason });
      }
      const [row] = await receive(install, 'webhook', [body.toString('utf8')]);
      return row as IntakeRow;
    },

    /**
     * Promotes a capture already stored by someone else (a sync run's page, or a row a crash left
     * `received`): the same path as every other capture.
     */
    promoteStored: (install: Install, row: IntakeRow): Promise<IntakeRow> =>
      promote(install, row, parse(row.payload)),

    /** Runs normalization and promotion again for a capture that did not reach the ledger. */
    async retry(install: Install, intakeId: string): Promise<IntakeRow> {
      const row = await intake.find(install.organizationId, install.id, intakeId);
      if (!row) {
        throw new ApiError('not_found', 'Intake item not found', { id: intakeId });
      }
      if (row.status === 'promoted') {
        throw new ApiError('conflict', 'Intake item already promoted', {
          id: intakeId,
          order_id: row.orderId,
        });
      }
      return promote(install, row, parse(row.payload));
    },

    async list(install: Install, query: IntakeListQuery) {
      const [rows, total] = await Promise.all([
        intake.list(install.organizationId, install.id, {
          status: query.status,
          limit: query.limit,
          offset: (query.page - 1) * query.limit,
        }),
        intake.count(install.organizationId, install.id, query.status),
      ]);
      return { rows, total };
    },
  };
}

export type IntakeFeed = ReturnType<typeof createIntakeFeed>;
