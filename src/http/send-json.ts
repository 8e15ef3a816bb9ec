import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text assembled from stored snapshots. Fastify passes a string with a JSON content type
 * through untouched, so the response schema documents the body without re-serializing it.
 */
export function sendJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
