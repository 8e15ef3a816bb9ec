/**
 * @module `linkit sync <install id> [--from DATE] --url <service> --key <api key>`: asks the running
 * service for a sync run (a backfill with --from) and follows it with a progress bar on stderr until
 * it ends; prints the final sync state as JSON. Exit status 1 when the run failed.
 */
import { CliError, EXIT, exitCodeForStatus, usageError } from './cli/cli-error.js';

interface RunView {
  pages: number;
  orders_fetched: number;
  orders_promoted: number;
  orders_failed: number;
  estimated_total: number | null;
  phase: string;
}

/** One progress line: a bar when the vendor gave a total, else counts only. */
export function progressLine(state: string, run: RunView | null, width = 30): string {
  if (run === null) {
    return state;
  }
  const counts = `${run.orders_fetched.toLocaleString('en')} read · ${run.orders_promoted.toLocaleString('en')} promoted · ${run.orders_failed} failed · ${run.pages} pages`;
  if (run.estimated_total === null || run.estimated_total === 0) {
    return `${state} ${run.phase} ${counts}`;
  }
  const share = Math.min(1, run.orders_fetched / run.estimated_total);
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  return `${bar} ${Math.floor(share * 100)}% of ${run.estimated_total.toLocaleString('en')} · ${counts} · ${state}`;
}

export async function runSync(
  installId: string | undefined,
  flags: { url?: string | undefined; key?: string | undefined; from?: string | undefined },
  out: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  if (!installId) {
    throw usageError('sync needs an install id (app_…)');
  }
  if (!flags.url || !flags.key) {
    throw usageError('sync needs --url <service url> and --key <api key with order:write>');
  }
  const endpoint = new URL(`/api/v1/apps/${encodeURIComponent(installId)}/sync`, flags.url);
  const headers = { authorization: `Bearer ${flags.key}`, 'content-type': 'application/json' };
  const read = async (response: Response) => {
    // biome-ignore lint/suspicious/noExplicitAny: the sync state as the API returns it (decision 0141)
    const body = (await response.json()) as { data?: any; error?: string; details?: unknown };
    if (!response.ok) {
      throw new CliError(
        `${response.status} ${body.error ?? ''} ${JSON.stringify(body.details ?? {})}`,
        exitCodeForStatus(response.status),
      );
    }
    return body.data;
  };
  const before = await read(await fetch(endpoint, { headers }));
  await read(
    await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(flags.from ? { from: flags.from } : {}),
    }),
  );
  let last = '';
  for (;;) {
    const state = await read(await fetch(endpoint, { headers }));
    const line = progressLine(state.state, state.run);
    if (out.isTTY && line !== last) {
      out.write(`\r${line}\u001b[K`);
      last = line;
    }
    const finished =
      state.requested === null &&
      state.run === null &&
      (state.last_success_at !== before.last_success_at || state.last_error_at !== before.last_error_at);
    if (finished) {
      if (out.isTTY) {
        out.write('\n');
      }
      process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
      return state.state === 'failing' ? EXIT.failure : EXIT.ok;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
