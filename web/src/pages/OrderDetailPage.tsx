/** @module One order: every field, lines, fees, addresses, metadata, history; status moves, edit, delete. */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, apiFetch, apiJson, describeError, toApiError } from '../api';
import { ConfirmDialog, ErrorBanner, Link, Loading, Notice, StatusBadge } from '../components/ui';
import { formatDateTime, formatMoney, humanize } from '../format';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Order, OrderHistory, OrderSnapshot, ShippingAddress } from '../types';
import { nextStates, type StatusField } from '../workflow';

const STATUS_ACTIONS: {
  field: StatusField;
  body: string;
  label: string;
  kind: 'order' | 'payment' | 'fulfillment';
}[] = [
  { field: 'order_status', body: 'status', label: 'Order status', kind: 'order' },
  { field: 'payment_status', body: 'payment_status', label: 'Payment', kind: 'payment' },
  { field: 'fulfillment_status', body: 'fulfillment_status', label: 'Fulfillment', kind: 'fulfillment' },
];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd dir="auto">{children === null || children === undefined || children === '' ? '—' : children}</dd>
    </div>
  );
}

function AddressBlock({ address }: { address: ShippingAddress | null }) {
  if (!address) {
    return <p className="muted">No shipping address.</p>;
  }
  const lines = [
    address.name,
    address.phone,
    address.line1,
    address.line2,
    [address.district, address.city].filter(Boolean).join(', '),
    [address.state, address.postal_code].filter(Boolean).join(' '),
    address.country,
  ].filter(Boolean);
  return (
    <address dir="auto" className="address">
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

function Metadata({ value }: { value: Record<string, unknown> | null }) {
  if (!value || Object.keys(value).length === 0) {
    return <p className="muted">None.</p>;
  }
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

function describeChange(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function Timeline({ history }: { history: OrderHistory | null }) {
  if (!history) {
    return <Loading label="Loading history…" />;
  }
  if (history.events.length === 0) {
    return <p className="muted">No events yet.</p>;
  }
  return (
    <ol className="timeline">
      {[...history.events].reverse().map((event) => (
        <li key={event.id} data-event-type={event.event_type}>
          <div className="timeline-head">
            <strong>{humanize(event.event_type.replace('order.', ''))}</strong>
            <span className="muted small">
              {formatDateTime(event.occurred_at)} · v{event.version}
              {event.actor.app_id
                ? ` · app ${event.actor.app_id}`
                : event.actor.api_key_id
                  ? ` · key ${event.actor.api_key_id}`
                  : ''}
            </span>
          </div>
          {event.changes ? (
            <ul className="changes">
              {Object.entries(event.changes).map(([field, change]) => (
                <li key={field}>
                  <code>{field}</code>: {describeChange(change.from)} →{' '}
                  <strong>{describeChange(change.to)}</strong>
                </li>
              ))}
            </ul>
          ) : null}
          {event.stock_movements.length > 0 ? (
            <div className="muted small">
              Stock:{' '}
              {event.stock_movements
                .map((movement) => `${movement.kind} ${movement.quantity} × ${movement.sku}`)
                .join(', ')}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function StatusControls({
  order,
  busy,
  onChange,
}: {
  order: Order;
  busy: boolean;
  onChange: (body: string, value: string) => void;
}) {
  return (
    <div className="status-controls">
      {STATUS_ACTIONS.map(({ field, body, label, kind }) => {
        const current = order[field];
        const next = nextStates(field, current);
        return (
          <div className="status-row" key={field} data-field={field}>
            <div className="status-current">
              <span className="muted small">{label}</span>
              <StatusBadge kind={kind} value={current} />
            </div>
            <div className="status-moves">
              {next.length === 0 ? (
                <span className="muted small">Final state: no further changes</span>
              ) : (
                next.map((state) => (
                  <button
                    type="button"
                    key={state}
                    className={`button button-small move-${state}`}
                    disabled={busy}
                    onClick={() => onChange(body, state)}
                  >
                    {humanize(state)}
                  </button>
                ))
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

export function OrderDetailPage({ id }: { id: string }) {
  const { session } = useSession();
  const [snapshot, setSnapshot] = useState<OrderSnapshot | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [history, setHistory] = useState<OrderHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const path = `/orders/${encodeURIComponent(id)}`;

  const load = useCallback(async () => {
    try {
      const response = await apiFetch(session, path);
      if (response.status === 404 || response.status === 410) {
        setGone(
          response.status === 410
            ? 'This order was deleted.'
            : 'There is no such order in this organization.',
        );
        return;
      }
      if (!response.ok) {
        throw await toApiError(response);
      }
      setEtag(response.headers.get('etag'));
      setSnapshot((await response.json()) as OrderSnapshot);
      setHistory(await apiJson<OrderHistory>(session, `${path}/history?limit=1000`));
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [session, path]);

  useEffect(() => {
    void load();
  }, [load]);

  const write = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setNotice(null);
    try {
      await action();
      // Reloaded first, so that the message never shows beside the order as it was before the change.
      await load();
      setNotice(done);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        setError('Someone changed this order while you were looking at it. It has been reloaded; try again.');
        await load();
      } else {
        setError(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  const ifMatch = etag ? { 'if-match': etag } : undefined;
  const changeStatus = (body: string, value: string) =>
    write(
      () =>
        apiJson(session, `${path}/status`, { method: 'PATCH', body: { [body]: value }, headers: ifMatch }),
      `${humanize(body)} changed to ${humanize(value)}.`,
    );
  const remove = async () => {
    setBusy(true);
    try {
      await apiJson(session, path, { method: 'DELETE', headers: ifMatch });
      navigate('/orders');
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
      setConfirmDelete(false);
    }
  };

  if (gone) {
    return (
      <div className="page">
        <Link to="/orders">← Orders</Link>
        <ErrorBanner message={gone} />
      </div>
    );
  }
  if (!snapshot) {
    return (
      <div className="page">
        {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : <Loading />}
      </div>
    );
  }
  const { order } = snapshot;
  const money = (value: number | null) => formatMoney(value, order.currency);

  return (
    <div className="page">
      <Link to="/orders" className="back-link">
        ← Orders
      </Link>
      <div className="page-head">
        <div>
          <h1 data-testid="order-code">{order.order_code ?? order.id}</h1>
          <p className="muted">
            {order.id} · created {formatDateTime(order.created_at)} · updated{' '}
            {formatDateTime(order.updated_at)}
          </p>
        </div>
        <div className="page-actions">
          <Link to={`${path}/edit`} className="button">
            Edit
          </Link>
          <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        </div>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ErrorBanner message={error} /> : null}

      <div className="detail-grid">
        <section className="card" aria-label="Statuses">
          <h2>Status</h2>
          <StatusControls
            order={order}
            busy={busy}
            onChange={(body, value) => void changeStatus(body, value)}
          />
        </section>

        <section className="card" aria-label="Customer">
          <h2>Customer</h2>
          <dl className="kv-list">
            <Field label="Name">{order.customer_name}</Field>
            <Field label="Email">{order.customer_email}</Field>
            <Field label="Phone">{order.customer_phone}</Field>
            <Field label="Receiver">{order.receiver_name}</Field>
            <Field label="Receiver phone">{order.receiver_phone}</Field>
          </dl>
          <h3>Shipping address</h3>
          <AddressBlock address={order.shipping_address} />
        </section>

        <section className="card span-2" aria-label="Products">
          <h2>Products</h2>
          <div className="table-scroll">
            <table className="lines-table">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">SKU</th>
                  <th scope="col" className="align-end">
                    Qty
                  </th>
                  <th scope="col" className="align-end">
                    Price
                  </th>
                  <th scope="col" className="align-end">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {order.products.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line's position is its identity within an order
                  <tr key={`${line.product_id ?? line.sku ?? line.name}-${index}`}>
                    <td dir="auto">
                      {line.name}
                      {line.variant ? (
                        <div className="muted small">{describeChange(line.variant)}</div>
                      ) : null}
                    </td>
                    <td>{line.sku ?? line.product_id ?? '—'}</td>
                    <td className="align-end">{line.quantity}</td>
                    <td className="align-end nowrap">{money(line.price)}</td>
                    <td className="align-end nowrap">{money(line.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={4} scope="row" className="align-end">
                    Subtotal
                  </th>
                  <td className="align-end nowrap">{money(order.subtotal)}</td>
                </tr>
                {(
                  [
                    ['Discounts', order.discounts_amount],
                    ['VAT', order.vat_amount],
                    ['Delivery fee', order.delivery_fee],
                    ['Service fee', order.service_fee],
                  ] as const
                ).map(([label, value]) =>
                  value === null ? null : (
                    <tr key={label}>
                      <th colSpan={4} scope="row" className="align-end muted">
                        {label}
                      </th>
                      <td className="align-end nowrap">
                        {label === 'Discounts' ? `−${money(value)}` : money(value)}
                      </td>
                    </tr>
                  ),
                )}
                <tr className="grand-total">
                  <th colSpan={4} scope="row" className="align-end">
                    Total
                  </th>
                  <td className="align-end nowrap" data-testid="order-total">
                    {money(order.total_amount)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>

        <section className="card" aria-label="Order details">
          <h2>Details</h2>
          <dl className="kv-list">
            <Field label="Source">
              {snapshot.app_slug ? `${snapshot.app_slug} (${snapshot.organization_app_id})` : 'manual / API'}
            </Field>
            <Field label="Store">{order.store_name}</Field>
            <Field label="Store / branch id">{order.destination_id}</Field>
            <Field label="Destination reference">{order.destination_reference}</Field>
            <Field label="Source reference">{order.source_reference}</Field>
            <Field label="Source transaction">{order.source_transaction_id}</Field>
            <Field label="Source time">
              {order.source_timestamp ? formatDateTime(order.source_timestamp) : null}
            </Field>
            <Field label="Payment method">{order.payment_method}</Field>
            <Field label="Fulfillment method">{order.fulfillment_method}</Field>
            <Field label="Order type">{order.order_type}</Field>
            <Field label="Transport">{order.transport_type}</Field>
            <Field label="Promised for">
              {order.promised_for ? formatDateTime(order.promised_for) : null}
            </Field>
            <Field label="Preorder">{order.is_preorder ? 'Yes' : 'No'}</Field>
            <Field label="Currency">{order.currency}</Field>
            <Field label="Comment">{order.comment}</Field>
          </dl>
        </section>

        <section className="card" aria-label="Fulfillment and dispatch">
          <h2>Fulfillment & dispatch</h2>
          <h3>Shipping fulfillment</h3>
          <Metadata value={order.shipping_fulfillment} />
          <h3>Dispatch routing</h3>
          <Metadata value={order.dispatch_routing} />
        </section>

        <section className="card span-2" aria-label="History">
          <h2>History</h2>
          <Timeline history={history} />
        </section>
      </div>

      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete order ${order.order_code ?? order.id}?`}
          confirmLabel="Delete order"
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
        >
          It disappears from lists and exports; reading it answers 410 Gone. Its history is kept.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
