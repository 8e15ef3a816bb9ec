/**
 * `npm run dev`: the API (tsx watch, restarts on change) and the dashboard (Vite dev server with hot
 * reload, proxying /api to the API) in one terminal. Ctrl-C stops both; if one dies, so does the other.
 */
import { spawn } from 'node:child_process';

const children = ['dev:api', 'dev:web'].map((script) =>
  spawn('npm', ['run', '--silent', script], { stdio: 'inherit', env: process.env }),
);

let stopping = false;
function stopAll(code) {
  if (stopping) {
    return;
  }
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
    }
  }
  process.exitCode = code;
}

for (const child of children) {
  child.on('exit', (code) => stopAll(code ?? 0));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
