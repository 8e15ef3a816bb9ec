/** Runs the real service and CLI as child processes against a database of their own. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { newDataDir } from './data-dir.js';

export interface FreshDatabase {
  /** Environment selecting this database, as the service reads it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** An empty database: a new PGlite dir, or a new database on the TEST_DATABASE_URL server. */
export async function freshDatabase(): Promise<FreshDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = newDataDir('proc-');
    return {
      env: { DATA_DIR: dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `linkit_t_${process.pid}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function runCli(env: Record<string, string>, args: string[]) {
  // `node --import tsx`, not the tsx CLI: one process instead of two, a third less time per command.
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', ...args],
    {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    },
  );
  return { stdout, stderr };
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
  /** Sends a signal (SIGKILL for a crash) and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `src/server.ts` on a free port and waits for its "listening" line. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  // `node --import tsx` rather than the tsx CLI: one process, so a SIGKILL reaches the server itself.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server behind a failed test.
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, 180_000);
    const check = () => {
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1] && output.includes('\n', output.indexOf(match[1]))) {
        clearTimeout(timer);
        // Give the rest of the banner a moment to arrive.
        setTimeout(() => resolve(match[1] as string), 100);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { url, output: () => output, stop: () => kill('SIGTERM'), kill };
}
