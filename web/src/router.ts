/**
 * @module A dozen lines of routing on the History API: the URL is the state (filters, page, order id),
 * so links are shareable and the back button works, without a router dependency.
 */
import { useSyncExternalStore } from 'react';

const NAVIGATE_EVENT = 'linkit:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

/** The current path and query; re-renders on navigation and back/forward. */
export function useUrl(): { path: string; query: URLSearchParams } {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const parsed = new URL(url, window.location.origin);
  return { path: parsed.pathname, query: parsed.searchParams };
}

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (url === currentUrl()) {
    return;
  }
  if (options.replace) {
    window.history.replaceState(null, '', url);
  } else {
    window.history.pushState(null, '', url);
  }
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** `path?query` without an empty `?`. */
export function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
