import { Type } from '@sinclair/typebox';
import { type ChangeFeedService, parseFeedCursor } from '../../../services/change-feed-service.js';
import type { Slots } from '../../admission.js';
import type { EventStreams } from '../../event-stream.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { sendJson } from '../../send-json.js';
import type { App } from '../../types.js';

const ChangesQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'Resume after this cursor (`next_cursor`, or an event’s `cursor`); omit to start',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Events per page' }),
  },
  { additionalProperties: false },
);

const ChangesPage = Type.Object({
  events: Type.Array(Type.Object({}, { additionalProperties: true }), {
    description: 'Webhook event envelopes, oldest first',
  }),
  cursors: Type.Array(Type.String(), { description: 'The cursor after each event, in the same order' }),
  next_cursor: Type.String({ description: 'Ask again with `after=<next_cursor>`' }),
  has_more: Type.Boolean(),
});

export function registerChangeFeedRoute(
  app: App,
  feed: ChangeFeedService,
  streams: EventStreams,
  slots: Slots,
): void {
  app.get(
    '/api/v1/orders/changes',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['orders'],
        summary: 'Order change feed',
        description:
          'The organization’s order events (the webhook envelope) after a durable cursor. With ' +
          '`Accept: text/event-stream`, the same events as Server-Sent Events (`id:` is the cursor, ' +
          'resumable with `Last-Event-ID`), then new ones as they commit.',
        querystring: ChangesQuery,
        response: { 200: ChangesPage, 429: ErrorBody, 503: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      const start = typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : request.query.after;
      const after = parseFeedCursor(start); // a bad cursor is a 422 before any stream opens
      if (request.headers.accept?.includes('text/event-stream')) {
        slots.hold(request, reply); // a stream is open for long: so many per organization and process
        return streams.stream(request, reply, start ?? '', (cursor, limit) =>
          feed.readChanges(request.tenant, parseFeedCursor(cursor), limit),
        );
      }
      const page = await feed.readChanges(request.tenant, after, request.query.limit);
      return sendJson(
        reply,
        `{"events":[${page.events.map((event) => event.body).join(',')}],` +
          `"cursors":${JSON.stringify(page.events.map((event) => event.cursor))},` +
          `"next_cursor":${JSON.stringify(page.nextCursor)},"has_more":${page.hasMore}}`,
      );
    },
  );
}
