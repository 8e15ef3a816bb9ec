/** Vendor fixtures in `test/fixtures/<source>/`, as text (what a vendor sends) or parsed losslessly. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVendorJson } from '../../src/integrations/vendor-json.js';

export function fixtureText(source: string, name: string): string {
  return readFileSync(join(process.cwd(), 'test', 'fixtures', source, name), 'utf8');
}

export function fixture(source: string, name: string): any {
  return parseVendorJson(fixtureText(source, name));
}
