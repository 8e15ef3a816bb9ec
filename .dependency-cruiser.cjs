/**
 * The layer rules of src/ (README "Architecture"; docs/decisions/0100-layers.md), checked by
 * `npm run lint`. Type-only imports count: a type is a dependency too.
 *
 *   http/ (and the CLI)  →  services/  →  domain/ + storage/
 *   services/ may also use the pure integrations/, and webhooks/ and polling/
 *   integrations/ → domain/ only;  domain/ → nothing of ours
 *   errors.ts and config.ts are leaves every layer but domain/ may use
 *   app.ts, server.ts, cli.ts, runtime.ts, export-*.ts wire it all together; nothing imports them
 */
const OURS = '^src/';
const LEAVES = '^src/(errors|config)[.]ts$';
const ENTRY = '^src/(app|server|cli|runtime|export-command|export-progress)[.]ts$';
const TESTS = '[.]test[.]ts$';

/** A rule: files under `from` may import only these folders of ours (besides their own). */
const onlyImports = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: TESTS },
  to: { path: OURS, pathNot: allowed },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make the load order and the layers ambiguous.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyImports(
      'domain-imports-nothing-of-ours',
      'domain/ is pure: types, rules and values; it imports no other folder of ours (not even errors.ts).',
      '^src/domain/',
      '^src/domain/',
    ),
    onlyImports(
      'integrations-import-only-domain',
      'integrations/ is pure per-vendor code: normalizers and paging adapters over domain/ types.',
      '^src/integrations/',
      `^src/(integrations|domain)/|${LEAVES}`,
    ),
    onlyImports(
      'storage-imports-only-domain',
      'storage/ reads and writes tables; it knows domain/ types and nothing above it.',
      '^src/storage/',
      `^src/(storage|domain)/|${LEAVES}`,
    ),
    onlyImports(
      'webhooks-and-polling-sit-beside-services',
      'webhooks/ and polling/ are used by services and by the composition root; they use domain/ and storage/ only.',
      '^src/(webhooks|polling)/',
      `^src/(webhooks|polling|domain|storage)/|${LEAVES}`,
    ),
    onlyImports(
      'services-never-reach-up',
      'services/ use domain/, storage/, integrations/, webhooks/ and polling/; never http/ or the entry points.',
      '^src/services/',
      `^src/(services|domain|storage|integrations|webhooks|polling)/|${LEAVES}`,
    ),
    onlyImports(
      'http-goes-through-services',
      'http/ calls services and shapes answers; it never reads storage/ nor runs vendor code itself.',
      '^src/http/',
      `^src/(http|services|domain)/|${LEAVES}`,
    ),
    {
      name: 'leaves-import-nothing-of-ours',
      comment: 'errors.ts and config.ts are used by every layer, so they may use none.',
      severity: 'error',
      from: { path: LEAVES },
      to: { path: OURS },
    },
    {
      name: 'nothing-imports-the-entry-points',
      comment: 'The composition root wires the layers; only other entry points, tests and scripts import it.',
      severity: 'error',
      from: { path: OURS, pathNot: `${ENTRY}|${TESTS}` },
      to: { path: ENTRY },
    },
    {
      name: 'production-code-stays-out-of-dev-folders',
      comment: 'test/, scripts/ and bench/ are not in dist/: production code may not import them.',
      severity: 'error',
      from: { path: OURS, pathNot: TESTS },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'production-code-uses-no-dev-dependency',
      comment: 'A devDependency is not installed in production.',
      severity: 'error',
      from: { path: OURS, pathNot: TESTS },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|web)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
