/**
 * @module Slots for long requests (change-feed streams, exports): at most so many per organization
 * (past it: 429, the organization's own quota) and per process (past it: 503, the service's capacity),
 * so that one tenant's streams can't take every connection and the others' requests. Counted per
 * process. docs/decisions/0200-slow-and-greedy-clients.md.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { retryLater } from '../errors.js';

export interface SlotLimits {
  perProcess: number;
  perOrganization: number;
}

export function createSlots(what: string, limits: SlotLimits) {
  const byOrganization = new Map<string, number>();
  let total = 0;

  return {
    /**
     * Takes a slot for this request's organization until its response ends (sent, or the client
     * gone), and stops counting the request among the ones in flight. Throws 429 / 503 when full.
     */
    hold(request: FastifyRequest, reply: FastifyReply): void {
      const organizationId = request.tenant.organizationId;
      const held = byOrganization.get(organizationId) ?? 0;
      if (held >= limits.perOrganization) {
        throw retryLater(
          'rate_limited',
          `Too many open ${what} for this organization`,
          { limit: limits.perOrganization, open: held },
          5,
        );
      }
      if (total >= limits.perProcess) {
        throw retryLater(
          'unavailable',
          `Too many open ${what}, retry later`,
          { limit: limits.perProcess },
          5,
        );
      }
      byOrganization.set(organizationId, held + 1);
      total += 1;
      let released = false;
      reply.raw.once('close', () => {
        if (released) {
          return;
        }
        released = true;
        total -= 1;
        const left = (byOrganization.get(organizationId) ?? 1) - 1;
        if (left > 0) {
          byOrganization.set(organizationId, left);
        } else {
          byOrganization.delete(organizationId);
        }
      });
      request.leaveInFlight();
    },

    /** Slots held now, for one organization or the whole process. */
    held: (organizationId?: string) =>
      organizationId === undefined ? total : (byOrganization.get(organizationId) ?? 0),
  };
}

export type Slots = ReturnType<typeof createSlots>;
