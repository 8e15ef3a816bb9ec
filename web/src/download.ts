/** @module Saving an authenticated download: fetch with the key, then hand the browser a blob. */
import { apiFetch, type Session, toApiError } from './api';

function fileName(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallback;
}

export async function downloadFile(session: Session, path: string, fallbackName: string): Promise<string> {
  const response = await apiFetch(session, path);
  if (!response.ok) {
    throw await toApiError(response);
  }
  const blob = await response.blob();
  const name = fileName(response, fallbackName);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Give the browser time to start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
