/** @module One order: statuses and their moves, fulfil with tracking, customer, lines, details, history; edit, print, delete. */
import { type FormEvent, type ReactNode, useState } from 'react';
import type { StockMovementKind } from '../../../src/domain/stock';
import { ApiError, apiJson, describeError } from '../api';
import { FulfillmentSummary, StructuredFields, VariantText } from '../components/structured';
import { ConfirmDialog, ErrorBanner, Link, Loading, Notice, StatusBadge } from '../components/ui';
import { formatDateTime, formatList, formatMoney, joinPlace, methodLabel, statusLabel } from '../format';
import { fulfilBody } from '../fulfil';
import { actorPhrase, describeEvent } from '../history';
import { type MessageKey, t } from '../i18n';
import { placedAt } from '../orders/OrdersTable';
import { navigate } from '../router';
import { useSession } from '../session';
import { sourceLabel, useInstalls } from '../sources';
import type { Order, OrderHistory, OrderSnapshot, ShippingAddress } from '../types';
import { useResource } from '../use-resource';
import { nextStates, type StatusField } from '../workflow';

const STATUS_ACTIONS: { field: StatusField; label: MessageKey; kind: 'order' | 'payment' | 'fulfillment' }[] =
  [
    { field: 'order_status', label: 'Order status', kind: 'order' },
    { field: 'payment_status', label: 'Payment', kind: 'payment' },
    { field: 'fulfillment_status', label: 'Fulfillment', kind: 'fulfillment' },
  ];

/** What an event did to stock, typed by the server's list of movement kinds. */
const STOCK_KINDS: Record<StockMovementKind, MessageKey> = {
  reserved: 'Reserved',
  released: 'Released',
  committed: 'Taken from stock',
  restocked: 'Restocked',
};

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
    return <p className="muted">{t('No shipping address.')}</p>;
  }
  const lines = [
    address.name,
    address.phone,
    address.line1,
    address.line2,
    joinPlace([address.district, address.city]),
    [address.state, address.postal_code].filter(Boolean).join(' '),
    address.country,
  ].filter(Boolean);
  return (
    <address className="address">
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

function Timeline({ history, order }: { history: OrderHistory | null; order: Order }) {
  const { me } = useSession();
  const { installs } = useInstalls();
  if (!history) {
    return <Loading label={t('Loading history…')} />;
  }
  if (history.events.length === 0) {
    return <p className="muted">{t('No events yet.')}</p>;
  }
  return (
    <ol className="timeline">
      {[...history.events].reverse().map((event) => {
        const sentence = describeEvent(event, order.currency, actorPhrase(event.actor, installs, me));
        return (
          <li key={event.id} data-event-type={event.event_type}>
            <div className="timeline-head">
              <span className="timeline-sentence" dir="auto">
                {sentence.headline}
              </span>
              <span className="muted small nowrap">{formatDateTime(event.occurred_at)}</span>
            </div>
            {sentence.details.length > 0 ? (
              <ul className="changes">
                {sentence.details.map((detail) => (
                  <li key={detail} dir="auto">
                    {detail}
                  </li>
                ))}
              </ul>
            ) : null}
            {event.stock_movements.length > 0 ? (
              <div className="muted small">
                {t('Stock')}:{' '}
                {formatList(
                  event.stock_movements.map((movement) =>
                    t('{kind} {quantity} × {sku}', {
                      kind: t(STOCK_KINDS[movement.kind]),
                      quantity: movement.quantity,
                      sku: movement.sku,
                    }),
                  ),
                )}
              </div>
            ) : null}
          </li>
        );
      })}
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
  onChange: (field: StatusField, value: string) => void;
}) {
  return (
    <div className="status-controls">
      {STATUS_ACTIONS.map(({ field, label, kind }) => {
        const current = order[field];
        const next = nextStates(field, current);
        return (
          <div className="status-row" key={field} data-field={field}>
            <div className="status-current">
              <span className="muted small">{t(label)}</span>
              <StatusBadge kind={kind} value={current} />
            </div>
            <div className="status-moves">
              {next.length === 0 ? (
                <span className="muted small">{t('Final state: no further changes')}</span>
              ) : (
                next.map((state) => (
                  <button
                    type="button"
                    key={state}
                    className={`button button-small move-${state}`}
                    disabled={busy}
                    onClick={() => onChange(field, state)}
                  >
                    {statusLabel(state)}
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

function FulfilForm({
  order,
  busy,
  onFulfil,
}: {
  order: Order;
  busy: boolean;
  onFulfil: (body: ReturnType<typeof fulfilBody>) => void;
}) {
  const stored = (order.shipping_fulfillment ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof stored[key] === 'string' ? (stored[key] as string) : '');
  const [carrier, setCarrier] = useState(text('carrier'));
  const [tracking, setTracking] = useState(text('tracking_number'));
  const [link, setLink] = useState(text('tracking_link') || text('tracking_url'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onFulfil(
      fulfilBody(order, {
        carrier: carrier.trim(),
        tracking_number: tracking.trim(),
        tracking_link: link.trim() || undefined,
      }),
    );
  };
  const shipped = order.order_status === 'shipped' || order.order_status === 'delivered';
  return (
    <form className="fulfil-form" onSubmit={submit} aria-label={t('Fulfil')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('Carrier')}</span>
          <input
            name="carrier"
            dir="auto"
            value={carrier}
            onChange={(event) => setCarrier(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('Tracking number')}</span>
          <input
            name="tracking_number"
            dir="ltr"
            value={tracking}
            onChange={(event) => setTracking(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('Tracking link (optional)')}</span>
          <input
            name="tracking_link"
            type="url"
            dir="ltr"
            value={link}
            onChange={(event) => setLink(event.target.value)}
          />
        </label>
      </div>
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || !tracking.trim() || !carrier.trim()}
      >
        {shipped ? t('Save tracking') : t('Mark as shipped')}
      </button>
    </form>
  );
}

export function OrderDetailPage({ id }: { id: string }) {
  const { session } = useSession();
  const { installs } = useInstalls();
  const path = `/orders/${encodeURIComponent(id)}`;
  const resource = useResource<OrderSnapshot>(path);
  const history = useResource<OrderHistory>(`${path}/history?limit=1000`);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const reload = async () => {
    await resource.reload({ quiet: true });
    await history.reload({ quiet: true });
  };
  const write = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setNotice(null);
    setError(null);
    try {
      await action();
      // Reloaded first, so that the message never shows beside the order as it was before the change.
      await reload();
      setNotice(done);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        setError(
          t('Someone changed this order while you were looking at it. It has been reloaded; try again.'),
        );
        await reload();
      } else {
        setError(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  const gone = resource.error?.status === 410 || resource.error?.status === 404;
  if (gone) {
    return (
      <div className="page">
        <Link to="/orders">{t('← Orders')}</Link>
        <ErrorBanner
          message={
            resource.error?.status === 410
              ? t('This order was deleted.')
              : t('There is no such order in this organization.')
          }
        />
      </div>
    );
  }
  const snapshot = resource.data;
  if (!snapshot) {
    return (
      <div className="page">
        {resource.error ? (
          <ErrorBanner message={describeError(resource.error)} onRetry={() => void resource.reload()} />
        ) : (
          <Loading />
        )}
      </div>
    );
  }
  const { order } = snapshot;
  const ifMatch = resource.etag ? { 'if-match': resource.etag } : undefined;
  const money = (value: number | null) => formatMoney(value, order.currency);
  const statusBodyField: Record<StatusField, string> = {
    order_status: 'status',
    payment_status: 'payment_status',
    fulfillment_status: 'fulfillment_status',
  };
  const changeStatus = (field: StatusField, value: string) =>
    write(
      () =>
        apiJson(session, `${path}/status`, {
          method: 'PATCH',
          body: { [statusBodyField[field]]: value },
          headers: ifMatch,
        }),
      field === 'order_status'
        ? t('Status changed to {status}.', { status: statusLabel(value) })
        : field === 'payment_status'
          ? t('Payment changed to {status}.', { status: statusLabel(value) })
          : t('Fulfillment changed to {status}.', { status: statusLabel(value) }),
    );
  const fulfil = (body: ReturnType<typeof fulfilBody>) =>
    write(() => apiJson(session, path, { method: 'PUT', body, headers: ifMatch }), t('Shipment saved.'));
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
  const code = order.order_code ?? order.id;

  return (
    <div className="page">
      <Link to="/orders" className="back-link">
        {t('← Orders')}
      </Link>
      <div className="page-head">
        <div>
          <h1 data-testid="order-code">{code}</h1>
          <p className="muted">
            {t('Placed {time}', { time: formatDateTime(placedAt(order)) })} ·{' '}
            {sourceLabel(snapshot, installs)}
          </p>
        </div>
        <div className="page-actions">
          <Link to={`/print?ids=${encodeURIComponent(order.id)}`} className="button">
            {t('Print')}
          </Link>
          <Link to={`${path}/edit`} className="button">
            {t('Edit')}
          </Link>
          <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)}>
            {t('Delete')}
          </button>
        </div>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ErrorBanner message={error} /> : null}

      <div className="detail-grid">
        <section className="card" aria-label={t('Status')}>
          <h2>{t('Status')}</h2>
          <StatusControls
            order={order}
            busy={busy}
            onChange={(field, value) => void changeStatus(field, value)}
          />
        </section>

        <section className="card" aria-label={t('Customer')}>
          <h2>{t('Customer')}</h2>
          <dl className="kv-list">
            <Field label={t('Name')}>{order.customer_name}</Field>
            <Field label={t('Email')}>{order.customer_email}</Field>
            <Field label={t('Phone')}>
              {order.customer_phone ? <bdi>{order.customer_phone}</bdi> : null}
            </Field>
            {order.receiver_name ? <Field label={t('Receiver')}>{order.receiver_name}</Field> : null}
            {order.receiver_phone ? <Field label={t('Receiver phone')}>{order.receiver_phone}</Field> : null}
          </dl>
          <h3>{t('Shipping address')}</h3>
          <AddressBlock address={order.shipping_address} />
        </section>

        <section className="card span-2" aria-label={t('Products')}>
          <h2>{t('Products')}</h2>
          <div className="table-scroll">
            <table className="lines-table">
              <thead>
                <tr>
                  <th scope="col">{t('Product')}</th>
                  <th scope="col">{t('SKU')}</th>
                  <th scope="col" className="align-end">
                    {t('Qty')}
                  </th>
                  <th scope="col" className="align-end">
                    {t('Price')}
                  </th>
                  <th scope="col" className="align-end">
                    {t('Total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {order.products.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line's position is its identity within an order
                  <tr key={`${line.product_id ?? line.sku ?? line.name}-${index}`}>
                    <td dir="auto">
                      {line.name}
                      <VariantText variant={line.variant} />
                    </td>
                    <td>{line.sku ?? '—'}</td>
                    <td className="align-end">{line.quantity}</td>
                    <td className="align-end nowrap">{money(line.price)}</td>
                    <td className="align-end nowrap">{money(line.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={4} scope="row" className="align-end">
                    {t('Subtotal')}
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
                        {t(label)}
                      </th>
                      <td className="align-end nowrap">
                        {label === 'Discounts' ? `−${money(value)}` : money(value)}
                      </td>
                    </tr>
                  ),
                )}
                <tr className="grand-total">
                  <th colSpan={4} scope="row" className="align-end">
                    {t('Total')}
                  </th>
                  <td className="align-end nowrap" data-testid="order-total">
                    {money(order.total_amount)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>

        <section className="card" aria-label={t('Shipping')}>
          <h2>{t('Shipping')}</h2>
          <FulfillmentSummary value={order.shipping_fulfillment} />
          {order.order_status === 'cancelled' || order.order_status === 'returned' ? null : (
            <>
              <h3>{t('Fulfil')}</h3>
              <FulfilForm
                order={order}
                busy={busy}
                onFulfil={(body) => void fulfil(body)}
                key={resource.etag ?? ''}
              />
            </>
          )}
          {order.dispatch_routing ? (
            <>
              <h3>{t('Dispatch routing')}</h3>
              <StructuredFields value={order.dispatch_routing} />
            </>
          ) : null}
        </section>

        <section className="card" aria-label={t('Order details')}>
          <h2>{t('Details')}</h2>
          <dl className="kv-list">
            <Field label={t('Source')}>{sourceLabel(snapshot, installs)}</Field>
            <Field label={t('Store')}>{order.store_name}</Field>
            <Field label={t('Order reference at the source')}>{order.source_reference}</Field>
            <Field label={t('Time at the source')}>
              {order.source_timestamp ? formatDateTime(order.source_timestamp) : null}
            </Field>
            <Field label={t('Received by Linkit')}>{formatDateTime(order.created_at)}</Field>
            <Field label={t('Payment method')}>{methodLabel(order.payment_method)}</Field>
            <Field label={t('Fulfillment method')}>{methodLabel(order.fulfillment_method)}</Field>
            {order.order_type ? <Field label={t('Order type')}>{order.order_type}</Field> : null}
            {order.transport_type ? <Field label={t('Transport')}>{order.transport_type}</Field> : null}
            {order.promised_for ? (
              <Field label={t('Promised for')}>{formatDateTime(order.promised_for)}</Field>
            ) : null}
            <Field label={t('Preorder')}>{order.is_preorder ? t('Yes') : t('No')}</Field>
            <Field label={t('Comment')}>{order.comment}</Field>
          </dl>
        </section>

        <section className="card span-2" aria-label={t('History')}>
          <h2>{t('History')}</h2>
          <Timeline history={history.data} order={order} />
        </section>
      </div>

      {confirmDelete ? (
        <ConfirmDialog
          title={t('Delete order {code}?', { code })}
          confirmLabel={t('Delete order')}
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
        >
          {t('It disappears from lists and exports. Its history is kept.')}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
