/** What `generate.ts` loaded and `run.ts` drives: the organizations and their owner keys. */
export const MANIFEST = new URL('./.data/manifest.json', import.meta.url);

export interface Manifest {
  engine: 'postgres' | 'pglite';
  orders: number;
  generatedAt: string;
  organizations: Array<{ organizationId: string; key: string; orders: number }>;
}
