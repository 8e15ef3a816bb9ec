/**
 * @module Saved views: named filter sets shown as tabs with their counts. Five built-in views a
 * merchant works from, plus the merchant's own, kept in this browser per organization
 * (docs/decisions/0243-saved-views.md). A view is only a filter query: opening one is a URL.
 */
import { type MessageKey, t } from '../i18n';
import { type FilterName, filterQuery } from './filters';

export interface SavedView {
  id: string;
  /** Built-in views are translated; a merchant's own view keeps the name they typed. */
  name: string;
  filters: Partial<Record<FilterName, string>>;
  builtIn: boolean;
}

const BUILT_IN: { id: string; name: MessageKey; filters: Partial<Record<FilterName, string>> }[] = [
  { id: 'to-confirm', name: 'To confirm', filters: { status: 'pending' } },
  {
    id: 'to-ship',
    name: 'To ship',
    filters: {
      status: 'pending,confirmed,preparing,ready',
      payment_status: 'paid',
      fulfillment_status: 'unfulfilled,processing,partially_fulfilled',
    },
  },
  {
    id: 'cash-to-collect',
    name: 'Cash to collect',
    filters: { payment_method: 'cod,cash_on_delivery,cash', payment_status: 'pending' },
  },
  { id: 'failed-payments', name: 'Failed payments', filters: { payment_status: 'failed' } },
  { id: 'returns', name: 'Returns', filters: { status: 'returned' } },
];

export function builtInViews(): SavedView[] {
  return BUILT_IN.map((view) => ({ ...view, name: t(view.name), builtIn: true }));
}

const storageKey = (organizationId: string) => `linkit.views.${organizationId}`;

export function loadOwnViews(organizationId: string): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(organizationId)) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) {
      return [];
    }
    return parsed
      .filter(
        (view): view is SavedView =>
          typeof view?.id === 'string' && typeof view?.name === 'string' && typeof view?.filters === 'object',
      )
      .map((view) => ({ ...view, builtIn: false }));
  } catch {
    return [];
  }
}

export function saveOwnViews(organizationId: string, views: SavedView[]): void {
  localStorage.setItem(storageKey(organizationId), JSON.stringify(views.filter((view) => !view.builtIn)));
}

export function viewQuery(view: SavedView): URLSearchParams {
  return filterQuery(new URLSearchParams(view.filters as Record<string, string>));
}

/** The view whose filters are exactly the URL's (so its tab shows as current), if any. */
export function matchingView(views: SavedView[], query: URLSearchParams): SavedView | undefined {
  const current = filterQuery(query).toString();
  return views.find((view) => viewQuery(view).toString() === current);
}

export function newViewFromQuery(name: string, query: URLSearchParams): SavedView {
  return {
    id: `own-${Date.now().toString(36)}`,
    name,
    filters: Object.fromEntries(filterQuery(query)) as Partial<Record<FilterName, string>>,
    builtIn: false,
  };
}
