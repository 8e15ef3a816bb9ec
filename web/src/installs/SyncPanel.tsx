/**
 * @module One install's pull connector (issue 18, decisions 0141, 0246): its state in words, the current
 * run's progress bar, "Sync now" and "Backfill from…", the schedule, and the credentials form (fields
 * named by the server's adapter; what was saved is never shown back).
 */
import { type FormEvent, useState } from 'react';
import { ApiError, apiJson, describeError } from '../api';
import { ErrorBanner, Loading, Notice } from '../components/ui';
import { formatDateTime, humanize } from '../format';
import { type MessageKey, t } from '../i18n';
import { useSession } from '../session';
import type { Install, SyncState } from '../types';
import { useResource } from '../use-resource';

/** Labels of the adapters' credential fields (`credentialFields` in src/integrations/*-paging.ts). */
const CREDENTIAL_LABELS: Record<string, { label: MessageKey; optional?: true }> = {
  access_token: { label: 'Access token' },
  refresh_token: { label: 'Refresh token' },
  client_id: { label: 'App client id', optional: true },
  client_secret: { label: 'App client secret', optional: true },
  token: { label: 'API token' },
  store_id: { label: 'Store id' },
  api_key: { label: 'API key' },
};

const STATE_LABELS: Record<SyncState['state'], MessageKey> = {
  idle: 'Idle',
  running: 'Syncing',
  backing_off: 'Waiting to retry',
  failing: 'Failing',
};

const PHASE_LABELS: Record<string, MessageKey> = {
  listing: 'Reading the order list',
  catching_up: 'Looking for orders placed meanwhile',
  checking_removals: 'Checking for removed orders',
  finishing: 'Finishing',
};

/** Minutes between scheduled runs that the page offers; null is off. */
const SCHEDULES: readonly (number | null)[] = [5, 15, 30, 60, 360, 1440, null];

function scheduleLabel(minutes: number | null): string {
  if (minutes === null) {
    return t('Off: only when asked');
  }
  if (minutes % 1440 === 0) {
    return minutes === 1440 ? t('Every day') : t('Every {count} days', { count: minutes / 1440 });
  }
  if (minutes % 60 === 0) {
    return minutes === 60 ? t('Every hour') : t('Every {count} hours', { count: minutes / 60 });
  }
  return t('Every {count} minutes', { count: minutes });
}

/** `<input type="date">` value → the start of that day in the reader's time zone, as RFC 3339. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();

function RunProgress({ run, firstRun }: { run: NonNullable<SyncState['run']>; firstRun: boolean }) {
  const total = run.estimated_total;
  const phase = PHASE_LABELS[run.phase];
  return (
    <div className="sync-run" data-testid="sync-run">
      <div className="sync-run-head">
        <strong>
          {run.kind === 'backfill' && run.from
            ? t('Backfill from {time}', { time: formatDateTime(run.from) })
            : run.kind === 'backfill' || firstRun
              ? t('Reading every order')
              : t('Fetching new and changed orders')}
        </strong>
        <span className="muted small">{phase ? t(phase) : humanize(run.phase)}</span>
      </div>
      {total !== null && total > 0 ? (
        <progress
          className="sync-progress"
          data-testid="sync-progress"
          aria-label={t('Sync progress')}
          max={total}
          value={Math.min(run.orders_fetched, total)}
        />
      ) : (
        <progress className="sync-progress" data-testid="sync-progress" aria-label={t('Sync progress')} />
      )}
      <p className="small">
        {total !== null
          ? t('{fetched} of {total} orders read', {
              fetched: run.orders_fetched,
              total,
            })
          : t('{fetched} orders read, {pages} pages', { fetched: run.orders_fetched, pages: run.pages })}
        {' · '}
        {t('{count} new or changed', { count: run.orders_captured })}
        {run.orders_failed > 0 ? ` · ${t('{count} failed', { count: run.orders_failed })}` : null}
        {run.resumed ? ` · ${t('continued after an interruption')}` : null}
      </p>
    </div>
  );
}

function CredentialsForm({
  install,
  sync,
  onSaved,
}: {
  install: Install;
  sync: SyncState;
  onSaved: () => Promise<void>;
}) {
  const { session } = useSession();
  const [values, setValues] = useState<Record<string, string>>({});
  const [baseUrl, setBaseUrl] = useState(sync.base_url ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const credentials = Object.fromEntries(
        Object.entries(values)
          .map(([name, value]) => [name, value.trim()] as const)
          .filter(([, value]) => value !== ''),
      );
      const body: Record<string, unknown> = { credentials };
      // Sent only when changed: the vendor's own address is refused as an "override" on most servers.
      const address = baseUrl.trim();
      if (address !== (sync.base_url ?? '')) {
        body.base_url = address === '' ? null : address;
      }
      await apiJson(session, `/apps/${encodeURIComponent(install.id)}/credentials`, { method: 'PUT', body });
      setValues({});
      await onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        const fields = error.fieldMessages();
        setErrors(
          Object.fromEntries(
            Object.entries(fields).map(([field, message]) => [field.replace(/^credentials\./, ''), message]),
          ),
        );
        setFailure(t('Some fields need fixing.'));
      } else {
        setFailure(describeError(error));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="credentials-form" onSubmit={submit} aria-label={t('Connection')}>
      <p className="muted small">
        {sync.credentials_set
          ? t('Credentials are saved and never shown again. Enter new ones to replace them all.')
          : t('Enter what the store’s API gives you; Linkit then fetches its orders.')}
      </p>
      {failure ? <ErrorBanner message={failure} /> : null}
      <div className="form-grid">
        {sync.credential_fields.map((name) => {
          const known = CREDENTIAL_LABELS[name];
          const label = known ? t(known.label) : humanize(name);
          return (
            <label className="field" key={name}>
              <span>{known?.optional ? t('{label} (optional)', { label }) : label}</span>
              <input
                name={name}
                type="password"
                autoComplete="off"
                dir="ltr"
                value={values[name] ?? ''}
                onChange={(event) => setValues({ ...values, [name]: event.target.value })}
              />
              {errors[name] ? <span className="field-error">{errors[name]}</span> : null}
            </label>
          );
        })}
        <label className="field">
          <span>{t('API address')}</span>
          <input
            name="base_url"
            type="url"
            dir="ltr"
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.target.value)}
          />
          {errors.base_url ? <span className="field-error">{errors.base_url}</span> : null}
        </label>
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('Working…') : t('Save credentials')}
      </button>
    </form>
  );
}

function SyncStatus({ sync }: { sync: SyncState }) {
  return (
    <dl className="kv-list kv-inline sync-facts">
      <div className="kv">
        <dt>{t('Last synced')}</dt>
        <dd data-testid="sync-last-success">
          {sync.last_success_at ? formatDateTime(sync.last_success_at) : t('Never')}
        </dd>
      </div>
      <div className="kv">
        <dt>{t('Next sync')}</dt>
        <dd>
          {sync.run
            ? '—'
            : sync.requested
              ? t('As soon as possible')
              : sync.next_run_at
                ? formatDateTime(sync.next_run_at)
                : '—'}
        </dd>
      </div>
    </dl>
  );
}

function SyncActions({
  install,
  sync,
  onChanged,
}: {
  install: Install;
  sync: SyncState;
  onChanged: (message: string) => Promise<void>;
}) {
  const { session } = useSession();
  const [from, setFrom] = useState('');
  const [backfill, setBackfill] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `/apps/${encodeURIComponent(install.id)}/sync`;
  const call = async (method: 'POST' | 'PATCH', body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await apiJson(session, path, { method, body });
      await onChanged(done);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const schedules = SCHEDULES.includes(sync.schedule_minutes)
    ? SCHEDULES
    : [sync.schedule_minutes, ...SCHEDULES];
  return (
    <div className="sync-actions">
      {error ? <ErrorBanner message={error} /> : null}
      <div className="page-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy || !sync.credentials_set}
          onClick={() => void call('POST', {}, t('Sync requested.'))}
        >
          {t('Sync now')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || !sync.credentials_set}
          aria-expanded={backfill}
          onClick={() => setBackfill(!backfill)}
        >
          {t('Backfill from…')}
        </button>
        <label className="field field-inline">
          <span>{t('Automatic sync')}</span>
          <select
            name="schedule_minutes"
            value={sync.schedule_minutes === null ? 'off' : String(sync.schedule_minutes)}
            disabled={busy}
            onChange={(event) =>
              void call(
                'PATCH',
                { schedule_minutes: event.target.value === 'off' ? null : Number(event.target.value) },
                t('Schedule saved.'),
              )
            }
          >
            {schedules.map((minutes) => (
              <option key={minutes ?? 'off'} value={minutes === null ? 'off' : String(minutes)}>
                {scheduleLabel(minutes)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {backfill ? (
        <form
          className="backfill-form"
          aria-label={t('Backfill')}
          onSubmit={(event) => {
            event.preventDefault();
            void call('POST', { from: dayStart(from) }, t('Backfill requested.')).then(() =>
              setBackfill(false),
            );
          }}
        >
          <label className="field">
            <span>{t('Orders placed from')}</span>
            <input
              name="from"
              type="date"
              required
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <button type="submit" className="button button-primary" disabled={busy || !from}>
            {t('Start backfill')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function SyncPanel({ install }: { install: Install }) {
  const path = `/apps/${encodeURIComponent(install.id)}/sync`;
  const [active, setActive] = useState(false);
  // Every second while a run is under way or asked for, so the bar moves; otherwise now and then.
  const { data, error, reload } = useResource<{ data: SyncState }>(path, { pollMs: active ? 1000 : 15_000 });
  const [notice, setNotice] = useState<string | null>(null);
  const sync = data?.data ?? null;
  const busy = sync !== null && (sync.run !== null || sync.requested !== null || sync.state !== 'idle');
  if (busy !== active && sync) {
    setActive(busy);
  }
  if (error?.status === 409) {
    return (
      <p className="muted">{t('This app sends its orders to the webhook URL: there is nothing to fetch.')}</p>
    );
  }
  if (error) {
    return <ErrorBanner message={describeError(error)} onRetry={() => void reload()} />;
  }
  if (!sync) {
    return <Loading />;
  }
  const changed = async (message: string) => {
    setNotice(message);
    await reload({ quiet: true });
  };
  return (
    <div className="sync-panel" data-testid="sync-panel" data-sync-state={sync.state}>
      <div className="sync-head">
        <span className={`badge badge-sync badge-sync-${sync.state}`} data-testid="sync-state">
          {sync.credentials_set ? t(STATE_LABELS[sync.state]) : t('Not connected')}
        </span>
        {sync.requested && !sync.run ? (
          <span className="muted small">{t('Sync requested: it starts in a moment.')}</span>
        ) : null}
      </div>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      {sync.run ? <RunProgress run={sync.run} firstRun={sync.checkpoint === null} /> : null}
      {sync.state === 'backing_off' && sync.retry_at ? (
        <p className="small">
          {t('The store asked to slow down; trying again at {time}.', {
            time: formatDateTime(sync.retry_at),
          })}
        </p>
      ) : null}
      {sync.last_error && sync.state !== 'idle' ? (
        <div className="banner banner-error" data-testid="sync-error">
          <span>
            {t('Last error ({time}):', { time: formatDateTime(sync.last_error_at) })}{' '}
            <bdi dir="auto">{sync.last_error}</bdi>
            {sync.consecutive_failures > 1
              ? ` · ${t('failed {count} times in a row', { count: sync.consecutive_failures })}`
              : null}
          </span>
        </div>
      ) : null}
      <SyncStatus sync={sync} />
      <SyncActions install={install} sync={sync} onChanged={changed} />
      <details className="sync-credentials" open={!sync.credentials_set}>
        <summary>{sync.credentials_set ? t('Change credentials') : t('Connect: enter credentials')}</summary>
        <CredentialsForm
          install={install}
          sync={sync}
          onSaved={() => changed(t('Credentials saved: a sync starts now.'))}
        />
      </details>
    </div>
  );
}
