/**
 * @module Serves the merchant dashboard (the Vite build of `web/`) at `/`. Client-side routes such as
 * `/orders/r123` have no file, so a page GET that matches nothing gets `index.html`; `/api/**`,
 * `/docs` and missing asset files keep the JSON 404. See docs/decisions/0080-dashboard-serving.md.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** `web/dist` next to `src/` or `dist/`: the same path from the TypeScript sources and the build. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Paths that belong to the service, never to the page. */
const SERVICE_PATH = /^\/(api|docs|metrics)(\/|$)|^\/(healthz|readyz)$/;
/** The last path segment has an extension: a file, so a miss is a real 404, not a page route. */
const FILE_PATH = /\/[^/]*\.[A-Za-z0-9]+$/;

/**
 * A browser navigating asks for `text/html` by name; a client that sends `*\/*` or nothing (curl, a
 * monitoring agent, a typed client) gets the JSON 404 it can read (docs/decisions/0122).
 */
function acceptsHtml(request: FastifyRequest): boolean {
  return /(^|[\s,])text\/html(\s*[;,]|\s*$)/i.test(request.headers.accept ?? '');
}

function isPageRoute(request: FastifyRequest): boolean {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !acceptsHtml(request)) {
    return false;
  }
  const path = request.url.split('?')[0] ?? '/';
  return !SERVICE_PATH.test(path) && !FILE_PATH.test(path);
}

/**
 * Registers the static files when a build exists and returns the not-found fallback that serves the
 * page; undefined when there is no build (an API-only deployment, or tests that never open a page).
 */
export async function registerWebApp(
  app: FastifyInstance,
  root: string,
): Promise<((request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined) | undefined> {
  if (!existsSync(join(root, 'index.html'))) {
    app.log.info({ root }, 'no dashboard build found; serving the API only');
    return undefined;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Our own cache-control below; `send` would otherwise overwrite it with `max-age=0`.
    cacheControl: false,
    setHeaders(response, path) {
      // Vite names assets by content hash, so they never change; the page itself must be revalidated
      // or a deploy would keep serving the old script names.
      response.setHeader(
        'cache-control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (request, reply) => (isPageRoute(request) ? reply.sendFile('index.html') : undefined);
}
