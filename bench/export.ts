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
import { parseArgs } from 'node:util';
import { MANIFEST, type Manifest } from './manifest.js';
import { startService } from './service-process.js';

const { values: args } = parseArgs({ options: { formats: { type: 'string', default: 'csv,jsonl,xlsx' } } });

/** A /proc/<pid>/status figure in MB. */
function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return kb / 1024;
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
    await (await fetch(`${url}/api/v1/orders?limit=1`, { headers })).text();
    console.log(`organization ${largest.organizationId}: ${largest.orders.toLocaleString('en')} orders`);
    console.log('| format | rows | seconds | rows/s | MB | server RSS before (MB) | peak RSS growth (MB) |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const format of (args.formats as string).split(',')) {
      const rssBefore = memoryMb(pid, 'VmRSS');
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      const started = performance.now();
      const response = await fetch(`${url}/api/v1/orders/export?format=${format}`, { headers });
      if (!response.ok || !response.body) {
        throw new Error(`export ${format}: ${response.status} ${await response.text()}`);
      }
      let bytes = 0;
      let lines = 0;
      for await (const chunk of response.body) {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
          lines += 1;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      // csv has a header line; xlsx is zipped, so its rows are the organization's orders.
      const rows = format === 'jsonl' ? lines : format === 'csv' ? lines - 1 : largest.orders;
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
