import { describe, expect, it } from 'vitest';
import { agreementReport } from '../agreement/report';
import { assignStories } from './assign';
import { mergeResults, type ProjectForMerge } from './merge';
import type { ResultsFile, ValueLabel } from './schema';
import { agreementUnits, anchoring, humanMajority } from './units';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const project: ProjectForMerge = {
  id: 'p1',
  annotators: ['ana', 'ben'],
  checks: ['incorporation', 'consistency'],
  stories: new Map([
    ['social-01', { textHash: HASH_A, valueCount: 2 }],
    ['social-02', { textHash: HASH_B, valueCount: 2 }]
  ])
};

function label(
  storyId: string,
  valueIndex: number,
  verdict: 'pass' | 'fail',
  revised?: 'pass' | 'fail'
): ValueLabel {
  return {
    storyId,
    textHash: storyId === 'social-01' ? HASH_A : HASH_B,
    valueIndex,
    check: 'incorporation',
    blind: { verdict, evidence: [] },
    ...(revised ? { revised: { verdict: revised, evidence: [] } } : {})
  };
}

function file(
  name: string,
  results: Partial<ResultsFile> & { labels: ValueLabel[] }
): { name: string; text: string } {
  return {
    name,
    text: JSON.stringify({
      format: 'cqbench-annotation-results',
      version: 1,
      projectId: 'p1',
      annotator: 'ana',
      ...results
    })
  };
}

describe('mergeResults', () => {
  const ana = file('ana.json', {
    labels: [label('social-01', 0, 'pass'), label('social-02', 1, 'fail', 'pass')]
  });
  const ben = file('ben.json', {
    annotator: 'ben',
    labels: [label('social-01', 0, 'pass'), label('social-02', 1, 'fail')]
  });

  it('merges every annotator file when all are sound', () => {
    const merged = mergeResults(project, [ana, ben]);
    expect(merged.ok).toBe(true);
    if (merged.ok) expect([...merged.labels.keys()]).toEqual(['ana', 'ben']);
  });

  it('refuses the whole merge, naming each file and why, when any file is foreign, stale or duplicated', () => {
    const foreign = file('other.json', { projectId: 'p2', annotator: 'ben', labels: [] });
    const stale = file('ben.json', {
      annotator: 'ben',
      labels: [{ ...label('social-01', 0, 'pass'), textHash: HASH_B }]
    });
    const twice = file('ana-again.json', { labels: [] });
    const broken = { name: 'broken.json', text: '{"format": "cqbench-annotation-results",' };
    const merged = mergeResults(project, [ana, foreign, stale, twice, broken]);
    expect(merged).toEqual({
      ok: false,
      errors: [
        'other.json: it belongs to another project (p2)',
        'ben.json: label 0: story "social-01" was labelled on another version of its text',
        'ana-again.json: "ana" already has results in ana.json',
        expect.stringMatching(/^broken\.json: .*JSON/) as string
      ]
    });
  });

  it('refuses two labels for the same value and check in one file', () => {
    const dup = file('ana.json', { labels: [label('social-01', 0, 'pass'), label('social-01', 0, 'fail')] });
    const merged = mergeResults(project, [dup]);
    expect(merged).toEqual({
      ok: false,
      errors: ['ana.json: label 1: a second label for social-01 value 1 incorporation']
    });
  });
});

describe('agreement from merged labels', () => {
  const labels = new Map<string, ValueLabel[]>([
    [
      'ana',
      [label('social-01', 0, 'pass'), label('social-01', 1, 'fail'), label('social-02', 0, 'fail', 'pass')]
    ],
    ['ben', [label('social-01', 0, 'pass'), label('social-01', 1, 'pass'), label('social-02', 0, 'pass')]]
  ]);

  it('counts blind and final labels apart, and the revisions after the reveal', () => {
    const blind = agreementUnits(labels, 'incorporation', 'blind');
    const final = agreementUnits(labels, 'incorporation', 'final');
    const rawOf = (units: typeof blind) => {
      const f = agreementReport(units, { categories: ['pass', 'fail'] }).raw.figure;
      return f.defined ? f.value : NaN;
    };
    expect(rawOf(blind)).toBeCloseTo(1 / 3, 10);
    expect(rawOf(final)).toBeCloseTo(2 / 3, 10);
    expect(anchoring(labels)).toEqual({ changed: 1, total: 6 });
    expect([...humanMajority(final).values()]).toEqual(['pass', undefined, 'pass']);
  });
});

describe('assignStories', () => {
  const stories = Array.from({ length: 10 }, (_x, i) => `s${i}`);

  it('gives every story to k annotators with an even load, the same for the same seed', () => {
    const a = assignStories(stories, ['ana', 'ben', 'cleo'], { kind: 'all', perStory: 2 }, 'seed');
    const loads = [...a.values()].map((l) => l.length).sort();
    expect(loads).toEqual([6, 7, 7]);
    for (const id of stories) expect([...a.values()].filter((l) => l.includes(id))).toHaveLength(2);
    expect(assignStories(stories, ['ana', 'ben', 'cleo'], { kind: 'all', perStory: 2 }, 'seed')).toEqual(a);
  });

  it('overlaps only a seeded share of the stories in the subset design', () => {
    const a = assignStories(stories, ['ana', 'ben'], { kind: 'subset', perStory: 2, share: 0.3 }, 'seed');
    const shared = stories.filter((id) => [...a.values()].every((l) => l.includes(id)));
    expect(shared).toHaveLength(3);
    expect([...a.values()].reduce((s, l) => s + l.length, 0)).toBe(13);
  });

  it('refuses more annotators per story than there are', () => {
    expect(() => assignStories(stories, ['ana'], { kind: 'all', perStory: 2 }, 's')).toThrow(
      /1 to 1 annotators, not 2/
    );
  });
});
