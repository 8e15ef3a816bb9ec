/**
 * @module The orders table: sortable headers, a selectable row per order. On a phone each row is laid
 * out as a card (CSS only, the same rows), so there is no sideways scrolling and every action is in reach.
 */
import { Link, StatusBadge } from '../components/ui';
import { formatDateTime, formatMoney } from '../format';
import { t } from '../i18n';
import { sourceLabel } from '../sources';
import type { Install, Order, OrdersListed } from '../types';

type SortField = 'order_number' | 'total_amount' | 'created' | 'updated';

/**
 * When the customer placed the order: the source's own time (`source_timestamp`, which the
 * integrations fill with the marketplace's order date), else when Linkit received it.
 */
export function placedAt(order: Order): string {
  return order.source_timestamp ?? order.created_at;
}

function SortHeader(props: {
  field: SortField;
  label: string;
  sort: string;
  onSort: (field: SortField) => void;
  align?: 'end';
}) {
  const active = props.sort === props.field || props.sort === `-${props.field}`;
  const descending = props.sort.startsWith('-');
  return (
    <th
      scope="col"
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      className={props.align === 'end' ? 'align-end' : undefined}
    >
      <button
        type="button"
        className={`sort-button ${active ? 'active' : ''}`}
        onClick={() => props.onSort(props.field)}
      >
        {props.label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function OrdersTable(props: {
  orders: OrdersListed['orders'];
  installs: ReadonlyMap<string, Install>;
  sort: string;
  onSort: (sort: string) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onSelectAll: (ids: string[] | null) => void;
  loading: boolean;
}) {
  const ids = props.orders.map((snapshot) => snapshot.order.id);
  const allSelected = ids.length > 0 && ids.every((id) => props.selected.has(id));
  const onSort = (field: SortField) => props.onSort(props.sort === `-${field}` ? field : `-${field}`);
  return (
    <div className={`table-scroll ${props.loading ? 'is-loading' : ''}`}>
      <table className="orders-table">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input
                type="checkbox"
                aria-label={t('Select all on this page')}
                checked={allSelected}
                onChange={() => props.onSelectAll(allSelected ? null : ids)}
              />
            </th>
            <SortHeader field="order_number" label={t('Order')} sort={props.sort} onSort={onSort} />
            <th scope="col">{t('Customer')}</th>
            <th scope="col">{t('Store')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Payment')}</th>
            <th scope="col">{t('Fulfillment')}</th>
            <SortHeader
              field="total_amount"
              label={t('Total')}
              sort={props.sort}
              onSort={onSort}
              align="end"
            />
            <SortHeader field="created" label={t('Date')} sort={props.sort} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          {props.orders.map((snapshot) => {
            const { order } = snapshot;
            const code = order.order_code ?? order.id;
            return (
              <tr
                key={order.id}
                data-order-id={order.id}
                className={props.selected.has(order.id) ? 'selected' : undefined}
              >
                <td className="col-check">
                  <input
                    type="checkbox"
                    aria-label={t('Select {code}', { code })}
                    checked={props.selected.has(order.id)}
                    onChange={() => props.onToggle(order.id)}
                  />
                </td>
                <td className="col-order">
                  <Link to={`/orders/${encodeURIComponent(order.id)}`} className="order-link">
                    {code}
                  </Link>
                  <div className="muted small source-label" dir="auto">
                    {sourceLabel(snapshot, props.installs)}
                  </div>
                </td>
                <td className="col-customer">
                  <div dir="auto" className="customer-name">
                    {order.customer_name ?? '—'}
                  </div>
                  <div className="muted small" dir="auto">
                    {order.customer_email ?? order.customer_phone ?? ''}
                  </div>
                </td>
                <td className="col-store" dir="auto" data-label={t('Store')}>
                  {order.store_name ?? order.destination_id ?? '—'}
                </td>
                <td className="col-status" data-label={t('Status')}>
                  <StatusBadge kind="order" value={order.order_status} />
                </td>
                <td className="col-status" data-label={t('Payment')}>
                  <StatusBadge kind="payment" value={order.payment_status} />
                </td>
                <td className="col-status" data-label={t('Fulfillment')}>
                  <StatusBadge kind="fulfillment" value={order.fulfillment_status} />
                </td>
                <td className="align-end nowrap total col-total">
                  {formatMoney(order.total_amount, order.currency)}
                </td>
                <td className="nowrap col-date">{formatDateTime(placedAt(order))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
