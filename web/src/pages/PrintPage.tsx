/**
 * @module Packing slips or invoices for one or many orders, laid out for paper: the print stylesheet
 * hides the app around them and starts each order on a new page; Arabic prints right to left.
 */
import { useState } from 'react';
import { describeError } from '../api';
import { VariantText } from '../components/structured';
import { ErrorBanner, Link, Loading } from '../components/ui';
import { formatDate, formatMoney, joinPlace } from '../format';
import { t } from '../i18n';
import { placedAt } from '../orders/OrdersTable';
import { useSession } from '../session';
import type { OrderSnapshot } from '../types';
import { useResource } from '../use-resource';

type Kind = 'slip' | 'invoice';

function PrintedOrder({ id, kind }: { id: string; kind: Kind }) {
  const { me } = useSession();
  const { data, error } = useResource<OrderSnapshot>(`/orders/${encodeURIComponent(id)}`);
  if (error) {
    return <ErrorBanner message={`${id}: ${describeError(error)}`} />;
  }
  if (!data) {
    return <Loading />;
  }
  const { order } = data;
  const money = (value: number | null) => formatMoney(value, order.currency);
  const address = order.shipping_address;
  const shipping = (order.shipping_fulfillment ?? {}) as Record<string, unknown>;
  const tracking = shipping.tracking_number;
  const carrier = shipping.carrier;
  return (
    <article className="print-sheet" data-order-id={order.id} aria-label={order.order_code ?? order.id}>
      <header className="print-head">
        <div>
          <div className="print-store" dir="auto">
            {order.store_name ?? me.organization.name}
          </div>
          <h1>{kind === 'invoice' ? t('Invoice') : t('Packing slip')}</h1>
        </div>
        <dl className="print-meta">
          <div>
            <dt>{t('Order')}</dt>
            <dd>
              <bdi>{order.order_code ?? order.id}</bdi>
            </dd>
          </div>
          <div>
            <dt>{t('Date')}</dt>
            <dd>{formatDate(placedAt(order))}</dd>
          </div>
          {tracking ? (
            <div>
              <dt>{t('Tracking number')}</dt>
              <dd>
                {carrier ? `${String(carrier)} · ` : ''}
                <bdi>{String(tracking)}</bdi>
              </dd>
            </div>
          ) : null}
        </dl>
      </header>
      <section className="print-parties">
        <div>
          <h2>{t('Ship to')}</h2>
          <address>
            {[
              order.receiver_name ?? address?.name ?? order.customer_name,
              order.receiver_phone ?? address?.phone ?? order.customer_phone,
              address?.line1,
              address?.line2,
              joinPlace([address?.district, address?.city]),
              [address?.postal_code, address?.country].filter(Boolean).join(' '),
            ]
              .filter(Boolean)
              .map((line) => (
                <div key={line as string}>{line}</div>
              ))}
          </address>
        </div>
        {kind === 'invoice' ? (
          <div>
            <h2>{t('Bill to')}</h2>
            <address>
              {[order.customer_name, order.customer_email, order.customer_phone]
                .filter(Boolean)
                .map((line) => (
                  <div key={line as string}>{line}</div>
                ))}
            </address>
          </div>
        ) : null}
      </section>
      <table className="print-lines">
        <thead>
          <tr>
            <th scope="col">{t('Product')}</th>
            <th scope="col">{t('SKU')}</th>
            <th scope="col" className="align-end">
              {t('Qty')}
            </th>
            {kind === 'invoice' ? (
              <>
                <th scope="col" className="align-end">
                  {t('Price')}
                </th>
                <th scope="col" className="align-end">
                  {t('Total')}
                </th>
              </>
            ) : (
              <th scope="col" className="print-check">
                {t('Packed')}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {order.products.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a line's position is its identity within an order
            <tr key={index}>
              <td dir="auto">
                {line.name}
                <VariantText variant={line.variant} />
              </td>
              <td>{line.sku ?? '—'}</td>
              <td className="align-end">{line.quantity}</td>
              {kind === 'invoice' ? (
                <>
                  <td className="align-end nowrap">{money(line.price)}</td>
                  <td className="align-end nowrap">{money(line.total)}</td>
                </>
              ) : (
                <td className="print-check">☐</td>
              )}
            </tr>
          ))}
        </tbody>
        {kind === 'invoice' ? (
          <tfoot>
            {(
              [
                ['Subtotal', order.subtotal],
                ['Discounts', order.discounts_amount],
                ['VAT', order.vat_amount],
                ['Delivery fee', order.delivery_fee],
                ['Service fee', order.service_fee],
              ] as const
            ).map(([label, value]) =>
              value === null ? null : (
                <tr key={label}>
                  <th colSpan={4} scope="row" className="align-end">
                    {t(label)}
                  </th>
                  <td className="align-end nowrap">{money(value)}</td>
                </tr>
              ),
            )}
            <tr className="grand-total">
              <th colSpan={4} scope="row" className="align-end">
                {t('Total')}
              </th>
              <td className="align-end nowrap" data-testid="print-total">
                {money(order.total_amount)}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
      {order.comment ? (
        <p className="print-comment" dir="auto">
          {order.comment}
        </p>
      ) : null}
    </article>
  );
}

export function PrintPage({ ids }: { ids: string[] }) {
  const [kind, setKind] = useState<Kind>('slip');
  return (
    <div className="page print-page">
      <div className="page-head no-print">
        <div>
          <Link to="/orders" className="back-link">
            {t('← Orders')}
          </Link>
          <h1>{ids.length === 1 ? t('Print 1 order') : t('Print {count} orders', { count: ids.length })}</h1>
        </div>
        <div className="page-actions">
          <fieldset className="segmented" aria-label={t('Document')}>
            <button
              type="button"
              className={`chip ${kind === 'slip' ? 'active' : ''}`}
              aria-pressed={kind === 'slip'}
              onClick={() => setKind('slip')}
            >
              {t('Packing slip')}
            </button>
            <button
              type="button"
              className={`chip ${kind === 'invoice' ? 'active' : ''}`}
              aria-pressed={kind === 'invoice'}
              onClick={() => setKind('invoice')}
            >
              {t('Invoice')}
            </button>
          </fieldset>
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            {t('Print')}
          </button>
        </div>
      </div>
      {ids.length === 0 ? <p className="muted">{t('Select orders on the list to print them.')}</p> : null}
      {ids.map((id) => (
        <PrintedOrder key={id} id={id} kind={kind} />
      ))}
    </div>
  );
}
