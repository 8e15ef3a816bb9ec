/**
 * @module API keys of the organization (owners only): create one with its scopes and expiry (the secret
 * shown once), rotate one with an overlap, revoke one. The keys API: decision 0180; the page: 0246.
 */
import { type FormEvent, useState } from 'react';
import type { Scope } from '../../../src/domain/tenant';
import { ApiError, apiJson, describeError } from '../api';
import { ConfirmDialog, CopyField, EmptyState, ErrorBanner, Loading, StatusBadge } from '../components/ui';
import { formatDateTime, formatList } from '../format';
import { type MessageKey, t } from '../i18n';
import { useSession } from '../session';
import { useResource } from '../use-resource';

export interface ApiKeyView {
  id: string;
  name: string | null;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const SCOPE_LABELS: Record<Scope, MessageKey> = {
  'order:read': 'Read orders',
  'order:write': 'Change orders',
};
const SCOPES = Object.keys(SCOPE_LABELS) as Scope[];
const scopeLabel = (scope: string) => (scope in SCOPE_LABELS ? t(SCOPE_LABELS[scope as Scope]) : scope);

/** The keys API's refusals in words: an account that is not an owner, a scope the caller lacks. */
function describeKeysError(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) {
    if (error.message === 'INSUFFICIENT_ROLE') {
      return t('Only an owner of this organization can manage its API keys. Ask an owner to do it.');
    }
    if (error.message === 'INSUFFICIENT_SCOPE') {
      const scope = String(error.details.required_scope ?? '');
      return t('The key you signed in with cannot give the permission “{scope}”.', {
        scope: scopeLabel(scope),
      });
    }
  }
  return describeError(error);
}

function keyState(key: ApiKeyView): 'active' | 'revoked' | 'expired' {
  if (key.revoked_at) {
    return 'revoked';
  }
  return key.expires_at && Date.parse(key.expires_at) <= Date.now() ? 'expired' : 'active';
}

function SecretOnce({ secret, onClose }: { secret: string; onClose: () => void }) {
  return (
    <section className="secret-card" data-testid="key-secret">
      <p>{t('Copy the key now: it is shown only this once.')}</p>
      <CopyField label={t('API key')} value={secret} testId="api-key-secret" />
      <button type="button" className="button button-small" onClick={onClose}>
        {t('I have copied it')}
      </button>
    </section>
  );
}

function KeyForm({ onCreated }: { onCreated: (secret: string) => Promise<void> }) {
  const { session } = useSession();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['order:read']);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { name: name.trim(), scopes };
      if (expires) {
        body.expires_at = new Date(expires).toISOString();
      }
      const answer = await apiJson<{ data: { secret: string } }>(session, '/keys', { method: 'POST', body });
      setName('');
      setExpires('');
      await onCreated(answer.data.secret);
    } catch (failure) {
      setError(describeKeysError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card install-form" onSubmit={submit} aria-label={t('New API key')}>
      <h2>{t('New API key')}</h2>
      {error ? <ErrorBanner message={error} /> : null}
      <div className="form-grid">
        <label className="field">
          <span>{t('Name')}</span>
          <input name="name" dir="auto" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span>{t('Expires (optional)')}</span>
          <input
            name="expires_at"
            type="datetime-local"
            value={expires}
            onChange={(event) => setExpires(event.target.value)}
          />
        </label>
      </div>
      <fieldset className="event-picker">
        <legend>{t('Permissions')}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="check">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={() =>
                setScopes(
                  scopes.includes(scope) ? scopes.filter((item) => item !== scope) : [...scopes, scope],
                )
              }
            />
            <span>{scopeLabel(scope)}</span>
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || !name.trim() || scopes.length === 0}
      >
        {t('Create key')}
      </button>
    </form>
  );
}

function KeyRow({
  apiKey,
  onChanged,
  onSecret,
}: {
  apiKey: ApiKeyView;
  onChanged: () => Promise<void>;
  onSecret: (secret: string) => void;
}) {
  const { session } = useSession();
  const [confirm, setConfirm] = useState<'revoke' | 'rotate' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `/keys/${encodeURIComponent(apiKey.id)}`;
  const act = async () => {
    setBusy(true);
    setError(null);
    try {
      if (confirm === 'revoke') {
        await apiJson(session, path, { method: 'DELETE' });
      } else {
        const answer = await apiJson<{ data: { secret: string } }>(session, `${path}/rotate`, {
          method: 'POST',
          body: {},
        });
        onSecret(answer.data.secret);
      }
      await onChanged();
    } catch (failure) {
      setError(describeKeysError(failure));
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };
  const state = keyState(apiKey);
  const name = apiKey.name ?? apiKey.prefix;
  return (
    <tr data-key-id={apiKey.id}>
      <td dir="auto" data-label={t('Name')}>
        {name}
        <div className="muted small" dir="ltr">
          {apiKey.prefix}…
        </div>
        {error ? <div className="error-text small">{error}</div> : null}
      </td>
      <td data-label={t('Permissions')}>{formatList(apiKey.scopes.map(scopeLabel))}</td>
      <td data-label={t('Status')}>
        <StatusBadge kind="plain" value={state} />
      </td>
      <td className="nowrap" data-label={t('Last used')}>
        {formatDateTime(apiKey.last_used_at)}
      </td>
      <td className="nowrap" data-label={t('Expires')}>
        {formatDateTime(apiKey.expires_at)}
      </td>
      <td className="nowrap row-actions">
        {state === 'active' ? (
          <>
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              onClick={() => setConfirm('rotate')}
            >
              {t('Rotate')}
            </button>{' '}
            <button
              type="button"
              className="button button-small button-danger"
              disabled={busy}
              onClick={() => setConfirm('revoke')}
            >
              {t('Revoke')}
            </button>
          </>
        ) : null}
        {confirm ? (
          <ConfirmDialog
            title={confirm === 'revoke' ? t('Revoke {name}?', { name }) : t('Rotate {name}?', { name })}
            confirmLabel={confirm === 'revoke' ? t('Revoke') : t('Rotate')}
            danger={confirm === 'revoke'}
            busy={busy}
            onConfirm={() => void act()}
            onCancel={() => setConfirm(null)}
          >
            {confirm === 'revoke'
              ? t('Anything using this key stops working at once.')
              : t('A new key is made; the old one keeps working for 24 hours so you can switch over.')}
          </ConfirmDialog>
        ) : null}
      </td>
    </tr>
  );
}

export function KeysPage() {
  const { me } = useSession();
  const owner = me.organization.role === 'owner';
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('API keys')}</h1>
          <p className="muted">{t('Keys let other systems read and change your orders.')}</p>
        </div>
      </div>
      {owner ? (
        <OwnerKeys />
      ) : (
        // The API would answer 403 INSUFFICIENT_ROLE; say so before the merchant fills a form in vain.
        <div className="card" data-testid="keys-not-owner">
          <EmptyState title={t('Only owners manage API keys')}>
            {t('Only an owner of this organization can manage its API keys. Ask an owner to do it.')}
          </EmptyState>
        </div>
      )}
    </div>
  );
}

function OwnerKeys() {
  const { data, error, reload } = useResource<{ data: ApiKeyView[] }>('/keys');
  const [secret, setSecret] = useState<string | null>(null);
  const keys = data?.data ?? null;
  const changed = () => reload({ quiet: true });
  return (
    <>
      {secret ? <SecretOnce secret={secret} onClose={() => setSecret(null)} /> : null}
      <KeyForm
        onCreated={async (created) => {
          setSecret(created);
          await changed();
        }}
      />
      {error ? <ErrorBanner message={describeKeysError(error)} onRetry={() => void reload()} /> : null}
      {!keys && !error ? <Loading /> : null}
      {keys && keys.length === 0 ? (
        <div className="card">
          <EmptyState title={t('No API keys')} />
        </div>
      ) : null}
      {keys && keys.length > 0 ? (
        <div className="card table-card">
          <div className="table-scroll">
            <table className="compact-table stack-table">
              <thead>
                <tr>
                  <th scope="col">{t('Name')}</th>
                  <th scope="col">{t('Permissions')}</th>
                  <th scope="col">{t('Status')}</th>
                  <th scope="col">{t('Last used')}</th>
                  <th scope="col">{t('Expires')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {keys.map((apiKey) => (
                  <KeyRow key={apiKey.id} apiKey={apiKey} onChanged={changed} onSecret={setSecret} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}
