/**
 * @module The intake feed: every vendor payload is stored verbatim first (durable before we answer),
 * then normalized and promoted into the ledger through orders-service. A payload that can't be
 * promoted stays in intake with its reason and can be retried; nothing received is dropped.
 * See docs/decisions/0031-intake-feed.md.
 */

import { type AppSlug, isAppSlug, WEBHOOK_SCHEMES } from '../domain/app-catalog.js';
import { newId } from '../domain/ids.js';
import type { IntakeStatus } from '../domain/intake.js';
import { type OrderFields, type OrderRecord, skusOf } from '../domain/order.js';
import type { Actor, FieldChanges, OrderEventType } from '../domain/order-event.js';
import { ApiError, validationFailed } from '../errors.js';
import { type IntakeChannel, unwrapDelivery } from '../integrations/delivery-envelope.js';
import { NORMALIZERS } from '../integrations/normalizers.js';
import {
  isObject,
  NormalizationError,
  parseVendorJson,
  stringifyVendorJson,
} from '../integrations/vendor-json.js';
import { type DeliveryHeaders, verifyDelivery } from '../integrations/webhook-signature.js';
import { createAppsRepository, type Install } from '../storage/apps-repository.js';
import type { Db } from '../storage/db.js';
import { createIntakeRepository, type IntakeOutcome, type IntakeRow } from '../storage/intake-repository.js';
import type { OrdersService } from './orders-service.js';

const STATUS_FIELDS = new Set(['order_status', 'payment_status', 'fulfillment_status', 'source_timestamp']);

/** Status-only vendor changes are reported as such, like the API's status patch. */
function eventTypeFor(changes: FieldChanges): OrderEventType {
  return Object.keys(changes).every((field) => STATUS_FIELDS.has(field))
    ? 'order.status_changed'
    : 'order.updated';
}

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

/**
 * One vendor order (stored byte for byte) or an array of them (each element stored as its exact
 * JSON: numbers keep their original text).
 */
function splitBatch(body: Buffer): string[] {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = parseVendorJson(text);
  } catch (error) {
    throw new ApiError('bad_request', 'Malformed JSON', { body: (error as Error).message });
  }
  if (isObject(parsed)) {
    return [text];
  }
  if (!Array.isArray(parsed)) {
    throw validationFailed({ body: 'must be one order object or an array of them' });
  }
  if (parsed.length === 0 || parsed.length > MAX_INTAKE_BATCH) {
    throw validationFailed({ body: `must hold between 1 and ${MAX_INTAKE_BATCH} orders` });
  }
  return parsed.map(stringifyVendorJson);
}

export interface IntakeListQuery {
  status?: IntakeStatus | undefined;
  page: number;
  limit: number;
}

export function createIntakeFeed(deps: {
  db: Db;
  orders: OrdersService;
  clock?: () => Date;
  /** Told about failures that are ours rather than the payload's (storage errors). */
  onInternalError?: (error: unknown, intakeId: string) => void;
}) {
  const { orders } = deps;
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
      eventTypeFor,
      (current) => {
        if (isOlder(fields.source_timestamp, current.source_timestamp)) {
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
      });
      vendorOrderId = normalized.vendorOrderId;
      const promoted = await promoteVersion(
        { organizationId: install.organizationId, appId: install.id },
        install,
        {
          ...normalized.fields,
          source_transaction_id: normalized.vendorOrderId,
          source_timestamp: delivery.eventTime ?? normalized.vendorTimestamp,
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
   * Stores the payloads (committed before anything else happens), then promotes each in order.
   * Returns the intake rows with their outcomes, in the order given.
   */
  async function receive(
    install: Install,
    channel: IntakeChannel,
    payloads: readonly string[],
  ): Promise<IntakeRow[]> {
    const parsed = payloads.map(parse);
    const rows = await intake.insertMany(
      payloads.map((payload, index) => ({
        organizationId: install.organizationId,
        id: newId('int'),
        organizationAppId: install.id,
        payload,
        channel,
        eventType: eventNameOf(channel, parsed[index] as Parsed),
        vendorOrderId: null,
      })),
    );
    const results: IntakeRow[] = [];
    for (const [index, row] of rows.entries()) {
      results.push(await promote(install, row, parsed[index] as Parsed));
    }
    return results;
  }

  return {
    receive,

    /** A body of the intake route: one vendor order or an array of at most 1,000, each stored verbatim. */
    receiveBatch(install: Install, body: Buffer): Promise<IntakeRow[]> {
      return receive(install, 'api', splitBatch(body));
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
    ): Promise<IntakeRow> {
      const install = await apps.findInstallById(installId);
      if (!install || install.appSlug !== slug || !isAppSlug(slug) || !install.webhookSecret) {
        throw new ApiError('not_found', 'Webhook endpoint not found', {
          app_slug: slug,
          install_id: installId,
        });
      }
      const check = verifyDelivery(WEBHOOK_SCHEMES[slug], install.webhookSecret, body, headers);
      if (!check.ok) {
        throw new ApiError('unauthenticated', 'INVALID_SIGNATURE', { reason: check.reason });
      }
      const [row] = await receive(install, 'webhook', [body.toString('utf8')]);
      return row as IntakeRow;
    },

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
