/**
 * @module Conditional GETs: `If-None-Match` against a read's entity tag, answered with a bodiless
 * `304 Not Modified` (docs/decisions/0060-conditional-gets.md).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * True when `If-None-Match` lists `etag` (or is `*`). RFC 9110 compares weakly here, so a `W/`
 * prefix on either side is ignored.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) {
    return false;
  }
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/** Sends `304` with the tag when the request's `If-None-Match` hits it; false when a body is due. */
export function replyNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  if (!ifNoneMatchHits(request.headers['if-none-match'], etag)) {
    return false;
  }
  void reply.code(304).send();
  return true;
}

/**
 * The tag of a list answer: the organization's ledger version (it changes at the commit of every write
 * to the organization's orders, in every process) and a digest of the normalized query. Weak, because
 * one version can be rendered by either read path and the tag promises equal orders, not equal bytes.
 */
export function listEtag(organizationId: string, ledgerVersion: number, normalizedQuery: string): string {
  const digest = createHash('sha256')
    .update(`${organizationId}\u0000${normalizedQuery}`)
    .digest('base64url')
    .slice(0, 16);
  return `W/"l${ledgerVersion}-${digest}"`;
}
