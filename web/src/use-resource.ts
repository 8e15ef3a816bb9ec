/**
 * @module The dashboard's one data layer: every page reads the API through `useResource`. A GET is sent
 * with the ETag of the last answer to the same path (`If-None-Match`), so a revisit, a reload after a
 * write that changed nothing, or a live poll costs a 304 and no body. Writes go through `apiJson` and
 * then `reload()` the resources they change. docs/decisions/0240-dashboard-data-layer.md.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiFetch, type Session, toApiError } from './api';
import { useSession } from './session';

interface Cached {
  etag: string;
  body: unknown;
}

/** Last ETag and body per session and path; small (one entry per page visited) and per tab. */
const cache = new Map<string, Cached>();
const MAX_CACHED = 200;

const cacheKey = (session: Session, path: string) => `${session.key}|${session.organizationId ?? ''}|${path}`;

export interface Resource<T> {
  /** The parsed body of the last 2xx answer; null until one arrives (or after a failure). */
  data: T | null;
  /** The answer's ETag, for `If-Match` on a following write. */
  etag: string | null;
  error: ApiError | null;
  /** When the last answer (a 200 or a 304) arrived, as an ISO time; null before the first. */
  checkedAt: string | null;
  loading: boolean;
  /** Fetch again (conditionally); `quiet` keeps what is on screen while it runs and on failure. */
  reload: (options?: { quiet?: boolean }) => Promise<void>;
}

/** GET an API path (below /api/v1), conditionally; null = nothing to read yet. */
export async function getConditional<T>(
  session: Session,
  path: string,
): Promise<{ body: T; etag: string | null }> {
  const key = cacheKey(session, path);
  const cached = cache.get(key);
  const response = await apiFetch(session, path, {
    headers: cached ? { 'if-none-match': cached.etag } : {},
  });
  if (response.status === 304 && cached) {
    return { body: cached.body as T, etag: cached.etag };
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  const body = (await response.json()) as T;
  const etag = response.headers.get('etag');
  if (etag) {
    if (cache.size >= MAX_CACHED) {
      cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, { etag, body });
  } else {
    cache.delete(key);
  }
  return { body, etag };
}

export function useResource<T>(path: string | null, options: { pollMs?: number } = {}): Resource<T> {
  const { session } = useSession();
  const [state, setState] = useState<{
    data: T | null;
    etag: string | null;
    error: ApiError | null;
    checkedAt: string | null;
  }>({ data: null, etag: null, error: null, checkedAt: null });
  const [loading, setLoading] = useState(path !== null);
  // Answers to an older path (a filter changed mid-flight) must not overwrite the newer one.
  const generation = useRef(0);

  const reload = useCallback(
    async ({ quiet = false }: { quiet?: boolean } = {}) => {
      if (path === null) {
        return;
      }
      const mine = ++generation.current;
      if (!quiet) {
        setLoading(true);
      }
      try {
        const { body, etag } = await getConditional<T>(session, path);
        if (mine === generation.current) {
          setState({ data: body, etag, error: null, checkedAt: new Date().toISOString() });
        }
      } catch (failure) {
        if (mine !== generation.current || (failure as Error).name === 'AbortError') {
          return;
        }
        const error = failure instanceof ApiError ? failure : new ApiError(0, String(failure));
        // A refused filter (422) must not leave the previous answer on screen as if it were this one.
        setState((previous) =>
          quiet ? { ...previous, error } : { ...previous, data: null, etag: null, error },
        );
      } finally {
        if (mine === generation.current) {
          setLoading(false);
        }
      }
    },
    [session, path],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  const pollMs = options.pollMs;
  useEffect(() => {
    if (!pollMs || path === null) {
      return;
    }
    const timer = setInterval(() => void reload({ quiet: true }), pollMs);
    return () => clearInterval(timer);
  }, [pollMs, path, reload]);

  return { ...state, loading, reload };
}
