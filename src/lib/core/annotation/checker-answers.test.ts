import { describe, expect, it } from 'vitest';
import { answersToLabels, locateEvidence } from './checker-answers';
import { labelledByEveryChecker, MODEL_CHECKERS, withResults } from './hard-validation';
import { buildProject } from './project';
import { describeStatus, validationStatuses, versionKey } from './validation-status';
import type { AssignedStory, ResultsFile } from './schema';
import type { AnnotationProject } from './project';

const TEXT_1 =
  '**Mara:** I sign the first petition, not the second.\n\n**Tomas:** You said  “never again” last   week.';
const TEXT_2 = '**Ines:** Four of six inherited the firm.';
const stories: AssignedStory[] = [
  {
    storyId: 'hard-social-01',
    category: 'social',
    textHash: '1'.repeat(64),
    text: TEXT_1,
    values: [
      { statement: 'S1', attitude: 'Agree' },
      { statement: 'S2', attitude: 'Disagree' }
    ]
  },
  {
    storyId: 'hard-social-02',
    category: 'social',
    textHash: '2'.repeat(64),
    text: TEXT_2,
    values: [{ statement: 'S3', attitude: 'Neither' }]
  }
];

const pass = (quote: string) => ({
  incorporation: { verdict: 'yes', quotes: [quote] },
  consistency: { verdict: 'yes', quotes: [quote] },
  implicitness: { verdict: 'yes', quotes: [quote] }
});

function answers(): Record<string, unknown[]> {
  return {
    'hard-social-01': [
      { value: 1, ...pass('I sign the first petition') },
      {
        value: 2,
        incorporation: { verdict: 'yes', quotes: ['You said "never again" last week.'] },
        consistency: { verdict: 'no', character: 'Tomas', quotes: ['“never again”'] },
        implicitness: { verdict: 'too explicit', quotes: ['not the second'], note: 'says it' }
      }
    ],
    'hard-social-02': [{ value: 1, ...pass('Four of six inherited the firm.') }]
  };
}

describe('checker answers to labels', () => {
  it('locates each quote by offsets in the story text, loosely spaced or quoted ones included', () => {
    const outcome = answersToLabels(stories, answers());
    if (!outcome.ok) throw new Error(outcome.errors.join('; '));
    expect(outcome.labels).toHaveLength(9);
    const exact = outcome.labels[0]!.blind.evidence[0]!;
    expect(TEXT_1.slice(exact.start, exact.end)).toBe('I sign the first petition');
    expect(exact).toEqual({ start: 10, end: 35, quote: 'I sign the first petition' });
    const loose = outcome.labels.find((l) => l.valueIndex === 1 && l.check === 'incorporation')!;
    const span = loose.blind.evidence[0]!;
    // The story's own words and spacing, not the checker's.
    expect(span.quote).toBe('You said  “never again” last   week.');
    expect(TEXT_1.slice(span.start, span.end)).toBe(span.quote);
  });

  it('maps the sheet verdicts to pass and fail, keeping the contradicting character and the note', () => {
    const outcome = answersToLabels(stories, answers());
    if (!outcome.ok) throw new Error(outcome.errors.join('; '));
    const second = outcome.labels.filter((l) => l.storyId === 'hard-social-01' && l.valueIndex === 1);
    expect(second.map((l) => [l.check, l.blind.verdict])).toEqual([
      ['incorporation', 'pass'],
      ['consistency', 'fail'],
      ['implicitness', 'fail']
    ]);
    expect(second[1]!.blind.character).toBe('Tomas');
    expect(second[2]!.blind.note).toBe('says it');
    expect(second.every((l) => l.textHash === '1'.repeat(64))).toBe(true);
  });

  it('refuses the whole file for one quote the story does not contain, naming story, value and quote', () => {
    const bad = answers();
    (bad['hard-social-02']![0] as { implicitness: unknown }).implicitness = {
      verdict: 'yes',
      quotes: ['Five of six inherited the firm.']
    };
    const outcome = answersToLabels(stories, bad);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toEqual([
      'hard-social-02 value 1 implicitness: quote not found in the story: "Five of six inherited the firm."'
    ]);
  });

  it('refuses missing values, unknown stories and verdicts, and a contradiction without its character', () => {
    const bad = answers();
    bad['hard-social-01'] = [bad['hard-social-01']![0]!];
    bad['hard-other-01'] = [];
    (bad['hard-social-02']![0] as { consistency: unknown }).consistency = { verdict: 'no', quotes: ['Four'] };
    (bad['hard-social-02']![0] as { incorporation: unknown }).incorporation = {
      verdict: 'maybe',
      quotes: ['Four']
    };
    const outcome = answersToLabels(stories, bad);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toEqual([
      'hard-other-01: not a story of this sheet',
      'hard-social-01 value 2: no answer',
      'hard-social-02 value 1 incorporation: verdict "maybe" is neither "yes" nor "no"',
      'hard-social-02 value 1 consistency: a "no" must name the character who contradicts the value'
    ]);
  });

  it('asks for a quote except where a value is not incorporated', () => {
    const given = answers();
    (given['hard-social-02']![0] as { incorporation: unknown }).incorporation = { verdict: 'no' };
    expect(answersToLabels(stories, given).ok).toBe(true);
    (given['hard-social-02']![0] as { consistency: unknown }).consistency = { verdict: 'yes', quotes: [] };
    const outcome = answersToLabels(stories, given);
    expect(outcome.ok ? [] : outcome.errors).toEqual([
      'hard-social-02 value 1 consistency: give at least one quote from the story as evidence'
    ]);
  });

  it('does not accept a merely similar passage as evidence', () => {
    expect(locateEvidence(TEXT_2, 'Four of six inherited the firm')).toBeDefined();
    expect(locateEvidence(TEXT_2, 'Four of six inherited the family company')).toBeUndefined();
  });
});

describe('shipped results against the project', () => {
  it('count only labels given on the current text of a story', () => {
    const project = {
      id: 'p',
      annotators: ['model checker A'],
      stories
    } as unknown as AnnotationProject;
    const outcome = answersToLabels(stories, answers());
    if (!outcome.ok) throw new Error('answers refused');
    const stale = { ...outcome.labels[0]!, textHash: '9'.repeat(64) };
    const file: ResultsFile = {
      format: 'cqbench-annotation-results',
      version: 1,
      projectId: 'p',
      annotator: 'model checker A',
      labels: [...outcome.labels.slice(1), stale]
    };
    const attached = withResults(project, [file]);
    expect(attached.stale).toBe(1);
    expect(attached.project.results['model checker A']).toHaveLength(8);
    expect(() => withResults(project, [{ ...file, annotator: 'someone' }])).toThrow(/not a checker/);
  });
});

describe('the status a story shows from the shipped validation', () => {
  it('is passed when both model checkers pass every check, failed when both fail one, else not validated', async () => {
    const project = await buildProject(
      {
        name: 'hard',
        dataset: 'hard',
        checks: ['incorporation', 'consistency', 'implicitness'],
        annotators: [...MODEL_CHECKERS],
        overlap: { kind: 'all', perStory: 2 },
        count: 2,
        seed: 's'
      },
      stories.map((s, index) => ({ ...s, index })),
      new Date('2026-01-01T00:00:00Z'),
      'hard-split-validation'
    );
    const withHashes = project.stories;
    const given = answers();
    const agreed = answersToLabels(withHashes, given);
    // Checker B passes what A failed on story 1 value 2 (consistency), and agrees elsewhere.
    const second = given['hard-social-01']![1] as { consistency: unknown };
    second.consistency = { verdict: 'yes', quotes: ['never again'] };
    const other = answersToLabels(withHashes, given);
    if (!agreed.ok || !other.ok) throw new Error('answers refused');
    const files: ResultsFile[] = [
      {
        format: 'cqbench-annotation-results',
        version: 1,
        projectId: project.id,
        annotator: MODEL_CHECKERS[0],
        labels: agreed.labels
      },
      {
        format: 'cqbench-annotation-results',
        version: 1,
        projectId: project.id,
        annotator: MODEL_CHECKERS[1],
        labels: other.labels
      }
    ];
    const statuses = validationStatuses(
      [labelledByEveryChecker(withResults(project, files).project)],
      'hard'
    );
    const status = (id: string) => {
      const story = withHashes.find((s) => s.storyId === id)!;
      return describeStatus(statuses.get(versionKey(id, story.textHash)));
    };
    // Story 1: both say value 2 is too explicit (failed); they disagree on its consistency.
    expect(status('hard-social-01')).toBe('failed: value 2 implicitness');
    expect(status('hard-social-02')).toBe('passed all checks');
    expect(describeStatus(statuses.get(versionKey('hard-social-02', '0'.repeat(64))))).toBe(
      'not yet validated'
    );
    // One checker's verdicts alone decide nothing: the split asks for two.
    const single = validationStatuses(
      [labelledByEveryChecker(withResults(project, [files[0]!]).project)],
      'hard'
    );
    expect(single.get(versionKey('hard-social-02', withHashes[1]!.textHash))?.kind).toBe('pending');
  });
});
