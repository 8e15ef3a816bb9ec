/** @module `POST /api/v1/organizations`: an owner opens another organization (the CLI's `org create`). */
import { Type } from '@sinclair/typebox';
import type { TenantsService } from '../../../services/tenants-service.js';
import { commonErrors } from '../../schemas/common.js';
import type { App } from '../../types.js';

export const OrganizationCreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200, description: 'Shown in the dashboard’s switcher' }) },
  { additionalProperties: false },
);

export const CreatedOrganization = Type.Object({
  success: Type.Literal(true),
  message: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  data: Type.Object({ id: Type.String(), name: Type.String(), role: Type.Literal('owner') }),
});

export function registerOrganizationRoutes(app: App, tenants: TenantsService): void {
  app.post(
    '/api/v1/organizations',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['session'],
        summary: 'Create an organization',
        description:
          'Only an owner (of the organization the request acts in) may; the calling account becomes the new organization’s owner and reaches it with `X-Organization-ID`.',
        body: OrganizationCreateBody,
        response: { 201: CreatedOrganization, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        success: true as const,
        message: 'Organization created successfully',
        timestamp: new Date().toISOString(),
        data: await tenants.createOrganization(request.tenant, request.body.name),
      }),
  );
}
