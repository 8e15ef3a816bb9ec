/** @module `linkit --url … --key …`: the CLI's commands through a running service's HTTP API. */
import { CliError, exitCodeForStatus, usageError } from './cli-error.js';

export interface ServiceConnection {
  url: string;
  key: string;
  /** Sent as `X-Organization-ID`: act in another organization of the key's account. */
  organizationId?: string | undefined;
}

interface ErrorBody {
  code?: number;
  error?: string;
  details?: Record<string, unknown>;
}

function describeError(status: number, body: ErrorBody | undefined, text: string): string {
  if (!body?.error) {
    return `the service answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  }
  const details = Object.entries(body.details ?? {}).map(
    ([field, problem]) => `${field}: ${String(problem)}`,
  );
  return details.length > 0 ? `${body.error} (${details.join('; ')})` : body.error;
}

/** Calls the service and returns the body's `data`; an error answer becomes a CliError with its exit code. */
export async function callService<T>(
  connection: ServiceConnection,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let base: URL;
  try {
    base = new URL(connection.url);
  } catch {
    throw usageError(`--url ${connection.url} is not a URL`);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${connection.key}` };
  if (connection.organizationId) {
    headers['x-organization-id'] = connection.organizationId;
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(new URL(path, base), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = (
      error as { cause?: { code?: string; errors?: Array<{ code?: string }>; message?: string } }
    ).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(`cannot reach the service at ${connection.url} (${reason})`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    throw new CliError(
      describeError(response.status, parsed as ErrorBody, text),
      exitCodeForStatus(response.status),
    );
  }
  return (parsed as { data: T }).data;
}
