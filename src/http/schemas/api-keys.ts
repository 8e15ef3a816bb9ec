/** @module Request and response schemas of the keys API (`/api/v1/keys`). */
import { Type } from '@sinclair/typebox';
import { SCOPES } from '../../domain/tenant.js';
import { Nullable, OptionalNullable } from './common.js';

const Timestamp = Type.String({ format: 'date-time' });
const Scope = Type.Union(
  SCOPES.map((scope) => Type.Literal(scope)),
  { description: 'What the key may do' },
);

const ExpiresAt = OptionalNullable(
  Type.String({
    format: 'date-time',
    description: 'When the key stops working (RFC 3339, in the future); null: never',
  }),
);

export const ApiKeyCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'A label to tell keys apart' }),
    scopes: Type.Array(Scope, {
      minItems: 1,
      maxItems: SCOPES.length,
      uniqueItems: true,
      description: 'At most the scopes of the key making the request',
    }),
    expires_at: ExpiresAt,
  },
  { additionalProperties: false },
);

export const ApiKeyRotateBody = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 30 * 86_400,
        description: 'How long the old key keeps working (default 86400; 0: it stops now; at most 30 days)',
      }),
    ),
    expires_at: Type.Optional(
      Nullable(
        Type.String({
          format: 'date-time',
          description: 'Expiry of the new key; default: the old key’s `expires_at`',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const ApiKeyIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const ApiKey = Type.Object({
  id: Type.String({ description: '`key_` and 16 hex digits' }),
  name: Nullable(Type.String()),
  prefix: Type.String({ description: 'The secret’s first 8 characters, to recognize it' }),
  scopes: Type.Array(Type.String()),
  created_at: Timestamp,
  expires_at: Nullable(Timestamp),
  last_used_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
});

export const ApiKeyWithSecret = Type.Object({
  ...ApiKey.properties,
  secret: Type.String({ description: 'The key itself (`lk_…`): shown in this response only' }),
});
