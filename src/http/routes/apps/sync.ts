import type { SyncService } from '../../../services/sync-service.js';
import { InstallIdParams } from '../../schemas/apps.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { CredentialsBody, SyncRequestBody, SyncResponse, SyncSettingsBody } from '../../schemas/sync.js';
import type { App } from '../../types.js';

const envelope = (data: Awaited<ReturnType<SyncService['get']>>, message?: string) => ({
  success: true as const,
  ...(message ? { message } : {}),
  timestamp: new Date().toISOString(),
  data,
});

export function registerSyncRoutes(app: App, sync: SyncService): void {
  app.put(
    '/api/v1/apps/:install_id/credentials',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: "Save an install's vendor API credentials (sealed at rest, never shown again)",
        params: InstallIdParams,
        body: CredentialsBody,
        response: { 200: SyncResponse, 404: ErrorBody, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request) =>
      envelope(
        await sync.saveCredentials(request.tenant.organizationId, request.params.install_id, request.body),
        'Credentials saved',
      ),
  );

  app.get(
    '/api/v1/apps/:install_id/sync',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['apps'],
        summary: "An install's sync state, current run's progress, last outcome and next run",
        params: InstallIdParams,
        response: { 200: SyncResponse, 404: ErrorBody, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request) => envelope(await sync.get(request.tenant.organizationId, request.params.install_id)),
  );

  app.post(
    '/api/v1/apps/:install_id/sync',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary:
          'Sync now: `{from}` backfills from that instant, `{}` is incremental from the last checkpoint',
        params: InstallIdParams,
        body: SyncRequestBody,
        response: { 202: SyncResponse, 404: ErrorBody, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          envelope(
            await sync.request(request.tenant.organizationId, request.params.install_id, request.body ?? {}),
            'Sync requested',
          ),
        ),
  );

  app.patch(
    '/api/v1/apps/:install_id/sync',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: 'Change the sync schedule (minutes; null: off) and the incremental overlap',
        params: InstallIdParams,
        body: SyncSettingsBody,
        response: { 200: SyncResponse, 404: ErrorBody, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request) =>
      envelope(
        await sync.updateSettings(request.tenant.organizationId, request.params.install_id, request.body),
        'Sync settings saved',
      ),
  );
}
