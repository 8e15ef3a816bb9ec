/** @module The orders list: filters in the URL, sortable table, pages or cursor, bulk actions, export. */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { apiFetch, apiJson, describeError, toApiError } from '../api';
import {
  BulkResultPanel,
  ConfirmDialog,
  EmptyState,
  ErrorBanner,
  Link,
  Loading,
  Notice,
  StatusBadge,
} from '../components/ui';
import { downloadFile } from '../download';
import {
  activeFilterCount,
  exportQuery,
  FILTERS,
  type FilterName,
  listQuery,
  PRIMARY_FILTERS,
  TIME_FILTERS,
  toInstant,
  toLocalInput,
} from '../filters';
import { formatDateTime, formatMoney, humanize } from '../format';
import { navigate, useUrl, withQuery } from '../router';
import { useSession } from '../session';
import type { BulkResult, OrdersListed } from '../types';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from '../workflow';

const LIVE_INTERVAL_MS = 5000;
const STATUS_OPTIONS: Partial<Record<FilterName, readonly string[]>> = {
  status: ORDER_STATUSES,
  payment_status: PAYMENT_STATUSES,
  fulfillment_status: FULFILLMENT_STATUSES,
  is_preorder: ['true', 'false'],
};

type SortField = 'order_number' | 'total_amount' | 'created' | 'updated';

function FilterField({
  name,
  draft,
  setDraft,
}: {
  name: FilterName;
  draft: Record<string, string>;
  setDraft: (next: Record<string, string>) => void;
}) {
  const filter = FILTERS.find((candidate) => candidate.name === name);
  if (!filter) {
    return null;
  }
  const value = draft[name] ?? '';
  const set = (next: string) => setDraft({ ...draft, [name]: next });
  const options = STATUS_OPTIONS[name];
  return (
    <div className={`field field-${name}`}>
      <label htmlFor={`filter-${name}`}>{filter.label}</label>
      {options ? (
        <select id={`filter-${name}`} name={name} value={value} onChange={(event) => set(event.target.value)}>
          <option value="">Any</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {name === 'is_preorder'
                ? option === 'true'
                  ? 'Preorders only'
                  : 'No preorders'
                : humanize(option)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={`filter-${name}`}
          name={name}
          type={'type' in filter ? filter.type : name === 'search' ? 'search' : 'text'}
          step={'type' in filter && filter.type === 'number' ? 'any' : undefined}
          placeholder={'placeholder' in filter ? filter.placeholder : undefined}
          value={value}
          onChange={(event) => set(event.target.value)}
        />
      )}
    </div>
  );
}

function draftFromQuery(query: URLSearchParams): Record<string, string> {
  const draft: Record<string, string> = {};
  for (const { name } of FILTERS) {
    const value = query.get(name) ?? '';
    draft[name] = TIME_FILTERS.includes(name) ? toLocalInput(value) : value;
  }
  return draft;
}

function Filters({ query }: { query: URLSearchParams }) {
  const [draft, setDraft] = useState(() => draftFromQuery(query));
  const [more, setMore] = useState(() =>
    FILTERS.some(({ name }) => !PRIMARY_FILTERS.includes(name) && query.get(name)),
  );
  const queryText = query.toString();
  // Back/forward or a shared link changes the URL: the form follows it.
  useEffect(() => setDraft(draftFromQuery(new URLSearchParams(queryText))), [queryText]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const { name } of FILTERS) {
      const raw = (draft[name] ?? '').trim();
      const value = TIME_FILTERS.includes(name) ? toInstant(raw) : raw;
      if (value) {
        next.set(name, value);
      }
    }
    for (const keep of ['sort', 'limit']) {
      const value = query.get(keep);
      if (value) {
        next.set(keep, value);
      }
    }
    if (query.has('cursor')) {
      next.set('cursor', '');
    }
    navigate(withQuery('/orders', next));
  };
  const clear = () => {
    const next = new URLSearchParams();
    const sort = query.get('sort');
    if (sort) {
      next.set('sort', sort);
    }
    navigate(withQuery('/orders', next));
  };

  return (
    <form className="filters card" onSubmit={apply} aria-label="Filters">
      <div className="filters-grid">
        {PRIMARY_FILTERS.map((name) => (
          <FilterField key={name} name={name} draft={draft} setDraft={setDraft} />
        ))}
      </div>
      {more ? (
        <div className="filters-grid filters-more">
          {FILTERS.filter(({ name }) => !PRIMARY_FILTERS.includes(name)).map(({ name }) => (
            <FilterField key={name} name={name} draft={draft} setDraft={setDraft} />
          ))}
        </div>
      ) : null}
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={clear} disabled={activeFilterCount(query) === 0}>
          Clear
        </button>
        <button
          type="button"
          className="button button-link"
          onClick={() => setMore(!more)}
          aria-expanded={more}
        >
          {more ? 'Fewer filters' : 'More filters'}
        </button>
      </div>
    </form>
  );
}

function SortHeader({
  field,
  label,
  sort,
  onSort,
  align,
}: {
  field: SortField;
  label: string;
  sort: string;
  onSort: (field: SortField) => void;
  align?: 'end';
}) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort.startsWith('-');
  return (
    <th
      scope="col"
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      className={align === 'end' ? 'align-end' : undefined}
    >
      <button type="button" className={`sort-button ${active ? 'active' : ''}`} onClick={() => onSort(field)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function OrdersPage() {
  const { session } = useSession();
  const { query } = useUrl();
  const apiQuery = listQuery(query);
  const apiPath = withQuery('/orders', apiQuery);
  const sort = query.get('sort') ?? '-created';
  const cursorMode = query.has('cursor');

  const [listed, setListed] = useState<OrdersListed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [live, setLive] = useState(false);
  const [lastRefresh, setLastRefresh] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkStatus, setBulkStatus] = useState('');
  const [bulkResult, setBulkResult] = useState<{ action: string; result: BulkResult } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [exportFormat, setExportFormat] = useState('csv');
  const [exportNotice, setExportNotice] = useState<string | null>(null);
  const etag = useRef<string | null>(null);

  /** `quiet`: a live refresh; keeps the table on screen and sends the last ETag (304 = unchanged). */
  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) {
        setLoading(true);
        etag.current = null;
      }
      try {
        const headers: Record<string, string> = {};
        if (quiet && etag.current) {
          headers['if-none-match'] = etag.current;
        }
        const response = await apiFetch(session, apiPath, { headers });
        setLastRefresh(new Date().toISOString());
        if (response.status === 304) {
          return;
        }
        if (!response.ok) {
          throw await toApiError(response);
        }
        etag.current = response.headers.get('etag');
        setListed((await response.json()) as OrdersListed);
        setError(null);
      } catch (failure) {
        // A refused filter (422) must not leave the previous filter's rows on screen as its answer.
        if (!quiet) {
          setListed(null);
        }
        setError(describeError(failure));
      } finally {
        setLoading(false);
      }
    },
    [session, apiPath],
  );

  useEffect(() => {
    setSelected(new Set());
    void load();
  }, [load]);

  useEffect(() => {
    if (!live) {
      return;
    }
    const timer = setInterval(() => void load(true), LIVE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live, load]);

  const setQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) {
        next.delete(name);
      } else {
        next.set(name, value);
      }
    }
    navigate(withQuery('/orders', next));
  };

  const onSort = (field: SortField) => {
    const next = sort === `-${field}` ? field : `-${field}`;
    setQuery({ sort: next, page: null, ...(cursorMode ? { cursor: '' } : {}) });
  };

  const orders = listed?.orders ?? [];
  const ids = orders.map((snapshot) => snapshot.order.id);
  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) {
      next.delete(id);
    } else {
      next.add(id);
    }
    setSelected(next);
  };

  const runBulk = async (action: string, call: () => Promise<{ data: BulkResult }>) => {
    setBusy(true);
    try {
      const answer = await call();
      setBulkResult({ action, result: answer.data });
      setSelected(new Set());
      await load();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  };

  const bulkChangeStatus = () =>
    runBulk(`Status → ${humanize(bulkStatus)}`, () =>
      apiJson(session, '/orders/bulk/status', {
        method: 'PATCH',
        body: { updates: [...selected].map((id) => ({ id, status: bulkStatus })) },
      }),
    );
  const bulkDelete = () =>
    runBulk('Delete', () =>
      apiJson(session, '/orders/bulk', { method: 'DELETE', body: { ids: [...selected] } }),
    );

  const exportOrders = async () => {
    setBusy(true);
    setExportNotice(null);
    try {
      const name = await downloadFile(
        session,
        `/orders/export?${exportQuery(query, exportFormat).toString()}`,
        `orders.${exportFormat}`,
      );
      setExportNotice(`Exported ${name}`);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const pagination = listed?.pagination;
  const filtered = apiQuery.toString() !== '' && FILTERS.some(({ name }) => query.get(name));

  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Orders</h1>
          <p className="muted" data-testid="total-count">
            {pagination
              ? cursorMode
                ? `${orders.length} on this page`
                : `${pagination.total_items.toLocaleString()} order${pagination.total_items === 1 ? '' : 's'}${filtered ? ' match' : ''}`
              : '\u00a0'}
          </p>
        </div>
        <div className="page-actions">
          <label className="toggle">
            <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} />
            <span>Live refresh</span>
          </label>
          <div className="export">
            <select
              aria-label="Export format"
              value={exportFormat}
              onChange={(event) => setExportFormat(event.target.value)}
            >
              <option value="csv">CSV</option>
              <option value="jsonl">JSONL</option>
              <option value="xlsx">Excel (XLSX)</option>
            </select>
            <button type="button" className="button" onClick={() => void exportOrders()} disabled={busy}>
              Export
            </button>
          </div>
          <Link to="/orders/new" className="button button-primary">
            New order
          </Link>
        </div>
      </div>

      <Filters query={query} />

      {live && lastRefresh ? (
        <p className="muted small" data-testid="live-status">
          Live: checked {formatDateTime(lastRefresh)}
        </p>
      ) : null}
      {exportNotice ? <Notice>{exportNotice}</Notice> : null}
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {bulkResult ? (
        <BulkResultPanel
          action={bulkResult.action}
          result={bulkResult.result}
          onClose={() => setBulkResult(null)}
        />
      ) : null}

      {selected.size > 0 ? (
        <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
          <strong>{selected.size} selected</strong>
          <select
            aria-label="New status"
            value={bulkStatus}
            onChange={(event) => setBulkStatus(event.target.value)}
          >
            <option value="">Change status to…</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {humanize(status)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-primary"
            disabled={!bulkStatus || busy}
            onClick={() => void bulkChangeStatus()}
          >
            Apply status
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => setConfirmDelete(true)}
          >
            Delete
          </button>
          <button type="button" className="button button-link" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      ) : null}

      <div className="card table-card">
        {loading && !listed ? (
          <Loading label="Loading orders…" />
        ) : !listed ? (
          <EmptyState title="No orders to show">
            The list could not be loaded: see the message above.
          </EmptyState>
        ) : orders.length === 0 ? (
          filtered ? (
            <EmptyState title="No orders match these filters">
              <button type="button" className="button" onClick={() => navigate('/orders')}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No orders yet">
              Orders from the API, integrations and this page appear here.{' '}
              <Link to="/orders/new">Create one</Link>.
            </EmptyState>
          )
        ) : (
          <div className={`table-scroll ${loading ? 'is-loading' : ''}`}>
            <table className="orders-table">
              <thead>
                <tr>
                  <th scope="col" className="col-check">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(ids))}
                    />
                  </th>
                  <SortHeader field="order_number" label="Order" sort={sort} onSort={onSort} />
                  <th scope="col">Customer</th>
                  <th scope="col">Store</th>
                  <th scope="col">Status</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Fulfillment</th>
                  <SortHeader field="total_amount" label="Total" sort={sort} onSort={onSort} align="end" />
                  <SortHeader field="created" label="Created" sort={sort} onSort={onSort} />
                </tr>
              </thead>
              <tbody>
                {orders.map(({ order, app_slug }) => (
                  <tr
                    key={order.id}
                    data-order-id={order.id}
                    className={selected.has(order.id) ? 'selected' : undefined}
                  >
                    <td className="col-check">
                      <input
                        type="checkbox"
                        aria-label={`Select ${order.order_code ?? order.id}`}
                        checked={selected.has(order.id)}
                        onChange={() => toggle(order.id)}
                      />
                    </td>
                    <td className="col-order">
                      <Link to={`/orders/${encodeURIComponent(order.id)}`} className="order-link">
                        {order.order_code ?? order.id}
                      </Link>
                      <div className="muted small">{app_slug ?? 'manual / API'}</div>
                    </td>
                    <td className="col-customer">
                      <div dir="auto" className="customer-name">
                        {order.customer_name ?? '—'}
                      </div>
                      <div className="muted small" dir="auto">
                        {order.customer_email ?? order.customer_phone ?? ''}
                      </div>
                    </td>
                    <td dir="auto">{order.store_name ?? order.destination_id ?? '—'}</td>
                    <td>
                      <StatusBadge kind="order" value={order.order_status} />
                    </td>
                    <td>
                      <StatusBadge kind="payment" value={order.payment_status} />
                    </td>
                    <td>
                      <StatusBadge kind="fulfillment" value={order.fulfillment_status} />
                    </td>
                    <td className="align-end nowrap total">
                      {formatMoney(order.total_amount, order.currency)}
                    </td>
                    <td className="nowrap">{formatDateTime(order.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {pagination && orders.length > 0 ? (
        <nav className="pager" aria-label="Pages">
          <div className="pager-mode">
            <span className="muted small">Paging</span>
            <button
              type="button"
              className={`chip ${cursorMode ? '' : 'active'}`}
              onClick={() => setQuery({ cursor: null, page: null })}
            >
              Pages
            </button>
            <button
              type="button"
              className={`chip ${cursorMode ? 'active' : ''}`}
              onClick={() => setQuery({ cursor: '', page: null })}
            >
              Cursor
            </button>
          </div>
          {cursorMode ? (
            <div className="pager-buttons">
              <button
                type="button"
                className="button"
                disabled={query.get('cursor') === ''}
                onClick={() => setQuery({ cursor: '' })}
              >
                First page
              </button>
              <button
                type="button"
                className="button"
                disabled={!pagination.next_cursor}
                onClick={() => setQuery({ cursor: pagination.next_cursor ?? '' })}
              >
                Next page
              </button>
            </div>
          ) : (
            <div className="pager-buttons">
              <button
                type="button"
                className="button"
                disabled={!pagination.has_prev}
                onClick={() => setQuery({ page: String(pagination.page - 1) })}
              >
                Previous
              </button>
              <span className="muted" data-testid="page-indicator">
                Page {pagination.page} of {Math.max(pagination.total_pages, 1)}
              </span>
              <button
                type="button"
                className="button"
                disabled={!pagination.has_next}
                onClick={() => setQuery({ page: String(pagination.page + 1) })}
              >
                Next
              </button>
            </div>
          )}
          <label className="per-page">
            <span className="muted small">Per page</span>
            <select
              value={String(pagination.per_page)}
              onChange={(event) =>
                setQuery({ limit: event.target.value, page: null, ...(cursorMode ? { cursor: '' } : {}) })
              }
            >
              {[20, 50, 100].map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        </nav>
      ) : null}

      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete ${selected.size} order${selected.size === 1 ? '' : 's'}?`}
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => void bulkDelete()}
          onCancel={() => setConfirmDelete(false)}
        >
          Deleted orders disappear from lists and exports; their history is kept.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
