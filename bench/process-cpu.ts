/**
 * @module CPU time of the service and of the PostgreSQL server it writes to, read from /proc. Throughput
 * on a machine shared with other work is noisy; CPU spent per unit of work is what the code controls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU of one process in milliseconds (0 when it is gone or not on this machine). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesized command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * A function returning the CPU milliseconds used so far by every process of the PostgreSQL server
 * (backends, WAL writer, checkpointer, autovacuum): found from a backend's parent, the postmaster.
 * Undefined when the server is not a local process (no CPU figures then).
 */
export async function postgresCpuMeter(databaseUrl: string): Promise<(() => number) | undefined> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const postmaster = row ? parentOf(row.pid) : undefined;
    if (
      postmaster === undefined ||
      !readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes('postgres')
    ) {
      return undefined;
    }
    // Exited children (e.g. finished autovacuum workers) are counted in the postmaster's cumulative
    // child time (cutime/cstime), so it is read too.
    return () => {
      let total = processCpuMs(postmaster) + childrenCpuMs(postmaster);
      for (const entry of readdirSync('/proc')) {
        const pid = Number(entry);
        if (Number.isInteger(pid) && parentOf(pid) === postmaster) {
          total += processCpuMs(pid);
        }
      }
      return total;
    };
  } catch {
    return undefined;
  } finally {
    await client.end({ timeout: 1 });
  }
}

/** CPU of a process's waited-for children (cutime + cstime) in milliseconds. */
function childrenCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
