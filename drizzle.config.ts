import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/storage/schema.ts; they are applied by src/storage/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/schema.ts',
  out: './migrations',
});
