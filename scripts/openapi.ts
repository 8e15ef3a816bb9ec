/**
 * Writes the OpenAPI document the service serves to `openapi.json` (committed, so API changes show in
 * review); `--check` fails instead when the committed file is not current. Boots the app on a
 * throwaway PGlite dir: the document is what the running service answers at /api/v1/openapi.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { createSecretBox, generateSecretKey, parseSecretKeys } from '../src/storage/secret-box.js';

const target = join(process.cwd(), 'openapi.json');
const dataDir = mkdtempSync(join(tmpdir(), 'linkit-openapi-'));
const database = await openDatabase({ dataDir });
try {
  await migrate(database.db);
  // A throwaway key: the document does not depend on it.
  const secretBox = createSecretBox(parseSecretKeys(generateSecretKey()));
  const app = await buildApp({ database, webRoot: false, secretBox });
  await app.ready();
  const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(target, 'utf8');
    if (committed !== document) {
      process.stderr.write('openapi.json is not current: run `npm run openapi`\n');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, document);
  }
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
