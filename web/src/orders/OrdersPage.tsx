/** @module The orders list: saved views, filters, the table, bulk actions, export and paging, each its own piece. */
import { useState } from 'react';
import { describeError } from '../api';
import { BulkResultPanel, EmptyState, ErrorBanner, Link, Loading, Notice } from '../components/ui';
import { formatDateTime, formatNumber } from '../format';
import { t } from '../i18n';
import { navigate } from '../router';
import { useInstalls } from '../sources';
import type { BulkResult } from '../types';
import { BulkBar } from './BulkBar';
import { ExportControl } from './ExportControl';
import { OrderFilters } from './OrderFilters';
import { OrdersTable } from './OrdersTable';
import { SavedViews } from './SavedViews';
import { ShipDialog, type ShipOutcome } from './ShipDialog';
import { type OrdersList, useOrdersList } from './use-orders-list';

function Pager({ state }: { state: OrdersList }) {
  const pagination = state.list.data?.pagination;
  if (!pagination || state.orders.length === 0) {
    return null;
  }
  return (
    <nav className="pager" aria-label={t('Pages')}>
      <div className="pager-buttons">
        <button
          type="button"
          className="button"
          disabled={!pagination.has_prev}
          onClick={() => state.setQuery({ page: String(pagination.page - 1) })}
        >
          {t('Previous')}
        </button>
        <span className="muted" data-testid="page-indicator">
          {t('Page {page} of {pages}', { page: pagination.page, pages: Math.max(pagination.total_pages, 1) })}
        </span>
        <button
          type="button"
          className="button"
          disabled={!pagination.has_next}
          onClick={() => state.setQuery({ page: String(pagination.page + 1) })}
        >
          {t('Next')}
        </button>
      </div>
      <label className="per-page">
        <span className="muted small">{t('Per page')}</span>
        <select
          value={String(pagination.per_page)}
          onChange={(event) => state.setQuery({ limit: event.target.value })}
        >
          {[20, 50, 100].map((size) => (
            <option key={size} value={size}>
              {formatNumber(size)}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}

function ShipResults({ outcomes, onClose }: { outcomes: ShipOutcome[]; onClose: () => void }) {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  return (
    <section
      className={`bulk-result ${failed.length > 0 ? 'has-failures' : ''}`}
      aria-label={t('Shipping result')}
    >
      <div className="bulk-result-head">
        <strong>{t('Mark as shipped')}:</strong>
        <span className="count-ok" data-testid="ship-succeeded">
          {t('{count} shipped', { count: outcomes.length - failed.length })}
        </span>
        <span className="count-failed" data-testid="ship-failed">
          {t('{count} failed', { count: failed.length })}
        </span>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('Dismiss')}
        </button>
      </div>
      {failed.length > 0 ? (
        <ul className="bulk-errors">
          {failed.map((outcome) => (
            <li key={outcome.line}>
              {t('line {line}: {reason}', {
                line: outcome.line,
                reason: `${outcome.reference} ${outcome.message}`.trim(),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function OrdersPage() {
  const state = useOrdersList();
  const { installs } = useInstalls();
  const { list, orders, query, filtered } = state;
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [bulkResult, setBulkResult] = useState<{ action: string; result: BulkResult } | null>(null);
  const [shipping, setShipping] = useState<string[] | null>(null);
  const [shipOutcomes, setShipOutcomes] = useState<ShipOutcome[] | null>(null);
  /** Bumped after every write from this page, so the views' counts are taken again. */
  const [version, setVersion] = useState(0);
  const pagination = list.data?.pagination;
  const error = actionError ?? (list.error ? describeError(list.error) : null);

  const afterWrite = async () => {
    state.setSelected(new Set());
    await list.reload({ quiet: true });
    setVersion(version + 1);
  };

  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>{t('Orders')}</h1>
          <p className="muted" data-testid="total-count">
            {pagination
              ? filtered
                ? t('{count} orders match', { count: pagination.total_items })
                : pagination.total_items === 1
                  ? t('1 order')
                  : t('{count} orders', { count: pagination.total_items })
              : '\u00a0'}
          </p>
        </div>
        <div className="page-actions">
          <label className="toggle">
            <input
              type="checkbox"
              checked={state.live}
              onChange={(event) => state.setLive(event.target.checked)}
            />
            <span>{t('Live refresh')}</span>
          </label>
          <ExportControl query={query} onDone={setNotice} onError={setActionError} />
          <button type="button" className="button" onClick={() => setShipping([])}>
            {t('Ship from CSV')}
          </button>
          <Link to="/orders/new" className="button button-primary">
            {t('New order')}
          </Link>
        </div>
      </div>

      <SavedViews query={query} version={version} />
      <OrderFilters query={query} />

      {state.live && state.lastRefresh ? (
        <p className="muted small" data-testid="live-status">
          {t('Live: checked {time}', { time: formatDateTime(state.lastRefresh) })}
        </p>
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? (
        <ErrorBanner
          message={error}
          onRetry={() => {
            setActionError(null);
            void list.reload();
          }}
        />
      ) : null}
      {bulkResult ? (
        <BulkResultPanel
          action={bulkResult.action}
          result={bulkResult.result}
          onClose={() => setBulkResult(null)}
        />
      ) : null}
      {shipOutcomes ? <ShipResults outcomes={shipOutcomes} onClose={() => setShipOutcomes(null)} /> : null}

      {state.selected.size > 0 ? (
        <BulkBar
          selected={state.selected}
          orders={orders}
          onClear={() => state.setSelected(new Set())}
          onResult={(action, result) => {
            setBulkResult({ action, result });
            void afterWrite();
          }}
          onError={setActionError}
          onShip={setShipping}
        />
      ) : null}

      <div className="card table-card">
        {list.loading && !list.data ? (
          <Loading label={t('Loading orders…')} />
        ) : !list.data ? (
          <EmptyState title={t('No orders to show')}>
            {t('The list could not be loaded: see the message above.')}
          </EmptyState>
        ) : orders.length === 0 ? (
          filtered ? (
            <EmptyState title={t('No orders match these filters')}>
              <button type="button" className="button" onClick={() => navigate('/orders')}>
                {t('Clear filters')}
              </button>
            </EmptyState>
          ) : (
            <EmptyState title={t('No orders yet')}>
              {t('Orders from your stores, the API and this page appear here.')}{' '}
              <Link to="/orders/new">{t('Create one')}</Link>
            </EmptyState>
          )
        ) : (
          <OrdersTable
            orders={orders}
            installs={installs}
            sort={state.sort}
            onSort={(sort) => state.setQuery({ sort })}
            selected={state.selected}
            onToggle={state.toggle}
            onSelectAll={(ids) => state.setSelected(new Set(ids ?? []))}
            loading={list.loading}
          />
        )}
      </div>

      <Pager state={state} />

      {shipping ? (
        <ShipDialog
          references={shipping}
          onCancel={() => setShipping(null)}
          onDone={(outcomes) => {
            setShipping(null);
            setShipOutcomes(outcomes);
            void afterWrite();
          }}
        />
      ) : null}
    </div>
  );
}
