/** @module `/api/v1/keys`: an organization's owners create, list, revoke and rotate its API keys. */
import { type TSchema, Type } from '@sinclair/typebox';
import type { ApiKeysService } from '../../../services/api-keys-service.js';
import {
  ApiKey,
  ApiKeyCreateBody,
  ApiKeyIdParams,
  ApiKeyRotateBody,
  ApiKeyWithSecret,
} from '../../schemas/api-keys.js';
import { commonErrors, ErrorBody } from '../../schemas/common.js';
import { Success, success } from '../../schemas/webhook.js';
import type { App } from '../../types.js';

const tags = ['keys'];
const Timestamp = Type.String({ format: 'date-time' });

/** `{success, message, timestamp, data}`, like the contract's create response. */
const WithMessage = <T extends TSchema>(data: T) =>
  Type.Object({ success: Type.Literal(true), message: Type.String(), timestamp: Timestamp, data });

const withMessage = <T>(message: string, data: T) => ({
  success: true as const,
  message,
  timestamp: new Date().toISOString(),
  data,
});

const OWNER_ONLY = 'Only an owner of the organization may use it (403 `INSUFFICIENT_ROLE` otherwise).';

export function registerApiKeyRoutes(app: App, keys: ApiKeysService): void {
  app.post(
    '/api/v1/keys',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Create an API key',
        description: `The answer carries the key's secret; it is not shown again and only its hash is stored. ${OWNER_ONLY}`,
        body: ApiKeyCreateBody,
        response: { 201: WithMessage(ApiKeyWithSecret), ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          withMessage('API key created successfully', await keys.createKey(request.tenant, request.body)),
        ),
  );

  app.get(
    '/api/v1/keys',
    {
      config: { scope: 'order:read' },
      schema: {
        tags,
        summary: "List the organization's API keys",
        description: `Newest first, revoked and expired keys included; never a secret. ${OWNER_ONLY}`,
        response: { 200: Success(Type.Array(ApiKey)), ...commonErrors },
      },
    },
    async (request) => success(await keys.listKeys(request.tenant)),
  );

  app.delete(
    '/api/v1/keys/:id',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Revoke an API key',
        description: `The key stops working at once, in every service process. Revoking a revoked key changes nothing. ${OWNER_ONLY}`,
        params: ApiKeyIdParams,
        response: { 200: WithMessage(ApiKey), 404: ErrorBody, ...commonErrors },
      },
    },
    async (request) =>
      withMessage('API key revoked successfully', await keys.revokeKey(request.tenant, request.params.id)),
  );

  app.post(
    '/api/v1/keys/:id/rotate',
    {
      config: { scope: 'order:write' },
      schema: {
        tags,
        summary: 'Replace an API key with a new secret',
        description: `Creates a key with the same name, scopes and account and returns its secret once; the old key keeps working for \`overlap_seconds\` (default a day), then expires. ${OWNER_ONLY}`,
        params: ApiKeyIdParams,
        body: ApiKeyRotateBody,
        response: {
          201: WithMessage(ApiKeyWithSecret),
          404: ErrorBody,
          409: ErrorBody,
          ...commonErrors,
        },
      },
      // Every field is optional, so a POST without a body is a rotation with the defaults.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          withMessage(
            'API key rotated successfully',
            await keys.rotateKey(request.tenant, request.params.id, request.body),
          ),
        ),
  );
}
