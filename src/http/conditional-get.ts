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
 * to the organization's orders, in every process) and a digest of what the body is made of besides the
 * orders' contents — which orders, in which order, and the pagination block. At one version each order
 * has one content, so equal tags mean equal bodies whatever query produced them: a poller whose rolling
 * `from` moves between polls still gets a 304 while nothing changed. Weak: `occurred_at` / `event_id`
 * describe the read, and the tag promises equal orders, not equal bytes.
 */
export function listEtag(
  organizationId: string,
  ledgerVersion: number,
  page: { orders: ReadonlyArray<{ id: string }>; pagination: unknown },
): string {
  const digest = createHash('sha256')
    .update(organizationId)
    .update(JSON.stringify(page.orders.map((order) => order.id)))
    .update(JSON.stringify(page.pagination))
    .digest('base64url')
    .slice(0, 22);
  return `W/"l${ledgerVersion}-${digest}"`;
}
