/** @module Response schema of `GET /api/v1/me`. */
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Membership = Type.Object({
  id: Type.String({ description: 'Organization id: send it as `X-Organization-ID` to act there' }),
  name: Type.String(),
  role: Type.String({ description: '`owner`, `admin` or `member`' }),
});

export const MeResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Object({
    account: Type.Object({
      id: Type.String(),
      email: Nullable(Type.String()),
      name: Nullable(Type.String()),
    }),
    api_key: Type.Object({ id: Type.String(), scopes: Type.Array(Type.String()) }),
    organization: Membership,
    organizations: Type.Array(Membership, {
      description: 'Every organization the key’s account may act in, sorted by name',
    }),
  }),
});
