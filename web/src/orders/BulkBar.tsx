/** @module What can be done to the selected orders: change status, mark as shipped, print, delete. */
import { useState } from 'react';
import { apiJson, describeError } from '../api';
import { ConfirmDialog } from '../components/ui';
import { statusLabel } from '../format';
import { t } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import type { BulkResult, OrdersListed } from '../types';
import { ORDER_STATUSES } from '../workflow';

export function BulkBar(props: {
  selected: ReadonlySet<string>;
  orders: OrdersListed['orders'];
  onClear: () => void;
  onResult: (action: string, result: BulkResult) => void;
  onError: (message: string) => void;
  onShip: (references: string[]) => void;
}) {
  const { session } = useSession();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ids = [...props.selected];

  const run = async (action: string, call: () => Promise<{ data: BulkResult }>) => {
    setBusy(true);
    try {
      props.onResult(action, (await call()).data);
    } catch (failure) {
      props.onError(describeError(failure));
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  };
  const changeStatus = () =>
    run(t('Status → {status}', { status: statusLabel(status) }), () =>
      apiJson(session, '/orders/bulk/status', {
        method: 'PATCH',
        body: { updates: ids.map((id) => ({ id, status })) },
      }),
    );
  const remove = () =>
    run(t('Delete'), () => apiJson(session, '/orders/bulk', { method: 'DELETE', body: { ids } }));
  const references = () =>
    ids.map((id) => props.orders.find((snapshot) => snapshot.order.id === id)?.order.order_code ?? id);

  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('Bulk actions')}>
      <strong>{t('{count} selected', { count: ids.length })}</strong>
      <div className="bulk-status">
        <select
          aria-label={t('New status')}
          value={status}
          onChange={(event) => setStatus(event.target.value)}
        >
          <option value="">{t('Change status to…')}</option>
          {ORDER_STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-primary"
          disabled={!status || busy}
          onClick={() => void changeStatus()}
        >
          {t('Apply status')}
        </button>
      </div>
      <button type="button" className="button" disabled={busy} onClick={() => props.onShip(references())}>
        {t('Mark as shipped')}
      </button>
      <button
        type="button"
        className="button"
        onClick={() => navigate(`/print?ids=${ids.map(encodeURIComponent).join(',')}`)}
      >
        {t('Print')}
      </button>
      <button
        type="button"
        className="button button-danger"
        disabled={busy}
        onClick={() => setConfirmDelete(true)}
      >
        {t('Delete')}
      </button>
      <button type="button" className="button button-link" onClick={props.onClear}>
        {t('Clear selection')}
      </button>
      {confirmDelete ? (
        <ConfirmDialog
          title={ids.length === 1 ? t('Delete 1 order?') : t('Delete {count} orders?', { count: ids.length })}
          confirmLabel={t('Delete')}
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
        >
          {t('Deleted orders disappear from lists and exports; their history is kept.')}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
