/** @module Saved views as tabs with live counts; the merchant saves the current filters as a view of their own. */
import { type FormEvent, useEffect, useState } from 'react';
import { formatNumber } from '../format';
import { t } from '../i18n';
import { navigate, withQuery } from '../router';
import { useSession } from '../session';
import type { OrdersListed } from '../types';
import { useResource } from '../use-resource';
import { activeFilterCount } from './filters';
import {
  builtInViews,
  loadOwnViews,
  matchingView,
  newViewFromQuery,
  type SavedView,
  saveOwnViews,
  viewQuery,
} from './views';

/** The number of orders a view holds: the list's own total, from a one-row page (conditional GET). */
function ViewCount({ view, version }: { view: SavedView | null; version: number }) {
  const query = view ? viewQuery(view) : new URLSearchParams();
  query.set('limit', '1');
  const { data, reload } = useResource<OrdersListed>(`/orders?${query.toString()}`);
  // The page changed orders (bulk, live refresh): count again (a 304 when this view did not change).
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the trigger
  useEffect(() => {
    if (version > 0) {
      void reload({ quiet: true });
    }
  }, [version]);
  return (
    <span className="view-count" data-testid="view-count">
      {data ? formatNumber(data.pagination.total_items) : '…'}
    </span>
  );
}

export function SavedViews({ query, version }: { query: URLSearchParams; version: number }) {
  const { me } = useSession();
  const organizationId = me.organization.id;
  const [own, setOwn] = useState(() => loadOwnViews(organizationId));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const views = [...builtInViews(), ...own];
  const current = matchingView(views, query);
  const filtered = activeFilterCount(query) > 0;
  const open = (view: SavedView | null) => {
    const next = view ? viewQuery(view) : new URLSearchParams();
    const sort = query.get('sort');
    if (sort) {
      next.set('sort', sort);
    }
    navigate(withQuery('/orders', next));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      return;
    }
    const next = [...own, newViewFromQuery(name.trim(), query)];
    saveOwnViews(organizationId, next);
    setOwn(next);
    setNaming(false);
    setName('');
  };
  const remove = (view: SavedView) => {
    const next = own.filter((candidate) => candidate.id !== view.id);
    saveOwnViews(organizationId, next);
    setOwn(next);
  };

  return (
    <nav className="views" aria-label={t('Saved views')}>
      <div className="views-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={!filtered}
          className={`view-tab ${!filtered ? 'active' : ''}`}
          onClick={() => open(null)}
        >
          <span>{t('All orders')}</span> <ViewCount view={null} version={version} />
        </button>
        {views.map((view) => (
          <span key={view.id} className={`view-tab-wrap ${current?.id === view.id ? 'active' : ''}`}>
            <button
              type="button"
              role="tab"
              aria-selected={current?.id === view.id}
              className={`view-tab ${current?.id === view.id ? 'active' : ''}`}
              data-view={view.id}
              onClick={() => open(view)}
            >
              <span dir="auto">{view.name}</span> <ViewCount view={view} version={version} />
            </button>
            {view.builtIn ? null : (
              <button
                type="button"
                className="view-remove"
                aria-label={t('Remove view {name}', { name: view.name })}
                onClick={() => remove(view)}
              >
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      {filtered && !current ? (
        naming ? (
          <form className="view-save" onSubmit={save}>
            <input
              aria-label={t('View name')}
              placeholder={t('View name')}
              dir="auto"
              value={name}
              onChange={(event) => setName(event.target.value)}
              // biome-ignore lint/a11y/noAutofocus: the merchant just asked to name the view
              autoFocus
            />
            <button type="submit" className="button button-small button-primary" disabled={!name.trim()}>
              {t('Save view')}
            </button>
            <button
              type="button"
              className="button button-small button-link"
              onClick={() => setNaming(false)}
            >
              {t('Cancel')}
            </button>
          </form>
        ) : (
          <button type="button" className="button button-small" onClick={() => setNaming(true)}>
            {t('Save these filters as a view')}
          </button>
        )
      ) : null}
    </nav>
  );
}
