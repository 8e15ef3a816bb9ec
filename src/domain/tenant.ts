/** @module Who is calling: the organization a request acts for and what its key may do. */

export const SCOPES = ['order:read', 'order:write'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export interface Tenant {
  organizationId: string;
  accountId: string;
  apiKeyId: string;
  scopes: readonly Scope[];
}
