/**
 * @module A typed client of the Linkit Orders API: openapi-fetch over the types openapi-typescript
 * generates from the committed `openapi.json` (`npm run client:generate`). Every path, parameter,
 * header, body and answer is checked by the compiler against the document.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths, webhooks } from './schema.js';

export type { components, operations, paths, webhooks };
export type UnifiedOrderPayload = components['schemas']['UnifiedOrderPayload'];
export type OrderCreateBody = components['schemas']['OrderCreateBody'];
export type OrderSnapshot = components['schemas']['OrderSnapshot'];
export type OrdersListed = components['schemas']['OrdersListed'];
export type OrderEvent = components['schemas']['OrderEvent'];
export type ApiError = components['schemas']['Error'];

export interface LinkitClientOptions {
  /** The service, e.g. `http://127.0.0.1:3000` (paths start with `/api/v1`). */
  baseUrl: string;
  apiKey: string;
  /** Act in another organization of the key's account (`X-Organization-ID`). */
  organizationId?: string;
  fetch?: typeof fetch;
}

export type LinkitClient = Client<paths>;

export function createLinkitClient(options: LinkitClientOptions): LinkitClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      ...(options.organizationId ? { 'x-organization-id': options.organizationId } : {}),
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
