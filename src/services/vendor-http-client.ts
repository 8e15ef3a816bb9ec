/**
 * @module Outbound calls to vendor APIs for the sync engine: node:http(s) with keep-alive, a deadline per
 * request, and the webhook SSRF guard on every connection (a base URL, or a name it resolves to, must be
 * a public address unless the operator allows private ones). Bodies are parsed losslessly. Request
 * headers (credentials) are never logged or kept.
 */
import http from 'node:http';
import https from 'node:https';
import type { VendorRequest, VendorResponse } from '../integrations/paging-adapter.js';
import { parseVendorJson } from '../integrations/vendor-json.js';
import { checkLiteralHost, guardedLookup, type TargetPolicy } from '../webhooks/target-guard.js';

/** No answer came: refused target, connection error, reset or deadline. Worth retrying (except refusals). */
export class VendorTransportError extends Error {
  constructor(
    message: string,
    readonly refused = false,
  ) {
    super(message);
  }
}

/** Vendor answers larger than this are cut off as an error: a page of 1,000 orders is a few MB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface VendorHttpClient {
  send(baseUrl: string, request: VendorRequest, headers: Record<string, string>): Promise<VendorResponse>;
  close(): void;
}

/** The request's full URL: its path under the base URL's path, or its own absolute URL. */
export function vendorUrl(baseUrl: string, request: VendorRequest): URL {
  const url = /^https?:\/\//.test(request.path)
    ? new URL(request.path)
    : new URL(`${baseUrl.replace(/\/+$/, '')}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    url.searchParams.set(name, value);
  }
  return url;
}

export function createVendorHttpClient(options: TargetPolicy & { timeoutMs: number }): VendorHttpClient {
  const agentOptions = { keepAlive: true, maxSockets: 8, lookup: guardedLookup(options) };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  function send(
    baseUrl: string,
    request: VendorRequest,
    headers: Record<string, string>,
  ): Promise<VendorResponse> {
    return new Promise<VendorResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = vendorUrl(baseUrl, request);
        if (url.protocol !== 'https:' && !(options.allowPrivateTargets && url.protocol === 'http:')) {
          throw new Error(`${url.protocol} is not allowed (https only)`);
        }
        checkLiteralHost(url, options);
      } catch (error) {
        reject(new VendorTransportError(`refused: ${(error as Error).message}`, true));
        return;
      }
      const body = request.form ? new URLSearchParams(request.form).toString() : undefined;
      const transport = url.protocol === 'https:' ? https : http;
      const outgoing = transport.request(url, {
        method: request.method,
        agent: agents[url.protocol as keyof typeof agents],
        headers: {
          accept: 'application/json',
          'user-agent': 'Linkit-Sync/1.0',
          ...(body === undefined
            ? {}
            : {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
              }),
          ...request.headers,
          ...headers,
        },
      });
      const deadline = setTimeout(
        () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            outgoing.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(deadline);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = text === '' ? null : parseVendorJson(text);
          } catch {
            parsed = null; // not JSON: the adapter will say the shape is wrong
          }
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) {
              responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
            }
          }
          resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: parsed });
        });
        response.on('error', (error) => {
          clearTimeout(deadline);
          reject(new VendorTransportError(error.message));
        });
      });
      outgoing.on('error', (error) => {
        clearTimeout(deadline);
        const refused = /public address|does not resolve/.test(error.message);
        reject(new VendorTransportError(refused ? `refused: ${error.message}` : error.message, refused));
      });
      outgoing.end(body);
    });
  }

  return {
    send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
