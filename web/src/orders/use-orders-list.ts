/** @module The orders list's state: the URL's query → the API's answer (conditional, optionally live) and the row selection. */
import { useEffect, useState } from 'react';
import { navigate, useUrl, withQuery } from '../router';
import type { OrdersListed } from '../types';
import { useResource } from '../use-resource';
import { activeFilterCount, listQuery } from './filters';

const LIVE_INTERVAL_MS = 5000;

export function useOrdersList() {
  const { query } = useUrl();
  const apiPath = withQuery('/orders', listQuery(query));
  const [live, setLive] = useState(false);
  const list = useResource<OrdersListed>(apiPath, { pollMs: live ? LIVE_INTERVAL_MS : undefined });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  // Another page of orders, other filters: what was selected is no longer on screen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new path only
  useEffect(() => setSelected(new Set()), [apiPath]);

  /** Change some URL parameters (null removes one); any change but a page change goes back to page 1. */
  const setQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === '') {
        next.delete(name);
      } else {
        next.set(name, value);
      }
    }
    if (!('page' in changes)) {
      next.delete('page');
    }
    navigate(withQuery('/orders', next));
  };

  const orders = list.data?.orders ?? [];
  return {
    query,
    sort: query.get('sort') ?? '-created',
    list,
    orders,
    filtered: activeFilterCount(query) > 0,
    live,
    setLive,
    lastRefresh: list.checkedAt,
    selected,
    setSelected,
    toggle(id: string) {
      const next = new Set(selected);
      if (next.has(id)) {
        next.delete(id);
      } else {
        next.add(id);
      }
      setSelected(next);
    },
    setQuery,
  };
}

export type OrdersList = ReturnType<typeof useOrdersList>;
