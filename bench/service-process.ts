/** @module The service under test as a child process (as in production), and autocannon as a promise. */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';

/**
 * Starts `src/server.ts` on the PostgreSQL of `databaseUrl` and resolves once it listens. Node runs the
 * server itself (`--import tsx`, no wrapper process), so the child's pid is the server's: signals and
 * /proc memory figures reach it.
 */
export async function startService(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_CPU_PROF=<dir>: the service writes a V8 CPU profile there when it stops (open it in Chrome
  // DevTools or summarize it with bench/cpu-profile-summary.ts).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
  return { url, child };
}

export function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
