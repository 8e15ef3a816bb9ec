/** @module Webhook subscriptions and their most recent deliveries (with redelivery). */
import { useState } from 'react';
import { apiJson, describeError } from '../api';
import { ListPage } from '../components/list-page';
import { EmptyState, ErrorBanner, Loading, Notice, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { useSession } from '../session';
import type { WebhookDelivery, WebhookSubscription } from '../types';
import { useApiData } from '../use-api-data';

function Deliveries({ subscription }: { subscription: WebhookSubscription }) {
  const { session } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/webhooks/${encodeURIComponent(subscription.id)}/deliveries`;
  const {
    data: deliveries,
    error,
    reload: load,
    setError,
  } = useApiData<WebhookDelivery[]>(`${base}?limit=10`);

  const redeliver = async (delivery: WebhookDelivery) => {
    try {
      await apiJson(session, `${base}/${encodeURIComponent(delivery.id)}/redeliver`, { method: 'POST' });
      await load();
      setNotice(`Delivery ${delivery.event_id} queued again.`);
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
  const { data: subscriptions, error, reload } = useApiData<WebhookSubscription[]>('/webhooks');
  return (
    <ListPage
      title="Webhooks"
      description="Subscriptions that receive order events, and how their deliveries went."
      items={subscriptions}
      error={error}
      reload={reload}
      empty={
        <EmptyState title="No webhook subscriptions">
          Subscribe a URL with <code>POST /api/v1/webhooks</code> (see the <a href="/docs">API docs</a>).
        </EmptyState>
      }
      render={(subscription) => (
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
      )}
    />
  );
}
