import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));
const apiPort = process.env.PORT ?? '3000';

export default defineConfig({
  root: webDir,
  // Vite's own esbuild compiles TSX; the automatic runtime means no `import React` in every file.
  esbuild: { jsx: 'automatic' },
  build: { outDir: process.env.WEB_OUT_DIR ?? 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    // The page imports the status workflow from src/domain (one source for the allowed transitions).
    fs: { allow: [repoDir] },
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
  logLevel: process.env.VITE_LOG_LEVEL === 'silent' ? 'silent' : 'info',
});
