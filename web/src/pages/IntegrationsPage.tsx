/**
 * @module Installed order sources: install one (its signing secret shown once), each install's full
 * webhook URL to copy into the marketplace, its pull connector (credentials, sync progress, schedule),
 * its status mappings, and the payloads that failed to become orders (retry).
 */
import { type FormEvent, useState } from 'react';
import type { AppSlug } from '../../../src/domain/app-catalog';
import { apiJson, describeError } from '../api';
import { ConfirmDialog, CopyField, EmptyState, ErrorBanner, Link, Loading, Notice } from '../components/ui';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { StatusMappings } from '../installs/StatusMappings';
import { SyncPanel } from '../installs/SyncPanel';
import { useSession } from '../session';
import { MARKETPLACES, marketplaceName } from '../sources';
import type { Install, IntakeItem } from '../types';
import { useResource } from '../use-resource';

const webhookUrl = (install: Install) => new URL(install.webhook_url, window.location.origin).toString();

function IntakeFailures({ install }: { install: Install }) {
  const { session } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const base = `/apps/${encodeURIComponent(install.id)}/intake`;
  const { data, error, reload } = useResource<{ data: IntakeItem[] }>(`${base}?status=failed&limit=20`);
  const items = data?.data ?? null;
  const name = (item: IntakeItem) => item.vendor_order_id ?? t('an order without a number');

  const retry = async (item: IntakeItem) => {
    setNotice(null);
    setActionError(null);
    try {
      const answer = await apiJson<{ data: IntakeItem }>(
        session,
        `${base}/${encodeURIComponent(item.id)}/retry`,
        {
          method: 'POST',
        },
      );
      await reload({ quiet: true });
      setNotice(
        answer.data.status === 'failed'
          ? t('Order {order} failed again: {reason}', { order: name(item), reason: answer.data.error ?? '—' })
          : t('Order {order} is in the list now.', { order: name(item) }),
      );
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  if (error) {
    return <ErrorBanner message={describeError(error)} onRetry={() => void reload()} />;
  }
  if (!items) {
    return <Loading />;
  }
  return (
    <>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      {items.length === 0 ? (
        <p className="muted">{t('No failed orders: everything this store sent is in the list.')}</p>
      ) : (
        <div className="table-scroll">
          <table className="compact-table">
            <thead>
              <tr>
                <th scope="col">{t('Order at the store')}</th>
                <th scope="col">{t('Received')}</th>
                <th scope="col">{t('Attempts')}</th>
                <th scope="col">{t('Why it failed')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-intake-id={item.id}>
                  <td>
                    <bdi>{name(item)}</bdi>
                  </td>
                  <td className="nowrap">{formatDateTime(item.received_at)}</td>
                  <td>{item.attempts}</td>
                  <td className="error-text">{item.error ?? '—'}</td>
                  <td>
                    <button type="button" className="button button-small" onClick={() => void retry(item)}>
                      {t('Retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function InstallForm({
  onInstalled,
}: {
  onInstalled: (install: Install & { webhook_secret: string }) => void;
}) {
  const { session } = useSession();
  const [slug, setSlug] = useState<AppSlug>('salla-orders');
  const [name, setName] = useState('');
  const [storeName, setStoreName] = useState('');
  const [currency, setCurrency] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const body: Record<string, unknown> = { app_slug: slug };
      if (name.trim()) {
        body.name = name.trim();
      }
      if (storeName.trim()) {
        body.store_name = storeName.trim();
      }
      if (currency.trim()) {
        body.config = { default_currency: currency.trim().toUpperCase() };
      }
      const answer = await apiJson<{ data: Install & { webhook_secret: string } }>(session, '/apps', {
        method: 'POST',
        body,
      });
      setName('');
      setStoreName('');
      setCurrency('');
      onInstalled(answer.data);
    } catch (error) {
      const fields =
        error instanceof Error && 'fieldMessages' in error
          ? (error as { fieldMessages(): Record<string, string> }).fieldMessages()
          : {};
      setErrors(fields);
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card install-form" onSubmit={submit} aria-label={t('Install an app')}>
      <h2>{t('Install an app')}</h2>
      {failure ? <ErrorBanner message={failure} /> : null}
      <div className="form-grid">
        <label className="field">
          <span>{t('Marketplace')}</span>
          <select name="app_slug" value={slug} onChange={(event) => setSlug(event.target.value as AppSlug)}>
            {(Object.keys(MARKETPLACES) as AppSlug[]).map((value) => (
              <option key={value} value={value}>
                {marketplaceName(value)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('Label')}</span>
          <input
            name="name"
            dir="auto"
            value={name}
            placeholder={t('Main store')}
            onChange={(event) => setName(event.target.value)}
          />
          {errors.name ? <span className="field-error">{errors.name}</span> : null}
        </label>
        <label className="field">
          <span>{t('Store name on orders')}</span>
          <input
            name="store_name"
            dir="auto"
            value={storeName}
            onChange={(event) => setStoreName(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('Currency when an order has none')}</span>
          <input
            name="default_currency"
            dir="ltr"
            maxLength={3}
            placeholder="SAR"
            value={currency}
            onChange={(event) => setCurrency(event.target.value)}
          />
        </label>
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('Working…') : t('Install')}
      </button>
    </form>
  );
}

function InstallCard({ install, onRemoved }: { install: Install; onRemoved: () => void }) {
  const { session } = useSession();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = install.name ?? install.store_name ?? marketplaceName(install.app_slug);
  const remove = async () => {
    setBusy(true);
    try {
      await apiJson(session, `/apps/${encodeURIComponent(install.id)}`, { method: 'DELETE' });
      onRemoved();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };
  return (
    <section className="card" aria-label={t('Install {name}', { name: label })} data-install-id={install.id}>
      <div className="card-head">
        <div>
          <h2 dir="auto">{label}</h2>
          <p className="muted small">
            {marketplaceName(install.app_slug)} ·{' '}
            {t('installed {time}', { time: formatDateTime(install.created_at) })}
          </p>
        </div>
        <div className="page-actions">
          <Link to={`/orders?source=${encodeURIComponent(install.id)}`} className="button button-small">
            {t('Its orders')}
          </Link>
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => setConfirm(true)}
          >
            {t('Remove')}
          </button>
        </div>
      </div>
      {error ? <ErrorBanner message={error} /> : null}
      <dl className="kv-list kv-inline">
        <div className="kv">
          <dt>{t('Store name on orders')}</dt>
          <dd dir="auto">{install.store_name ?? '—'}</dd>
        </div>
      </dl>
      <CopyField
        label={t('Webhook URL: paste it in the marketplace’s webhook settings')}
        value={webhookUrl(install)}
        testId="webhook-url"
      />
      <h3>{t('Fetching orders')}</h3>
      <SyncPanel install={install} />
      <details className="install-section" data-testid="status-mappings">
        <summary>{t('Status mappings')}</summary>
        <StatusMappings install={install} />
      </details>
      <h3>{t('Orders that failed to arrive')}</h3>
      <IntakeFailures install={install} />
      {confirm ? (
        <ConfirmDialog
          title={t('Remove {name}?', { name: label })}
          confirmLabel={t('Remove')}
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirm(false)}
        >
          {t('Its webhook stops working. Orders it already sent stay.')}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

export function IntegrationsPage() {
  const { data, error, reload } = useResource<{ data: Install[] }>('/apps');
  const [created, setCreated] = useState<(Install & { webhook_secret: string }) | null>(null);
  const installs = data?.data ?? null;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('Integrations')}</h1>
          <p className="muted">{t('The stores and systems your orders come from.')}</p>
        </div>
      </div>
      {created ? (
        <section className="card secret-card" aria-label={t('New install')} data-testid="install-secret">
          <h2>{t('{name} is installed', { name: created.name ?? marketplaceName(created.app_slug) })}</h2>
          <p>{t('Copy the signing secret now: it is shown only this once.')}</p>
          <CopyField label={t('Webhook URL')} value={webhookUrl(created)} />
          <CopyField label={t('Signing secret')} value={created.webhook_secret} testId="webhook-secret" />
          <button type="button" className="button button-small" onClick={() => setCreated(null)}>
            {t('I have copied it')}
          </button>
        </section>
      ) : null}
      <InstallForm
        onInstalled={(install) => {
          setCreated(install);
          void reload({ quiet: true });
        }}
      />
      {error ? <ErrorBanner message={describeError(error)} onRetry={() => void reload()} /> : null}
      {!installs && !error ? <Loading /> : null}
      {installs && installs.length === 0 ? (
        <div className="card">
          <EmptyState title={t('No apps installed')}>
            {t('Install your store above to receive its orders.')}
          </EmptyState>
        </div>
      ) : null}
      {installs?.map((install) => (
        <InstallCard key={install.id} install={install} onRemoved={() => void reload({ quiet: true })} />
      ))}
    </div>
  );
}
