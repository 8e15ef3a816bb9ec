/**
 * Export benchmark: streams every order of the largest organization of `bench:generate`'s data in each
 * format from a real service process, and reports rows/s and the server's peak RSS growth.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/export.ts [--formats csv,jsonl,xlsx]
 *
 * The service runs as its own process (`node --import tsx`, so the pid is the server's own); its peak
 * RSS is the kernel's high-water mark (VmHWM in /proc/<pid>/status), reset before each format through
 * /proc/<pid>/clear_refs, so each figure is that export's own peak.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { parseArgs } from 'node:util';
import { MANIFEST, type Manifest } from './manifest.js';
import { startService } from './service-process.js';

const { values: args } = parseArgs({
  options: {
    formats: { type: 'string', default: 'csv,jsonl,xlsx' },
    // Extra list filters for a smaller run, e.g. `--query from=2026-06-01T00:00:00Z`; rows are then counted.
    query: { type: 'string', default: '' },
  },
});

/** A /proc/<pid>/status figure in MB. */
function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return kb / 1024;
}

/**
 * Reads the whole body and counts its LF bytes, discarding the rest: node:http's plain 'data' events
 * cost the client (on the same cores as the server) far less than fetch's web streams.
 */
function download(url: string, headers: Record<string, string>): Promise<{ bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`${url}: ${response.statusCode}`));
        response.resume();
        return;
      }
      let bytes = 0;
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
          lines += 1;
        }
      });
      response.on('end', () => resolve({ bytes, lines }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('set DATABASE_URL to the PostgreSQL that bench:generate filled');
  }
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  const largest = [...manifest.organizations].sort((a, b) => b.orders - a.orders)[0];
  if (!largest) {
    throw new Error('the manifest lists no organization');
  }
  const { url, child } = await startService(databaseUrl);
  const pid = child.pid as number;
  try {
    const headers = { authorization: `Bearer ${largest.key}` };
    // A small list request first, so that the key cache and connections are warm for every format.
    // Its count is the number of orders the filters select (xlsx is zipped, so its rows can't be counted).
    const listed = (await (
      await fetch(`${url}/api/v1/orders?limit=1&${args.query}`, { headers })
    ).json()) as {
      pagination: { total_items: number };
    };
    const selected = listed.pagination.total_items;
    console.log(
      `organization ${largest.organizationId}: ${largest.orders.toLocaleString('en')} orders, ${selected.toLocaleString('en')} selected`,
    );
    console.log('| format | rows | seconds | rows/s | MB | server RSS before (MB) | peak RSS growth (MB) |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const format of (args.formats as string).split(',')) {
      const rssBefore = memoryMb(pid, 'VmRSS');
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      const started = performance.now();
      const { bytes, lines } = await download(
        `${url}/api/v1/orders/export?format=${format}&${args.query}`,
        headers,
      );
      const seconds = (performance.now() - started) / 1000;
      // csv has a header line; xlsx is zipped, so its rows are the organization's orders.
      const rows = format === 'jsonl' ? lines : format === 'csv' ? lines - 1 : selected;
      const peakGrowth = memoryMb(pid, 'VmHWM') - rssBefore;
      console.log(
        `| ${format} | ${rows.toLocaleString('en')} | ${seconds.toFixed(1)} | ${Math.round(rows / seconds).toLocaleString('en')} | ${(bytes / 1e6).toFixed(0)} | ${rssBefore.toFixed(0)} | ${peakGrowth.toFixed(0)} |`,
      );
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
