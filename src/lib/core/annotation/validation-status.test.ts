import { describe, expect, it } from 'vitest';
import { CHECK_KINDS, type CheckKind } from '../checks/check-templates';
import type { AnnotationProject } from './project';
import type { ValueLabel } from './schema';
import { describeStatus, validationStatuses, versionKey } from './validation-status';
import { keptStoryFiles } from './validated-subset';

const HASH = 'a'.repeat(64);
const NEW_HASH = 'b'.repeat(64);

const label = (
  storyId: string,
  valueIndex: number,
  check: CheckKind,
  verdict: 'pass' | 'fail'
): ValueLabel => ({
  storyId,
  textHash: HASH,
  valueIndex,
  check,
  blind: { verdict, evidence: [] }
});

/** Every value of `storyId` under every check, labelled `verdict` (but `except` labelled the other way). */
function labelsOf(storyId: string, values: number, verdict: 'pass' | 'fail', except?: string): ValueLabel[] {
  return Array.from({ length: values }, (_, v) =>
    CHECK_KINDS.map((check) =>
      label(storyId, v, check, `${v}#${check}` === except ? (verdict === 'pass' ? 'fail' : 'pass') : verdict)
    )
  ).flat();
}

function project(
  id: string,
  createdAt: string,
  results: Record<string, ValueLabel[]>,
  extra = {}
): AnnotationProject {
  const story = (storyId: string) => ({
    storyId,
    category: 'social',
    textHash: HASH,
    text: `Text of ${storyId}.`,
    values: [
      { statement: 'S0', attitude: 'agree' },
      { statement: 'S1', attitude: 'agree' }
    ]
  });
  return {
    id,
    name: id,
    dataset: 'shipped',
    createdAt,
    seed: 's',
    checks: [...CHECK_KINDS],
    annotators: Object.keys(results),
    overlap: { kind: 'all', perStory: 2 },
    stories: [story('a'), story('b'), story('c'), story('d')],
    assignments: Object.fromEntries(Object.keys(results).map((k) => [k, ['a', 'b', 'c', 'd']])),
    results,
    adjudications: {},
    ...extra
  };
}

describe('validation status', () => {
  // a: both annotators pass everything. b: both fail value 2's consistency. c: they disagree on
  // value 1's implicitness (undecided until adjudicated). d: only one check labelled.
  const p1 = project('p1', '2026-01-01T00:00:00.000Z', {
    ana: [
      ...labelsOf('a', 2, 'pass'),
      ...labelsOf('b', 2, 'pass', '1#consistency'),
      ...labelsOf('c', 2, 'pass'),
      label('d', 0, 'incorporation', 'pass')
    ],
    ben: [
      ...labelsOf('a', 2, 'pass'),
      ...labelsOf('b', 2, 'pass', '1#consistency'),
      ...labelsOf('c', 2, 'pass', '0#implicitness')
    ]
  });

  it('passes a story whose every value passed every check, fails one with a failed item, else pending', () => {
    const statuses = validationStatuses([p1], 'shipped');
    expect(describeStatus(statuses.get(versionKey('a', HASH)))).toBe('passed all checks');
    expect(describeStatus(statuses.get(versionKey('b', HASH)))).toBe('failed: value 2 consistency');
    expect(describeStatus(statuses.get(versionKey('c', HASH)))).toBe(
      'not yet validated (5 of 6 value checks decided)'
    );
    expect(describeStatus(statuses.get(versionKey('d', HASH)))).toBe(
      'not yet validated (1 of 6 value checks decided)'
    );
    expect(describeStatus(statuses.get(versionKey('a', NEW_HASH)))).toBe('not yet validated');
    expect(validationStatuses([p1], 'another-dataset').size).toBe(0);
  });

  it("counts an adjudicated label, and a later project's label over an earlier one", () => {
    const adjudicated = {
      ...p1,
      adjudications: {
        'c#0#implicitness': {
          verdict: 'pass' as const,
          reason: 'the line is an echo',
          at: '2026-01-02T00:00:00.000Z'
        }
      }
    };
    const statuses = validationStatuses([adjudicated], 'shipped');
    const c = statuses.get(versionKey('c', HASH));
    expect(c?.kind).toBe('passed');
    expect(c?.decided.find((d) => d.valueIndex === 0 && d.check === 'implicitness')?.how).toBe('adjudicated');
    // A later project finds b's consistency fine after all: its label replaces the earlier one.
    const later = project('p2', '2026-02-01T00:00:00.000Z', { cy: labelsOf('b', 2, 'pass') });
    expect(describeStatus(validationStatuses([later, p1], 'shipped').get(versionKey('b', HASH)))).toBe(
      'passed all checks'
    );
  });
});

describe('keptStoryFiles', () => {
  it('keeps the chosen stories of every file in step, drops empty categories, names files as the release does', () => {
    const categories = {
      social: {
        original: [0, 1, 2].map((i) => ({
          story: `s${i}`,
          original_values: [],
          values: [],
          contradiction: []
        })),
        setting1: [0, 1, 2].map((i) => ({ story: `s${i}`, questions: [] })),
        setting2: [0, 1, 2].map((i) => ({ story: `s${i}`, options: [], values: [] }))
      },
      ethical: { setting1: [{ story: 'e0', questions: [] }] }
    };
    const { files, kept } = keptStoryFiles(categories, (c, i) => c === 'social' && i !== 1);
    expect(kept).toBe(2);
    expect(files.map((f) => f.name)).toEqual([
      'dataset_social_original.json',
      'dataset_setting1_social.json',
      'dataset_setting2_social.json'
    ]);
    for (const f of files)
      expect((JSON.parse(f.text) as { story: string }[]).map((x) => x.story)).toEqual(['s0', 's2']);
  });
});
