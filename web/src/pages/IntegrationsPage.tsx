/** @module Installed order-source apps and the intake payloads that failed to become orders (retry). */
import { useState } from 'react';
import { apiJson, describeError } from '../api';
import { ListPage } from '../components/list-page';
import { EmptyState, ErrorBanner, Link, Loading, Notice, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { useSession } from '../session';
import type { Install, IntakeItem } from '../types';
import { useApiData } from '../use-api-data';

function IntakeFailures({ install }: { install: Install }) {
  const { session } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/apps/${encodeURIComponent(install.id)}/intake`;
  const {
    data: items,
    error,
    reload: load,
    setError,
  } = useApiData<IntakeItem[]>(`${base}?status=failed&limit=20`);

  const retry = async (item: IntakeItem) => {
    setNotice(null);
    try {
      const answer = await apiJson<{ data: IntakeItem }>(
        session,
        `${base}/${encodeURIComponent(item.id)}/retry`,
        {
          method: 'POST',
        },
      );
      await load();
      setNotice(
        answer.data.status === 'failed'
          ? `Retry of ${item.vendor_order_id ?? item.id} failed again: ${answer.data.error ?? 'unknown reason'}`
          : `Retried ${item.vendor_order_id ?? item.id}: ${answer.data.status}`,
      );
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  if (error) {
    return <ErrorBanner message={error} onRetry={() => void load()} />;
  }
  if (!items) {
    return <Loading label="Loading intake…" />;
  }
  return (
    <>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      {items.length === 0 ? (
        <p className="muted">No failed intake: every payload became an order.</p>
      ) : (
        <div className="table-scroll">
          <table className="compact-table">
            <thead>
              <tr>
                <th scope="col">Vendor order</th>
                <th scope="col">Received</th>
                <th scope="col">Attempts</th>
                <th scope="col">Error</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.vendor_order_id ?? item.id}</td>
                  <td className="nowrap">{formatDateTime(item.received_at)}</td>
                  <td>{item.attempts}</td>
                  <td className="error-text">{item.error ?? '—'}</td>
                  <td>
                    <button type="button" className="button button-small" onClick={() => void retry(item)}>
                      Retry
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

export function IntegrationsPage() {
  const { data: installs, error, reload } = useApiData<Install[]>('/apps');
  return (
    <ListPage
      title="Integrations"
      description="Installed order sources and payloads that could not be turned into orders."
      items={installs}
      error={error}
      reload={reload}
      empty={
        <EmptyState title="No apps installed">
          Install a source with <code>POST /api/v1/apps</code> (see the <a href="/docs">API docs</a>).
        </EmptyState>
      }
      render={(install) => (
        <section className="card" key={install.id} aria-label={`Install ${install.name ?? install.id}`}>
          <div className="card-head">
            <div>
              <h2 dir="auto">{install.name ?? install.app_slug}</h2>
              <p className="muted small">
                <StatusBadge kind="plain" value={install.app_slug} /> {install.id} · installed{' '}
                {formatDateTime(install.created_at)}
              </p>
            </div>
            <Link to={`/orders?source=${encodeURIComponent(install.id)}`} className="button button-small">
              Its orders
            </Link>
          </div>
          <dl className="kv-list kv-inline">
            <div className="kv">
              <dt>Store</dt>
              <dd dir="auto">{install.store_name ?? '—'}</dd>
            </div>
            <div className="kv">
              <dt>Webhook URL</dt>
              <dd>
                <code>{install.webhook_url}</code>
              </dd>
            </div>
          </dl>
          <h3>Intake failures</h3>
          <IntakeFailures install={install} />
        </section>
      )}
    />
  );
}
