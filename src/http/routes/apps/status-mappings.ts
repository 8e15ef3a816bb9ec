import { validationFailed } from '../../../errors.js';
import type { AppsService } from '../../../services/apps-service.js';
import type { StatusMappingsService } from '../../../services/status-mappings-service.js';
import { InstallIdParams, StatusMappingsBody, StatusMappingsResponse } from '../../schemas/apps.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import type { App } from '../../types.js';

/** `GET/PUT /api/v1/apps/{id}/status-mappings`: a merchant's own statuses mapped (decision 0162). */
export function registerStatusMappingRoutes(app: App, apps: AppsService, mappings: StatusMappingsService) {
  app.get(
    '/api/v1/apps/:install_id/status-mappings',
    {
      config: { scope: 'order:read' },
      schema: {
        tags: ['apps'],
        summary: 'List an install’s status mappings',
        params: InstallIdParams,
        response: { 200: StatusMappingsResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const install = await apps.get(request.tenant.organizationId, request.params.install_id);
      return { success: true as const, data: await mappings.list(install) };
    },
  );

  app.put(
    '/api/v1/apps/:install_id/status-mappings',
    {
      config: { scope: 'order:write' },
      schema: {
        tags: ['apps'],
        summary: 'Replace an install’s status mappings',
        description:
          'Maps the source’s statuses (a merchant’s custom ones included) onto the canonical statuses. ' +
          'A mapping wins over the built-in table; an intake item that failed on an unknown status ' +
          'promotes when retried after its status is mapped.',
        params: InstallIdParams,
        body: StatusMappingsBody,
        response: { 200: StatusMappingsResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const install = await apps.get(request.tenant.organizationId, request.params.install_id);
      const errors: Record<string, string> = {};
      const seen = new Set<string>();
      const entries = request.body.mappings.map((entry, index) => {
        const code = entry.vendor_status.trim();
        if (code === '') {
          errors[`mappings[${index}].vendor_status`] = 'must not be blank';
        } else if (seen.has(code)) {
          errors[`mappings[${index}].vendor_status`] = `"${code}" is mapped twice`;
        }
        seen.add(code);
        if (!entry.order_status && !entry.payment_status && !entry.fulfillment_status) {
          errors[`mappings[${index}]`] = 'must name order_status, payment_status or fulfillment_status';
        }
        return {
          vendor_status: code,
          order_status: entry.order_status ?? null,
          payment_status: entry.payment_status ?? null,
          fulfillment_status: entry.fulfillment_status ?? null,
        };
      });
      if (Object.keys(errors).length > 0) {
        throw validationFailed(errors);
      }
      return { success: true as const, data: await mappings.replace(install, entries) };
    },
  );
}
