/** @module The dashboard's only way to the service: the session's key and organization on every call. */

const KEY_STORAGE = 'linkit.apiKey';
const ORG_STORAGE = 'linkit.organizationId';

export interface Session {
  key: string;
  /** The organization to act in; null = the key's own. Sent as `X-Organization-ID`. */
  organizationId: string | null;
}

export function loadSession(): Session | null {
  const key = sessionStorage.getItem(KEY_STORAGE);
  return key ? { key, organizationId: sessionStorage.getItem(ORG_STORAGE) } : null;
}

export function saveSession(session: Session | null): void {
  if (!session) {
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.removeItem(ORG_STORAGE);
    return;
  }
  sessionStorage.setItem(KEY_STORAGE, session.key);
  if (session.organizationId) {
    sessionStorage.setItem(ORG_STORAGE, session.organizationId);
  } else {
    sessionStorage.removeItem(ORG_STORAGE);
  }
}

/** The contract's error shape, `{code, error, details}`, as thrown by every failed call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** `details` as field → text, for showing next to form fields. */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.details).map(([field, value]) => [field, detailText(value)]),
    );
  }
}

/** A detail value in words: lists joined, objects as "key: value", never JSON on a merchant's screen. */
function detailText(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.map(detailText).join(', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([key, inner]) => `${key.replace(/_/g, ' ')}: ${detailText(inner)}`)
      .join('; ');
  }
  return String(value);
}

export function authHeaders(session: Session): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${session.key}` };
  if (session.organizationId) {
    headers['x-organization-id'] = session.organizationId;
  }
  return headers;
}

export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: string; details?: Record<string, unknown> };
    return new ApiError(response.status, body.error ?? response.statusText, body.details ?? {});
  } catch {
    return new ApiError(response.status, text || response.statusText || 'Request failed');
  }
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Raw call: the caller handles the status (304s, downloads, ETags). */
export async function apiFetch(session: Session, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = { ...authHeaders(session), ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(`/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'The service cannot be reached. Check your connection and try again.');
  }
}

/** JSON call: resolves with the parsed body of a 2xx, rejects with an ApiError otherwise. */
export async function apiJson<T>(session: Session, path: string, options: CallOptions = {}): Promise<T> {
  const response = await apiFetch(session, path, options);
  if (!response.ok) {
    throw await toApiError(response);
  }
  return (await response.json()) as T;
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = Object.entries(error.details)
      .map(([field, value]) => `${field}: ${detailText(value)}`)
      .join('; ');
    return details ? `${error.message} — ${details}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
