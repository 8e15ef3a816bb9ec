/**
 * @module One webhook POST over node:http(s), with a hard deadline, through the SSRF guard, reusing
 * connections to the same receiver. Never throws: the outcome is data for the delivery log.
 */
import http from 'node:http';
import https from 'node:https';
import { checkLiteralHost, guardedLookup, type TargetPolicy } from './target-guard.js';

export interface SendOutcome {
  /** The receiver's HTTP status, or null when none came (timeout, connection failure, refused target). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome>;
  close(): void;
}

/** Response bodies are drained and dropped; only a short excerpt is kept for the delivery log. */
const ERROR_EXCERPT_BYTES = 256;

export function createWebhookSender(options: TargetPolicy & { timeoutMs: number }): WebhookSender {
  const agentOptions = { keepAlive: true, maxSockets: 16, lookup: guardedLookup(options) };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  function send(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // Several events may report one failure; the first resolve wins, later ones are no-ops.
    return new Promise<SendOutcome>((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
        checkLiteralHost(target, options);
      } catch (error) {
        resolve({ statusCode: null, latencyMs: 0, error: (error as Error).message });
        return;
      }
      const transport = target.protocol === 'https:' ? https : http;
      const request = transport.request(target, {
        method: 'POST',
        agent: agents[target.protocol as keyof typeof agents],
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Linkit-Webhooks/1.0',
        },
      });
      const deadline = setTimeout(
        () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      request.on('response', (response) => {
        let excerpt = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (excerpt.length < ERROR_EXCERPT_BYTES) {
            excerpt += chunk.slice(0, ERROR_EXCERPT_BYTES - excerpt.length);
          }
        });
        response.on('end', () => {
          clearTimeout(deadline);
          const statusCode = response.statusCode ?? null;
          const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
          resolve({ statusCode, latencyMs: elapsed(), error: ok ? null : excerpt || null });
        });
        response.on('error', (error) => {
          clearTimeout(deadline);
          resolve({ statusCode: null, latencyMs: elapsed(), error: error.message });
        });
      });
      request.on('error', (error) => {
        clearTimeout(deadline);
        resolve({ statusCode: null, latencyMs: elapsed(), error: error.message });
      });
      request.end(body);
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
