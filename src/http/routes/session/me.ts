import type { SessionService } from '../../../services/session-service.js';
import { commonErrors } from '../../schemas/common.js';
import { MeResponse } from '../../schemas/session.js';
import type { App } from '../../types.js';

export function registerMeRoute(app: App, session: SessionService): void {
  app.get(
    '/api/v1/me',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['session'],
        summary: 'Who this key is',
        description:
          'The key’s account and scopes, the organization this request acts in (its own, or `X-Organization-ID`), and every organization the account may switch to.',
        response: { 200: MeResponse, ...commonErrors },
      },
    },
    async (request) => ({ success: true as const, data: await session.describe(request.tenant) }),
  );
}
