/**
 * @module Secrets every process of the service shares, created once on first use (`service_secrets`),
 * sealed at rest (docs/decisions/0090-secrets-at-rest.md).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from './db.js';
import { serviceSecrets } from './schema.js';
import { SECRET_CONTEXTS, type SecretBox } from './secret-box.js';

export function createServiceSecretsRepository(db: Executor, secretBox: SecretBox) {
  return {
    /**
     * The secret called `name`. The first process to ask creates it; processes racing to do so all end
     * up reading the one row that won.
     */
    async getOrCreate(name: string): Promise<string> {
      await db
        .insert(serviceSecrets)
        .values({
          name,
          secret: secretBox.seal(randomBytes(32).toString('base64url'), SECRET_CONTEXTS.serviceSecret(name)),
        })
        .onConflictDoNothing();
      const [row] = await db
        .select({ secret: serviceSecrets.secret })
        .from(serviceSecrets)
        .where(eq(serviceSecrets.name, name));
      if (!row) {
        throw new Error(`service secret ${name} could not be created`);
      }
      return secretBox.reveal(row.secret, SECRET_CONTEXTS.serviceSecret(name));
    },
  };
}
