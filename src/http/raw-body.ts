import type { FastifyInstance } from 'fastify';

/**
 * Makes the routes of this (encapsulated) plugin scope receive their body as the raw bytes, whatever
 * the content type: signatures are computed over exact bytes, and vendor payloads are stored
 * verbatim and parsed without floats. Other scopes keep Fastify's JSON parser.
 */
export function acceptRawBodies(scope: FastifyInstance, bodyLimit: number): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
}
