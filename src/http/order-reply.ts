/** @module Answering with one order: its `order.snapshot` envelope and its ETag. */
import type { FastifyReply } from 'fastify';
import { readInstant, renderSnapshotEnvelope, type SnapshotSource } from '../domain/envelope.js';
import { orderEtag } from './etag.js';
import { sendJson } from './send-json.js';

export function sendOrderSnapshot(reply: FastifyReply, order: SnapshotSource & { version: number }) {
  reply.header('etag', orderEtag(order.version));
  return sendJson(reply, renderSnapshotEnvelope(order, readInstant()));
}
