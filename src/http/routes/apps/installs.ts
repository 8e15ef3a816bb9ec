import { Type } from '@sinclair/typebox';
import type { AppsService } from '../../../services/apps-service.js';
import type { SyncService } from '../../../services/sync-service.js';
import {
  InstallCreateBody,
  InstallCreated,
  InstallIdParams,
  InstallList,
  InstallResponse,
  InstallUpdateBody,
} from '../../schemas/apps.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import type { App } from '../../types.js';
import { installView } from './views.js';

export function registerInstallRoutes(app: App, apps: AppsService, sync: SyncService): void {
  app.post(
    '/api/v1/apps',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: 'Install an order-source app',
        description:
          'The response carries the webhook secret; it is not shown again. With `credentials` (and `base_url`) the install is connected at once, as `PUT /api/v1/apps/{install_id}/credentials` would: its first sync is due immediately.',
        body: InstallCreateBody,
        response: { 201: InstallCreated, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { credentials, base_url, ...input } = request.body;
      const organizationId = request.tenant.organizationId;
      const install = await apps.install(
        organizationId,
        input,
        sync.connectAtInstall(organizationId, input.app_slug, { credentials, base_url }),
      );
      return reply.status(201).send({
        success: true as const,
        data: { ...installView(install), webhook_secret: install.webhookSecret as string },
      });
    },
  );

  app.get(
    '/api/v1/apps',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['apps'],
        summary: 'List installed apps',
        response: { 200: InstallList, ...commonErrors },
      },
    },
    async (request) => ({
      success: true as const,
      data: (await apps.list(request.tenant.organizationId)).map(installView),
    }),
  );

  app.get(
    '/api/v1/apps/:install_id',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['apps'],
        summary: 'Get one installed app',
        params: InstallIdParams,
        response: { 200: InstallResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => ({
      success: true as const,
      data: installView(await apps.get(request.tenant.organizationId, request.params.install_id)),
    }),
  );

  app.patch(
    '/api/v1/apps/:install_id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: 'Change an install’s defaults or config (config keys merge)',
        params: InstallIdParams,
        body: InstallUpdateBody,
        response: { 200: InstallResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => ({
      success: true as const,
      data: installView(
        await apps.update(request.tenant.organizationId, request.params.install_id, request.body),
      ),
    }),
  );

  app.delete(
    '/api/v1/apps/:install_id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: 'Uninstall an app',
        description: 'Its webhooks and intake stop; orders it brought in stay.',
        params: InstallIdParams,
        response: { 204: Type.Null({ description: 'Uninstalled' }), 404: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      await apps.uninstall(request.tenant.organizationId, request.params.install_id);
      return reply.status(204).send(null);
    },
  );
}
