/** @module Webhook subscriptions and their most recent deliveries (with redelivery). */
import { useCallback, useEffect, useState } from 'react';
import { apiJson, describeError } from '../api';
import { EmptyState, ErrorBanner, Loading, Notice, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { useSession } from '../session';
import type { WebhookDelivery, WebhookSubscription } from '../types';

function Deliveries({ subscription }: { subscription: WebhookSubscription }) {
  const { session } = useSession();
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/webhooks/${encodeURIComponent(subscription.id)}/deliveries`;
  const load = useCallback(async () => {
    try {
      setDeliveries((await apiJson<{ data: WebhookDelivery[] }>(session, `${base}?limit=10`)).data);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [session, base]);
  useEffect(() => {
    void load();
  }, [load]);

  const redeliver = async (delivery: WebhookDelivery) => {
    try {
      await apiJson(session, `${base}/${encodeURIComponent(delivery.id)}/redeliver`, { method: 'POST' });
      setNotice(`Delivery ${delivery.event_id} queued again.`);
      await load();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  if (error) {
    return <ErrorBanner message={error} onRetry={() => void load()} />;
  }
  if (!deliveries) {
    return <Loading label="Loading deliveries…" />;
  }
  if (deliveries.length === 0) {
    return <p className="muted">No deliveries yet: events are sent when orders change.</p>;
  }
  return (
    <>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      <div className="table-scroll">
        <table className="compact-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Created</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} className="delivery-row" data-delivery-id={delivery.id}>
                <td>{delivery.event_type}</td>
                <td>
                  <a href={`/orders/${encodeURIComponent(delivery.order_id)}`}>{delivery.order_id}</a>
                </td>
                <td>
                  <StatusBadge kind="plain" value={delivery.status} />
                </td>
                <td>{delivery.attempt_count}</td>
                <td className={delivery.last_error ? 'error-text' : undefined}>
                  {delivery.last_status_code ?? delivery.last_error ?? '—'}
                  {delivery.last_latency_ms !== null ? (
                    <span className="muted small"> · {delivery.last_latency_ms} ms</span>
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
                      Redeliver
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

export function WebhooksPage() {
  const { session } = useSession();
  const [subscriptions, setSubscriptions] = useState<WebhookSubscription[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setSubscriptions((await apiJson<{ data: WebhookSubscription[] }>(session, '/webhooks')).data);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [session]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p className="muted">Subscriptions that receive order events, and how their deliveries went.</p>
        </div>
      </div>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {!subscriptions && !error ? <Loading /> : null}
      {subscriptions && subscriptions.length === 0 ? (
        <div className="card">
          <EmptyState title="No webhook subscriptions">
            Subscribe a URL with <code>POST /api/v1/webhooks</code> (see the <a href="/docs">API docs</a>).
          </EmptyState>
        </div>
      ) : null}
      {subscriptions?.map((subscription) => (
        <section className="card" key={subscription.id} aria-label={`Subscription ${subscription.url}`}>
          <div className="card-head">
            <div>
              <h2 className="break">{subscription.url}</h2>
              <p className="muted small">
                <StatusBadge kind="plain" value={subscription.active ? 'active' : 'inactive'} />{' '}
                {subscription.id} · {subscription.events.join(', ')}
                {subscription.description ? ` · ${subscription.description}` : ''}
              </p>
              {subscription.disabled_reason ? (
                <p className="error-text small">{subscription.disabled_reason}</p>
              ) : null}
            </div>
          </div>
          <h3>Recent deliveries</h3>
          <Deliveries subscription={subscription} />
        </section>
      ))}
    </div>
  );
}
