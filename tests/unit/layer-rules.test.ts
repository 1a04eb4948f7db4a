import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js, run by ESLint's Node API on code given as text with
 * the path it would have: nothing is written to disk. Only `no-restricted-imports` runs, and
 * without type information, so this takes a second, not a project-wide lint.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } }
});

async function refusals(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: `${root}${path}` });
  if (result === undefined) throw new Error(`ESLint gave no result for ${path}`);
  const fatal = result.messages.find((m) => m.fatal === true);
  if (fatal !== undefined) throw new Error(`${path} did not parse: ${fatal.message}`);
  return result.messages.map((m) => m.message);
}

// [file, import, refused?]
const CASES: [string, string, boolean][] = [
  ['src/lib/core/layer-probe.ts', '$lib/storage/db', true],
  ['src/lib/core/layer-probe.ts', '../storage/db', true],
  ['src/lib/core/dataset/layer-probe.ts', '../../models/registry', true],
  ['src/lib/core/dataset/layer-probe.ts', '../models/baselines', false],
  ['src/lib/core/dataset/layer-probe.ts', '../../../cli/shipped-from-disk', true],
  ['src/lib/core/layer-probe.ts', 'svelte', true],
  ['src/lib/core/layer-probe.ts', 'dexie', true],
  ['src/lib/models/http/layer-probe.ts', '../../../../tests/servers', true],
  ['src/lib/models/http/layer-probe.test.ts', '../../../../tests/servers', false],
  ['src/lib/models/http/layer-probe.ts', '$lib/storage/db', true],
  ['src/lib/storage/layer-probe.ts', '$lib/data/datasets', true],
  ['src/lib/data/layer-probe.ts', '$lib/storage/instance', false],
  ['src/lib/workers/layer-probe.ts', '$lib/storage/instance', false],
  ['src/lib/workers/layer-probe.ts', '../storage/imported-runs', false],
  ['src/lib/workers/layer-probe.ts', '$lib/data/datasets', true],
  ['src/lib/workers/layer-probe.ts', '../models/registry', true],
  ['src/lib/data/layer-probe.ts', '$lib/models/registry', false],
  ['src/lib/data/layer-probe.ts', '$lib/state/context', true],
  ['src/lib/data/layer-probe.ts', '$lib/components/io/download', true],
  ['src/lib/state/layer-probe.svelte.ts', '$lib/storage/instance', true],
  ['src/lib/state/layer-probe.svelte.ts', '$lib/data/datasets', false],
  ['src/lib/components/runs/layer-probe.ts', '$lib/storage/runs', true],
  ['src/lib/components/runs/layer-probe.ts', '$lib/state/context', false],
  ['src/routes/runs/layer-probe.ts', '$lib/storage/runs', true],
  ['src/routes/runs/layer-probe.ts', '$lib/data/runs', false],
  ['src/routes/runs/layer-probe.ts', '../../cli/args', true],
  ['src/cli/layer-probe.ts', '../lib/storage/db', true],
  ['src/cli/commands/layer-probe.ts', '../../lib/data/datasets', true],
  ['src/cli/commands/layer-probe.ts', '../../lib/models/registry', false],
  ['src/cli/layer-probe.ts', '../../tests/servers', true]
];

describe('the layer rules', () => {
  // The first lint loads the configuration and its plugins (a few seconds on a busy machine).
  beforeAll(async () => {
    await refusals('src/lib/core/layer-probe.ts', '');
  }, 60_000);

  it('refuse each import across the layers that ARCHITECTURE.md forbids, and only those', async () => {
    expect(CASES.filter(([, , refused]) => refused).length).toBeGreaterThan(0);
    expect(CASES.filter(([, , refused]) => !refused).length).toBeGreaterThan(0);
    const outcomes = await Promise.all(
      CASES.map(async ([path, target]) => {
        const messages = await refusals(path, `import '${target}';`);
        return [path, target, messages.some((m) => m.includes('ARCHITECTURE.md'))];
      })
    );
    expect(outcomes).toEqual(CASES);
    // Linting every case takes seconds on a machine busy with other work.
  }, 60_000);

  it('check type-only imports and re-exports too', async () => {
    const path = 'src/lib/core/layer-probe.ts';
    expect(await refusals(path, "import type { StoredRun } from '$lib/storage/runs';")).toHaveLength(1);
    expect(await refusals(path, "export { database } from '$lib/storage/instance';")).toHaveLength(1);
  });
});
