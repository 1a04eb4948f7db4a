import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { assignmentFile, buildProject, resultsFile } from '../../src/lib/core/annotation/project';
import { projectAgreement } from '../../src/lib/core/annotation/project-report';
import type { ValueLabel } from '../../src/lib/core/annotation/schema';

const dir = mkdtempSync(join(tmpdir(), 'cqbench-annotations-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const value = (statement: string) => ({ statement, attitude: 'agree' });
const pool = [
  {
    storyId: 'social/0',
    category: 'social',
    index: 0,
    text: 'Story zero.',
    values: [value('A'), value('B')]
  },
  { storyId: 'social/1', category: 'social', index: 1, text: 'Story one.', values: [value('C'), value('D')] }
];

async function project() {
  return buildProject(
    {
      name: 'Pilot',
      dataset: 'shipped',
      checks: ['incorporation'],
      annotators: ['ana', 'ben'],
      overlap: { kind: 'all', perStory: 2 },
      count: 2,
      seed: 's'
    },
    pool,
    new Date('2026-01-01T00:00:00Z'),
    'project-1'
  );
}

/** One annotator's incorporation verdicts for the four values (story 0 then story 1). */
function labels(
  p: Awaited<ReturnType<typeof project>>,
  verdicts: readonly ('pass' | 'fail')[],
  revised?: 'pass' | 'fail'
): ValueLabel[] {
  const stories = [...p.stories].sort((a, b) => a.storyId.localeCompare(b.storyId));
  return stories.flatMap((story, s) =>
    story.values.map((_, v) => ({
      storyId: story.storyId,
      textHash: story.textHash,
      valueIndex: v,
      check: 'incorporation' as const,
      blind: { verdict: verdicts[s * 2 + v]!, evidence: [] },
      ...(revised !== undefined && s === 0 && v === 0 ? { revised: { verdict: revised, evidence: [] } } : {})
    }))
  );
}

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('cqbench annotations agreement', () => {
  it('gives the figures worked by hand, the same the app computes for the imported project', async () => {
    const p = await project();
    // ana: pass pass pass fail; ben: pass pass fail fail. Raw agreement 3/4; Cohen's κ:
    // chance = 3/4·2/4 + 1/4·2/4 = 1/2, so κ = (3/4 − 1/2)/(1 − 1/2) = 0.5. ana then revises one.
    const ana = labels(p, ['pass', 'pass', 'pass', 'fail'], 'fail');
    const ben = labels(p, ['pass', 'pass', 'fail', 'fail']);
    const files = [
      write('ana.json', resultsFile(assignmentFile(p, 'ana'), ana)),
      write('ben.json', resultsFile(assignmentFile(p, 'ben'), ben))
    ];
    const run = await cli(['annotations', 'agreement', ...files, '--json']);
    expect(run.code, run.err).toBe(0);
    const out = JSON.parse(run.out) as {
      anchoring: { changed: number; total: number };
      checks: { stage: string; n: number; raw: { value: number }; pairs: { kappa: number }[] }[];
    };
    const blind = out.checks.find((c) => c.stage === 'blind')!;
    expect(blind.n).toBe(4);
    expect(blind.raw.value).toBe(0.75);
    expect(blind.pairs[0]!.kappa).toBeCloseTo(0.5, 12);
    expect(out.anchoring).toEqual({ changed: 1, total: 8 });

    // The app's project page, with both files imported, shows the same figures.
    const app = projectAgreement({ ...p, results: { ana, ben } });
    const appBlind = app.find((c) => c.stage === 'blind')!.report;
    expect(blind.raw).toEqual(
      appBlind.raw.figure.defined ? { value: appBlind.raw.figure.value, interval: appBlind.raw.interval } : {}
    );

    const text = await cli(['annotations', 'agreement', ...files]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/incorporation +blind +4 +0\.625 +0\.750 \[0\.500–1\.000\]/);
    expect(text.out).toContain('ana × ben, n=4: 0.500');
    expect(text.out).toContain('labels changed after the reveal: 1 of 8');
  });

  it('refuses files of two projects, a story labelled on another version, or one annotator twice, storing nothing', async () => {
    const p = await project();
    const ana = resultsFile(assignmentFile(p, 'ana'), labels(p, ['pass', 'pass', 'pass', 'pass']));
    const other = { ...resultsFile(assignmentFile(p, 'ben'), labels(p, ['pass', 'pass', 'pass', 'pass'])) };
    const foreign = write('foreign.json', { ...other, projectId: 'project-2' });
    const a = write('ana.json', ana);
    const two = await cli(['annotations', 'agreement', a, foreign]);
    expect(two.code).toBe(2);
    expect(two.err).toContain(
      'the files belong to 2 projects: ana.json (project-1), foreign.json (project-2)'
    );

    const staleLabels = other.labels.map((l) => ({ ...l, textHash: 'f'.repeat(64) }));
    const stale = await cli([
      'annotations',
      'agreement',
      a,
      write('stale.json', { ...other, labels: staleLabels })
    ]);
    expect(stale.code).toBe(2);
    expect(stale.err).toContain(
      'stale.json: label 0: story "social/0" was labelled on another version of its text'
    );

    const twice = await cli(['annotations', 'agreement', a, write('again.json', ana)]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('again.json: "ana" already has results in ana.json');

    const broken = await cli(['annotations', 'agreement', write('broken.json', { format: 'something' })]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.json: not a results file of this tool/);
    expect((await cli(['annotations', 'compare'])).err).toContain('unknown subcommand "compare"');
  });
});
