/**
 * @module Webhook subscriptions: create one (its secret shown once), change its events, pause or resume
 * it, rotate its secret, remove it; and its recent deliveries, with redelivery.
 */
import { type FormEvent, useState } from 'react';
import type { OrderEventType } from '../../../src/domain/order-event';
import { apiJson, describeError } from '../api';
import {
  ConfirmDialog,
  CopyField,
  EmptyState,
  ErrorBanner,
  Loading,
  Notice,
  StatusBadge,
} from '../components/ui';
import { formatDateTime, formatList } from '../format';
import { type MessageKey, t } from '../i18n';
import { useSession } from '../session';
import type { WebhookDelivery, WebhookSubscription } from '../types';
import { useResource } from '../use-resource';

/** Every event a subscription can ask for, typed by the server's list. */
const EVENT_LABELS: Record<OrderEventType | '*', MessageKey> = {
  '*': 'Every event',
  'order.created': 'Order created',
  'order.updated': 'Order updated',
  'order.status_changed': 'Status changed',
  'order.deleted': 'Order deleted',
};
const EVENTS = Object.keys(EVENT_LABELS) as (OrderEventType | '*')[];
const eventLabel = (event: string) =>
  event in EVENT_LABELS ? t(EVENT_LABELS[event as OrderEventType]) : event;

function EventPicker({ value, onChange }: { value: string[]; onChange: (events: string[]) => void }) {
  const toggle = (event: string) => {
    if (event === '*') {
      onChange(value.includes('*') ? [] : ['*']);
      return;
    }
    const rest = value.filter((item) => item !== '*' && item !== event);
    onChange(value.includes(event) ? rest : [...rest, event]);
  };
  return (
    <fieldset className="event-picker">
      <legend>{t('Events')}</legend>
      {EVENTS.map((event) => (
        <label key={event} className="check">
          <input type="checkbox" checked={value.includes(event)} onChange={() => toggle(event)} />
          <span>{eventLabel(event)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function Deliveries({ subscription }: { subscription: WebhookSubscription }) {
  const { session } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const base = `/webhooks/${encodeURIComponent(subscription.id)}/deliveries`;
  const { data, error, reload } = useResource<{ data: WebhookDelivery[] }>(`${base}?limit=10`);
  const deliveries = data?.data ?? null;

  const redeliver = async (delivery: WebhookDelivery) => {
    try {
      await apiJson(session, `${base}/${encodeURIComponent(delivery.id)}/redeliver`, { method: 'POST' });
      await reload({ quiet: true });
      setNotice(t('Queued again: it is sent within seconds.'));
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  if (error) {
    return <ErrorBanner message={describeError(error)} onRetry={() => void reload()} />;
  }
  if (!deliveries) {
    return <Loading />;
  }
  if (deliveries.length === 0) {
    return <p className="muted">{t('No deliveries yet: events are sent when orders change.')}</p>;
  }
  return (
    <>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      <div className="table-scroll">
        <table className="compact-table">
          <thead>
            <tr>
              <th scope="col">{t('Event')}</th>
              <th scope="col">{t('Order')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Attempts')}</th>
              <th scope="col">{t('Last answer')}</th>
              <th scope="col">{t('Created')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} className="delivery-row" data-delivery-id={delivery.id}>
                <td>{eventLabel(delivery.event_type)}</td>
                <td>
                  <a href={`/orders/${encodeURIComponent(delivery.order_id)}`}>{t('Open')}</a>
                </td>
                <td>
                  <StatusBadge kind="plain" value={delivery.status} />
                </td>
                <td>{delivery.attempt_count}</td>
                <td className={delivery.last_error ? 'error-text' : undefined}>
                  {delivery.last_status_code !== null
                    ? t('HTTP {code}', { code: String(delivery.last_status_code) })
                    : (delivery.last_error ?? '—')}
                  {delivery.last_latency_ms !== null ? (
                    <span className="muted small"> · {t('{ms} ms', { ms: delivery.last_latency_ms })}</span>
                  ) : null}
                </td>
                <td className="nowrap">{formatDateTime(delivery.created_at)}</td>
                <td>
                  {delivery.status === 'pending' ? null : (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void redeliver(delivery)}
                    >
                      {t('Redeliver')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function SecretOnce({ secret, onClose }: { secret: string; onClose: () => void }) {
  return (
    <div className="secret-card" data-testid="subscription-secret">
      <p>{t('Copy the signing secret now: it is shown only this once.')}</p>
      <CopyField label={t('Signing secret')} value={secret} testId="signing-secret" />
      <button type="button" className="button button-small" onClick={onClose}>
        {t('I have copied it')}
      </button>
    </div>
  );
}

function SubscriptionCard({
  subscription,
  onChanged,
}: {
  subscription: WebhookSubscription;
  onChanged: () => Promise<void>;
}) {
  const { session } = useSession();
  const [editing, setEditing] = useState(false);
  const [events, setEvents] = useState<string[]>(subscription.events);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const path = `/webhooks/${encodeURIComponent(subscription.id)}`;
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await onChanged();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const saveEvents = () =>
    act(async () => {
      await apiJson(session, path, { method: 'PATCH', body: { events } });
      setEditing(false);
    });
  const setActive = (active: boolean) =>
    act(async () => void (await apiJson(session, path, { method: 'PATCH', body: { active } })));
  const rotate = () =>
    act(async () => {
      const answer = await apiJson<{ data: { secret: string } }>(session, `${path}/rotate-secret`, {
        method: 'POST',
        body: {},
      });
      setSecret(answer.data.secret);
    });
  const remove = () => act(async () => void (await apiJson(session, path, { method: 'DELETE' })));

  return (
    <section
      className="card"
      aria-label={t('Subscription {url}', { url: subscription.url })}
      data-subscription-id={subscription.id}
    >
      <div className="card-head">
        <div>
          <h2 className="break" dir="ltr">
            {subscription.url}
          </h2>
          <p className="muted small">
            <StatusBadge kind="plain" value={subscription.active ? 'active' : 'paused'} />{' '}
            {formatList(subscription.events.map(eventLabel))}
            {subscription.description ? ` · ${subscription.description}` : ''}
          </p>
          {subscription.disabled_reason ? (
            <p className="error-text small">{subscription.disabled_reason}</p>
          ) : null}
          {subscription.previous_secret_expires_at ? (
            <p className="muted small">
              {t('The previous secret also signs until {time}.', {
                time: formatDateTime(subscription.previous_secret_expires_at),
              })}
            </p>
          ) : null}
        </div>
        <div className="page-actions">
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => setEditing(!editing)}
          >
            {t('Edit events')}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => void setActive(!subscription.active)}
          >
            {subscription.active ? t('Pause') : t('Resume')}
          </button>
          <button type="button" className="button button-small" disabled={busy} onClick={() => void rotate()}>
            {t('Rotate secret')}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            disabled={busy}
            onClick={() => setConfirm(true)}
          >
            {t('Remove')}
          </button>
        </div>
      </div>
      {error ? <ErrorBanner message={error} /> : null}
      {secret ? <SecretOnce secret={secret} onClose={() => setSecret(null)} /> : null}
      {editing ? (
        <div className="edit-events">
          <EventPicker value={events} onChange={setEvents} />
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy || events.length === 0}
            onClick={() => void saveEvents()}
          >
            {t('Save events')}
          </button>
        </div>
      ) : null}
      <h3>{t('Recent deliveries')}</h3>
      <Deliveries subscription={subscription} />
      {confirm ? (
        <ConfirmDialog
          title={t('Remove this subscription?')}
          confirmLabel={t('Remove')}
          danger
          busy={busy}
          onConfirm={() => void remove().then(() => setConfirm(false))}
          onCancel={() => setConfirm(false)}
        >
          {t('No more events are sent to this address, and its delivery log is deleted.')}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function SubscriptionForm({ onCreated }: { onCreated: (secret: string) => Promise<void> }) {
  const { session } = useSession();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const body: Record<string, unknown> = { url: url.trim(), events };
      if (description.trim()) {
        body.description = description.trim();
      }
      const answer = await apiJson<{ data: { secret: string } }>(session, '/webhooks', {
        method: 'POST',
        body,
      });
      setUrl('');
      setDescription('');
      await onCreated(answer.data.secret);
    } catch (error) {
      if (error instanceof Error && 'fieldMessages' in error) {
        setErrors((error as { fieldMessages(): Record<string, string> }).fieldMessages());
      }
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('New subscription')}>
      <h2>{t('New subscription')}</h2>
      {failure ? <ErrorBanner message={failure} /> : null}
      <div className="form-grid">
        <label className="field">
          <span>{t('Receiver URL')}</span>
          <input
            name="url"
            type="url"
            dir="ltr"
            placeholder="https://erp.example.com/linkit"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
          />
          {errors.url ? <span className="field-error">{errors.url}</span> : null}
        </label>
        <label className="field">
          <span>{t('Description')}</span>
          <input
            name="description"
            dir="auto"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
      </div>
      <EventPicker value={events} onChange={setEvents} />
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || !url.trim() || events.length === 0}
      >
        {t('Subscribe')}
      </button>
    </form>
  );
}

export function WebhooksPage() {
  const { data, error, reload } = useResource<{ data: WebhookSubscription[] }>('/webhooks');
  const [secret, setSecret] = useState<string | null>(null);
  const subscriptions = data?.data ?? null;
  const changed = () => reload({ quiet: true });
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('Webhooks')}</h1>
          <p className="muted">
            {t('Addresses that receive your order events, and how their deliveries went.')}
          </p>
        </div>
      </div>
      {secret ? <SecretOnce secret={secret} onClose={() => setSecret(null)} /> : null}
      <SubscriptionForm
        onCreated={async (created) => {
          setSecret(created);
          await changed();
        }}
      />
      {error ? <ErrorBanner message={describeError(error)} onRetry={() => void reload()} /> : null}
      {!subscriptions && !error ? <Loading /> : null}
      {subscriptions && subscriptions.length === 0 ? (
        <div className="card">
          <EmptyState title={t('No webhook subscriptions')}>
            {t('Add one above to send order events to another system.')}
          </EmptyState>
        </div>
      ) : null}
      {subscriptions?.map((subscription) => (
        <SubscriptionCard key={subscription.id} subscription={subscription} onChanged={changed} />
      ))}
    </div>
  );
}
