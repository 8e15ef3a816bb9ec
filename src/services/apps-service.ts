/** @module Installing, configuring and removing order-source apps of an organization. */
import { isAppSlug } from '../domain/app-catalog.js';
import { isCurrencyCode } from '../domain/currency.js';
import { newId } from '../domain/ids.js';
import { notFound, validationFailed } from '../errors.js';
import type { AppsRepository, Install } from '../storage/apps-repository.js';
import type { Executor } from '../storage/db.js';
import { SECRET_CONTEXTS, type SecretBox } from '../storage/secret-box.js';
import { newWebhookSecret } from '../webhooks/signature.js';

/** Settings a normalizer reads (`organization_apps.config`). */
export interface InstallConfig {
  /** ISO 4217 currency for payloads that carry none. */
  default_currency?: string | null;
}

export interface InstallInput {
  app_slug: string;
  name?: string | null;
  destination_id?: string | null;
  store_name?: string | null;
  config?: InstallConfig;
}

/**
 * What else an install writes in its own transaction (the connector's sealed credentials): called
 * with the new install's id before anything is written, so it validates first and throws on a bad
 * body; the writer it returns runs inside the install's transaction.
 */
export type InstallCompanion = (installId: string) => Promise<(executor: Executor) => Promise<void>>;

export type InstallChanges = Partial<Omit<InstallInput, 'app_slug'>>;

function checkConfig(config: InstallConfig | undefined): void {
  const currency = config?.default_currency;
  if (currency !== undefined && currency !== null && !isCurrencyCode(currency)) {
    throw validationFailed({ 'config.default_currency': `${currency} is not an ISO 4217 currency code` });
  }
}

export function createAppsService(deps: { apps: AppsRepository; secretBox: SecretBox }) {
  const { apps, secretBox } = deps;

  async function get(organizationId: string, installId: string): Promise<Install> {
    const install = await apps.findInstall(organizationId, installId);
    if (!install) {
      throw notFound('App install', { id: installId });
    }
    return install;
  }

  return {
    get,
    list: (organizationId: string) => apps.listInstalls(organizationId),

    /** Installs an app; the returned row carries the webhook secret, which is shown only this once. */
    async install(
      organizationId: string,
      input: InstallInput,
      companion?: InstallCompanion,
    ): Promise<Install> {
      if (!isAppSlug(input.app_slug)) {
        throw validationFailed({ app_slug: `unknown app "${input.app_slug}"` });
      }
      checkConfig(input.config);
      const id = newId('app');
      const alongside = companion ? await companion(id) : undefined;
      const webhookSecret = newWebhookSecret();
      const install = await apps.insertInstall(
        {
          organizationId,
          id,
          appSlug: input.app_slug,
          name: input.name ?? null,
          destinationId: input.destination_id ?? null,
          storeName: input.store_name ?? null,
          config: input.config ?? {},
          webhookSecret: secretBox.seal(webhookSecret, SECRET_CONTEXTS.installWebhookSecret(id)),
        },
        alongside,
      );
      return { ...install, webhookSecret };
    },

    async update(organizationId: string, installId: string, changes: InstallChanges): Promise<Install> {
      checkConfig(changes.config);
      const current = await get(organizationId, installId);
      const updated = await apps.updateInstall(organizationId, installId, {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.destination_id !== undefined ? { destinationId: changes.destination_id } : {}),
        ...(changes.store_name !== undefined ? { storeName: changes.store_name } : {}),
        // Config keys merge, so changing one setting never clears another.
        ...(changes.config !== undefined
          ? { config: { ...(current.config as InstallConfig), ...changes.config } }
          : {}),
      });
      if (!updated) {
        throw notFound('App install', { id: installId });
      }
      return updated;
    },

    /** Uninstalls: webhooks and intake stop; orders it brought in stay, still naming it as source. */
    async uninstall(organizationId: string, installId: string): Promise<void> {
      const removed = await apps.updateInstall(organizationId, installId, { deletedAt: new Date() });
      if (!removed) {
        throw notFound('App install', { id: installId });
      }
    },
  };
}

export type AppsService = ReturnType<typeof createAppsService>;
