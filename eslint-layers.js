/**
 * The layers of ARCHITECTURE.md as `no-restricted-imports` rules, one set per folder, so that a
 * wrong import fails `npm run lint`. Imports are checked as written: `$lib/<folder>/...` and
 * relative paths that climb into another folder (the CLI and the code it shares use relative
 * paths, which tsx resolves without Vite's aliases). Dynamic `import()` is not checked.
 */

/** The folders of src/lib, and the folders each may import besides itself. */
export const MAY_IMPORT = {
  core: [],
  models: ['core'],
  storage: ['core'],
  data: ['core', 'models', 'storage', 'workers'],
  state: ['core', 'data'],
  components: ['core', 'state', 'data'],
  // Web Worker modules: work run off the main thread; data holds their clients. They read and
  // write storage themselves, so a large dataset or run never crosses the main thread to reach them.
  workers: ['core', 'storage']
};
const LIB = Object.keys(MAY_IMPORT);

// Deep enough for every folder of src/ (components/models/webllm/*.svelte is at depth 2).
const DEPTHS = [0, 1, 2, 3, 4];
const SOURCE = '*.{ts,js,svelte}';

const up = (n) => `(\\.\\./){${n}}`;
const oneOf = (names) => `(${names.join('|')})(/|$)`;
const named = (names) => (names.length === 0 ? 'nothing of the app' : `only ${names.join(', ')}`);

/**
 * What a file `depth` folders below src/<root>/<folder>/ may not import: `$lib/<refused>` and
 * the relative paths that reach them. `root` is `lib` for src/lib/<folder>, '' for src/<folder>.
 */
function refusedPatterns({ folder, root, refused, depth, message }) {
  // From src/lib/<folder>/<depth folders>/, depth + 1 `../` reach src/lib, one more reaches src.
  const toLib = root === 'lib' ? up(depth + 1) : `${up(depth + 1)}lib/`;
  const toSrc = root === 'lib' ? up(depth + 2) : up(depth + 1);
  const inLib = refused.filter((r) => LIB.includes(r));
  const inSrc = refused.filter((r) => !LIB.includes(r) && r !== folder);
  const patterns = [];
  if (inLib.length > 0) {
    patterns.push({ regex: `^\\$lib/${oneOf(inLib)}`, message });
    patterns.push({ regex: `^${toLib}${oneOf(inLib)}`, message });
  }
  if (inSrc.length > 0) patterns.push({ regex: `^${toSrc}${oneOf(inSrc)}`, message });
  return patterns;
}

/** Only tests import tests/ (the root folder): `*.test.ts` beside the code, and tests/ itself. */
const NO_TESTS = {
  regex: '^(\\.\\./)+tests(/|$)',
  message: 'Source never imports tests/; only tests do (ARCHITECTURE.md).'
};

const CORE_IS_PLAIN = {
  regex: '^(svelte|dexie|\\$app)(/|$)',
  message: 'core is plain TypeScript: no Svelte, no SvelteKit, no Dexie (ARCHITECTURE.md).'
};

/**
 * The config entries for one folder: `folder` may import `allowed` (and itself). `files`
 * narrows the entries to some files (an exception), given relative to the folder.
 */
function layer(folder, root, allowed, files, why = '') {
  const everything = [...LIB, 'routes', 'cli'];
  const refused = everything.filter((f) => f !== folder && !allowed.includes(f));
  const message = `${folder} may import ${named(allowed)} (ARCHITECTURE.md)${why}.`;
  const base = root === 'lib' ? `src/lib/${folder}` : `src/${folder}`;
  return DEPTHS.flatMap((depth) => {
    const here = files
      ? files.filter((f) => f.split('/').length === depth + 1).map((f) => `${base}/${f}`)
      : [`${base}/${'*/'.repeat(depth)}${SOURCE}`];
    if (here.length === 0) return [];
    const patterns = [
      ...refusedPatterns({ folder, root, refused, depth, message }),
      ...(folder === 'core' ? [CORE_IS_PLAIN] : [])
    ];
    return [
      {
        files: here,
        ignores: ['**/*.test.ts'],
        rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, NO_TESTS] }] }
      },
      {
        files: here
          .map((f) => f.replace(/\*\.\{ts,js,svelte\}$/, '*.test.ts'))
          .filter((f) => f.endsWith('.test.ts')),
        rules: { 'no-restricted-imports': ['error', { patterns }] }
      }
    ].filter((entry) => entry.files.length > 0);
  });
}

export const layerRules = [
  ...Object.entries(MAY_IMPORT).flatMap(([folder, allowed]) => layer(folder, 'lib', allowed)),
  ...layer('routes', '', ['data', 'state', 'components', 'core']),
  ...layer('cli', '', ['core', 'models']),

  // Not yet in their layer. The Local models page's state and components still drive the
  // in-tab runtimes (models/webllm, models/wllama) directly. Each line here is a debt.
  ...layer('state', 'lib', ['core', 'data', 'models'], ['webllm.svelte.ts', 'wllama.svelte.ts'], ', for now'),
  ...layer(
    'components',
    'lib',
    ['core', 'state', 'data', 'models'],
    ['models/*.svelte', 'models/*/*.svelte'],
    ', for now'
  )
];
