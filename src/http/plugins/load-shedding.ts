/**
 * @module Overload shedding: past a bound on the requests being served, or while the event loop lags,
 * a request is refused at once with 503 + `Retry-After` (the contract's error shape) instead of
 * queuing behind the others, and readiness says so. Health probes are never shed.
 * docs/decisions/0201-overload-shedding.md.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { retryLater } from '../../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A health probe: answered even when everything else is shed. */
    probe?: boolean;
  }
  interface FastifyRequest {
    /**
     * Stops counting this request as in flight: a stream that holds its connection open for long
     * calls it once it holds a stream slot of its own (`http/admission.ts`).
     */
    leaveInFlight: () => void;
  }
}

export interface LoadSheddingOptions {
  /** Requests being served at once; the next one is refused. */
  maxInFlight: number;
  /** A lag of the event loop beyond this (ms) sheds requests and turns readiness false; 0: off. */
  maxEventLoopDelayMs: number;
  /** How often the event loop's lag is sampled. */
  sampleIntervalMs?: number;
}

export interface LoadState {
  /** Why the service refuses new work right now, or null when it accepts it. */
  overloaded(): string | null;
}

const RETRY_AFTER_SECONDS = 1;

const shed = (reason: string) =>
  retryLater('unavailable', 'Service overloaded, retry later', { reason }, RETRY_AFTER_SECONDS);

export async function registerLoadShedding(
  app: FastifyInstance,
  options: LoadSheddingOptions,
): Promise<LoadState> {
  const sampleIntervalMs = options.sampleIntervalMs ?? 500;
  // The worst lag of each sample interval: under-pressure's own check is of the mean lag, which a
  // single long stall barely moves (one sample among hundreds), and which counts the start-up's work.
  const worstLag = monitorEventLoopDelay({ resolution: 20 });
  worstLag.enable();
  // Compiling the routes at start holds the loop for a while; that says nothing about serving.
  app.addHook('onReady', async () => worstLag.reset());
  app.addHook('onClose', async () => worstLag.disable());
  const checkLoop = options.maxEventLoopDelayMs > 0;

  await app.register(underPressure, {
    sampleInterval: sampleIntervalMs,
    ...(checkLoop
      ? {
          healthCheckInterval: sampleIntervalMs,
          healthCheck: async () => {
            const worstMs = worstLag.max / 1e6;
            worstLag.reset();
            return worstMs <= options.maxEventLoopDelayMs;
          },
        }
      : {}),
    pressureHandler: (request: FastifyRequest, _reply: unknown, type: string) =>
      request.routeOptions.config.probe ? undefined : Promise.reject(shed(`event_loop:${type}`)),
  });

  let inFlight = 0;
  app.decorateRequest('leaveInFlight', () => {});
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.probe) {
      return;
    }
    if (inFlight >= options.maxInFlight) {
      throw shed('too_many_requests_in_flight');
    }
    inFlight += 1;
    let counted = true;
    const leave = () => {
      if (counted) {
        counted = false;
        inFlight -= 1;
      }
    };
    request.leaveInFlight = leave;
    // 'close' comes when the response is sent or the connection is gone, whichever is first.
    reply.raw.once('close', leave);
  });

  return {
    overloaded() {
      if (app.isUnderPressure()) {
        return 'event_loop_lagging';
      }
      return inFlight >= options.maxInFlight ? 'too_many_requests_in_flight' : null;
    },
  };
}
