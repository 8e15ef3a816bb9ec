/** @module Reads one API resource for a component: its `data`, a readable error, and a reload. */
import { useCallback, useEffect, useState } from 'react';
import { apiJson, describeError } from './api';
import { useSession } from './session';

export interface ApiData<T> {
  /** null until the first answer arrives. */
  data: T | null;
  error: string | null;
  reload: () => Promise<void>;
  setError: (message: string | null) => void;
}

/** GETs `path` (below /api/v1) now and whenever it or the session changes; keeps the body's `data`. */
export function useApiData<T>(path: string): ApiData<T> {
  const { session } = useSession();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData((await apiJson<{ data: T }>(session, path)).data);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [session, path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, setError };
}
