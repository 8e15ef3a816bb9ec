/**
 * @module One install's status mappings (issue 19, decision 0162): each status the store uses, mapped
 * onto Linkit's order, payment and fulfillment statuses; "the store decides" leaves a field to the
 * built-in table. Saving replaces the whole set (PUT), so the table is edited locally and saved at once.
 */
import { useState } from 'react';
import {
  FULFILLMENT_STATUSES,
  type FulfillmentStatus,
  ORDER_STATUSES,
  type OrderStatus,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '../../../src/domain/order-status';
import { ApiError, apiJson, describeError } from '../api';
import { ErrorBanner, Loading, Notice } from '../components/ui';
import { statusLabel } from '../format';
import { t } from '../i18n';
import { useSession } from '../session';
import type { Install, StatusMapping } from '../types';
import { useResource } from '../use-resource';

type Row = StatusMapping & { key: number };
type StatusColumn = 'order_status' | 'payment_status' | 'fulfillment_status';

const COLUMNS: { field: StatusColumn; values: readonly string[] }[] = [
  { field: 'order_status', values: ORDER_STATUSES satisfies readonly OrderStatus[] },
  { field: 'payment_status', values: PAYMENT_STATUSES satisfies readonly PaymentStatus[] },
  { field: 'fulfillment_status', values: FULFILLMENT_STATUSES satisfies readonly FulfillmentStatus[] },
];

const columnLabel = (field: StatusColumn) =>
  field === 'order_status' ? t('Order status') : field === 'payment_status' ? t('Payment') : t('Fulfillment');

/** What is wrong with each row, in the reader's language, before the server is asked. */
function rowProblems(rows: Row[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const code = row.vendor_status.trim();
    if (code === '') {
      problems.set(row.key, t('Enter the status as the store names it.'));
    } else if (seen.has(code)) {
      problems.set(row.key, t('“{status}” is mapped twice.', { status: code }));
    } else if (!row.order_status && !row.payment_status && !row.fulfillment_status) {
      problems.set(row.key, t('Choose at least one status it means.'));
    }
    seen.add(code);
  }
  return problems;
}

function MappingsEditor({
  install,
  saved,
  onSaved,
}: {
  install: Install;
  saved: StatusMapping[];
  onSaved: () => Promise<void>;
}) {
  const { session } = useSession();
  const [rows, setRows] = useState<Row[]>(() => saved.map((mapping, key) => ({ ...mapping, key })));
  const [nextKey, setNextKey] = useState(saved.length);
  const [problems, setProblems] = useState<Map<number, string>>(new Map());
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (key: number, change: Partial<StatusMapping>) =>
    setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const add = () => {
    setRows([
      ...rows,
      { key: nextKey, vendor_status: '', order_status: null, payment_status: null, fulfillment_status: null },
    ]);
    setNextKey(nextKey + 1);
  };
  const save = async () => {
    setFailure(null);
    setNotice(null);
    const found = rowProblems(rows);
    setProblems(found);
    if (found.size > 0) {
      return;
    }
    setBusy(true);
    try {
      const mappings = rows.map(({ key: _key, ...mapping }) => ({
        ...mapping,
        vendor_status: mapping.vendor_status.trim(),
      }));
      await apiJson(session, `/apps/${encodeURIComponent(install.id)}/status-mappings`, {
        method: 'PUT',
        body: { mappings },
      });
      setNotice(t('Status mappings saved. Orders the store sends from now on use them.'));
      await onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        // `mappings[2].vendor_status` → the third row.
        const byRow = new Map<number, string>();
        for (const [field, message] of Object.entries(error.fieldMessages())) {
          const index = /^mappings\[(\d+)\]/.exec(field)?.[1];
          const row = index === undefined ? undefined : rows[Number(index)];
          if (row) {
            byRow.set(row.key, message);
          }
        }
        setProblems(byRow);
        setFailure(t('Some fields need fixing.'));
      } else {
        setFailure(describeError(error));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="status-mappings">
      <p className="muted small">
        {t(
          'Statuses the store uses that Linkit does not know, or that you want read differently: say what each one means.',
        )}
      </p>
      {failure ? <ErrorBanner message={failure} /> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {rows.length === 0 ? <p className="muted">{t('No mappings: the built-in meanings apply.')}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="compact-table mappings-table stack-table">
            <thead>
              <tr>
                <th scope="col">{t('Status at the store')}</th>
                {COLUMNS.map(({ field }) => (
                  <th scope="col" key={field}>
                    {columnLabel(field)}
                  </th>
                ))}
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.key} data-mapping-row={index}>
                  <td data-label={t('Status at the store')}>
                    <input
                      aria-label={t('Status at the store')}
                      name="vendor_status"
                      dir="auto"
                      value={row.vendor_status}
                      onChange={(event) => update(row.key, { vendor_status: event.target.value })}
                    />
                    {problems.get(row.key) ? (
                      <div className="field-error">{problems.get(row.key)}</div>
                    ) : null}
                  </td>
                  {COLUMNS.map(({ field, values }) => (
                    <td key={field} data-label={columnLabel(field)}>
                      <select
                        aria-label={columnLabel(field)}
                        name={field}
                        value={row[field] ?? ''}
                        onChange={(event) =>
                          update(row.key, { [field]: event.target.value === '' ? null : event.target.value })
                        }
                      >
                        <option value="">{t('The store decides')}</option>
                        {values.map((value) => (
                          <option key={value} value={value}>
                            {statusLabel(value)}
                          </option>
                        ))}
                      </select>
                    </td>
                  ))}
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setRows(rows.filter((other) => other.key !== row.key))}
                    >
                      {t('Remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="page-actions">
        <button type="button" className="button" onClick={add}>
          {t('Add a status')}
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void save()}>
          {busy ? t('Working…') : t('Save mappings')}
        </button>
      </div>
    </div>
  );
}

export function StatusMappings({ install }: { install: Install }) {
  const { data, error, reload } = useResource<{ data: StatusMapping[] }>(
    `/apps/${encodeURIComponent(install.id)}/status-mappings`,
  );
  if (error) {
    return <ErrorBanner message={describeError(error)} onRetry={() => void reload()} />;
  }
  if (!data) {
    return <Loading />;
  }
  return <MappingsEditor install={install} saved={data.data} onSaved={() => reload({ quiet: true })} />;
}
