import { describe, expect, it } from 'vitest';
import {
  cohenKappa,
  extractionGold,
  fleissKappa,
  MIN_AGREEMENT_N,
  planJudging,
  summarizeExtraction,
  type ExtractionGold
} from '../../src/lib/core/extraction';
import { planKeys, planCategories } from '../../src/lib/core/dataset/run-dataset';
import { shippedDataset } from '../../src/cli/resolve-dataset';
import type { HumanVerdict } from '../../src/lib/core/schema/judging';
import { DEFAULT_SAMPLING, type ItemResult, type RunConfig } from '../../src/lib/core/schema/run';
import { planForConfig } from '../../src/lib/core/runner/plan-config';
import { planRun } from '../../src/lib/core/runner/plan';
import { DEFAULT_TEMPLATES } from '../../src/lib/core/prompts/templates';

const at = '2026-01-01T00:00:00.000Z';
const result = (itemKey: string, output: string | null, extra: Partial<ItemResult> = {}): ItemResult => ({
  itemKey,
  output,
  latencyMs: 10,
  attempts: 1,
  finishedAt: at,
  ...extra
});
const verdicts = (...scores: (number | string)[]): string =>
  `[Final answer]:\n${scores.map((s, i) => `Value ${i + 1}: ${s}`).join('\n')}`;

const gold: ExtractionGold[] = [
  { key: 'c/0', category: 'c', story: 0, gold: ['A--agree', 'B--disagree'] },
  { key: 'c/1', category: 'c', story: 1, gold: ['C--agree', 'D--agree', 'E--agree'] },
  { key: 'c/2', category: 'c', story: 2, gold: ['F--agree'] },
  { key: 'c/3', category: 'c', story: 3, gold: ['G--agree', 'H--agree'] }
];
const results = [
  result('c/0', 'notes\n[Final answer]:\nA--agree'),
  result('c/1', 'notes\n[Final answer]:\nC--agree\nD--disagree'),
  result('c/2', 'I cannot decide.'),
  result('c/3', null, { error: 'HTTP 503' })
];

describe('summarizeExtraction', () => {
  it('scores read verdicts, counts no prediction and no response as 0, and an unread verdict never', () => {
    const judge = [
      result('c/0', verdicts(1, 0), { usage: { promptTokens: 100, completionTokens: 20 }, latencyMs: 50 }),
      result('c/1', verdicts(1, 0.5, 'n/a'), {
        attempts: 3,
        rejected: ['x', 'y'],
        usage: { promptTokens: 300, completionTokens: 60 },
        latencyMs: 150
      })
    ];
    const s = summarizeExtraction({ gold, results, judgeResults: judge });
    // Counted: c/0 1+0, c/1 1+0.5 (third unread), c/2 0 (no prediction), c/3 0+0 (no response).
    expect(s.score).toBeCloseTo(2.5 / 7);
    expect(s.lowerBound).toBeCloseTo(2.5 / 8);
    expect(s.goldValues).toBe(8);
    expect(s.judged).toBe(4);
    expect(s.unparseable).toBe(1);
    expect(s.noPrediction).toBe(1);
    expect(s.noPredictionValues).toBe(1);
    expect(s.error).toBe(1);
    expect(s.notJudged).toBe(0);
    expect(s.items.map((i) => [i.status, i.outcome, i.score])).toEqual([
      ['scored', 'correct', 0.5],
      ['scored', 'unparseable', 0.75],
      ['no-prediction', 'unparseable', 0],
      ['no-response', 'error', 0]
    ]);
    expect(s.items[1]!.values[2]).toMatchObject({ judge: null, final: null });
    expect(s.items[1]!.values[2]!.unparseable).toContain('n/a');
    expect(s.judgeUsage).toEqual({ calls: 4, refused: 2, promptTokens: 400, completionTokens: 80, ms: 200 });
    expect(s.scoreInterval!.low).toBeLessThanOrEqual(s.score!);
    expect(s.scoreInterval!.high).toBeGreaterThanOrEqual(s.score!);
    expect(s.consistency).toBeUndefined();
  });

  it('items not yet judged are left out of the score and of the outcomes, and counted apart', () => {
    const s = summarizeExtraction({ gold, results, judgeResults: [result('c/0', verdicts(1, 1))] });
    expect(s.notJudged).toBe(1);
    expect(s.items[1]).toMatchObject({ status: 'not-judged', outcome: null, score: null });
    expect(s.score).toBeCloseTo(2 / 5);
    expect(s.lowerBound).toBeCloseTo(2 / 8);
    // Only the story without a model response is an error; the unjudged one is not scored yet.
    expect(s.outcomes).toEqual({ correct: 1, wrong: 0, unparseable: 1, error: 1 });
    expect(s.verdictCoverage).toBeCloseTo(2 / 8);
  });

  it('a failed judge call leaves the story not scored rather than an error of the model', () => {
    const s = summarizeExtraction({
      gold: gold.slice(0, 2),
      results,
      judgeResults: [result('c/0', verdicts(1, 1)), result('c/1', null, { error: 'HTTP 401' })]
    });
    expect(s.items[1]).toMatchObject({ status: 'judge-failed', outcome: null });
    expect(s.judgeFailed).toBe(1);
    expect(s.outcomes.error).toBe(0);
  });

  it('no readable verdict gives no score and no interval, never 0', () => {
    const unreadable = gold.slice(0, 2).map((g) => result(g.key, 'They seem fine to me.'));
    const s = summarizeExtraction({ gold: gold.slice(0, 2), results, judgeResults: unreadable });
    expect(s.score).toBeNull();
    expect(s.scoreInterval).toBeNull();
    expect(s.lowerBound).toBe(0);
    expect(s.verdictCoverage).toBe(0);
    const none = summarizeExtraction({ gold: gold.slice(0, 2), results, judgeResults: [] });
    expect([none.score, none.scoreInterval]).toEqual([null, null]);
    const empty = summarizeExtraction({ gold: [], results: [], judgeResults: [] });
    expect([empty.score, empty.lowerBound, empty.verdictCoverage]).toEqual([null, null, 0]);
    // A person's verdict on an unread value gives a corrected score where the judge gives none.
    const fixed = summarizeExtraction({
      gold: gold.slice(0, 2),
      results,
      judgeResults: unreadable,
      humanVerdicts: [{ runId: 'r', itemKey: 'c/0', gold: 0, verdict: 1, at }]
    });
    expect(fixed.score).toBeNull();
    expect(fixed.corrected?.score).toBe(1);
    expect(fixed.items[0]!.correctedScore).toBe(1);
  });

  it('self-consistency gives no score for a sample that read nothing', () => {
    const s = summarizeExtraction({
      gold: gold.slice(0, 1),
      results,
      judgeResults: [result('c/0', verdicts(1, 0)), result('c/0#1', 'unsure')]
    });
    expect(s.consistency?.scorePerSample).toEqual([0.5, null]);
  });

  it('human verdicts give a corrected score beside the judge-only one, and agreement once there are enough', () => {
    const judge = [result('c/0', verdicts(1, 0)), result('c/1', verdicts(1, 1, 1))];
    const human = (itemKey: string, g: number, verdict: 0 | 0.5 | 1): HumanVerdict => ({
      runId: 'r',
      itemKey,
      gold: g,
      verdict,
      at
    });
    const few = summarizeExtraction({
      gold,
      results,
      judgeResults: judge,
      humanVerdicts: [human('c/0', 1, 1)]
    });
    expect(few.score).toBeCloseTo(4 / 8);
    expect(few.corrected?.score).toBeCloseTo(5 / 8);
    expect(few.corrected?.overridden).toBe(1);
    expect(few.agreement).toEqual({ n: 1, raw: null, kappa: null, needed: MIN_AGREEMENT_N - 1 });

    const big: ExtractionGold[] = [
      { key: 'b/0', category: 'b', story: 0, gold: Array.from({ length: 12 }, (_, i) => `V${i}--agree`) }
    ];
    const judged = [1, 1, 1, 0, 0, 0, 0.5, 0.5, 1, 0, 1, 0];
    const people = [1, 1, 1, 0, 0, 0, 0.5, 1, 1, 0, 1, 1] as const;
    const s = summarizeExtraction({
      gold: big,
      results: [result('b/0', '[Final answer]:\nV1--agree')],
      judgeResults: [result('b/0', verdicts(...judged))],
      humanVerdicts: people.map((v, i) => human('b/0', i, v))
    });
    expect(s.agreement?.n).toBe(12);
    expect(s.agreement?.raw).toBeCloseTo(10 / 12);
    expect(s.agreement?.kappa).toBeCloseTo(cohenKappa(judged.map((j, i) => [j as 0 | 0.5 | 1, people[i]!]))!);
    expect(s.agreement?.needed).toBe(0);
  });

  it('self-consistency over k samples: agreement share, Fleiss kappa and the score per sample', () => {
    const judge = [
      result('c/0', verdicts(1, 0)),
      result('c/0#1', verdicts(1, 1)),
      result('c/1', verdicts(1, 0.5, 0)),
      result('c/1#1', verdicts(1, 0.5, 0))
    ];
    const s = summarizeExtraction({ gold, results, judgeResults: judge });
    expect(s.consistency?.samples).toBe(2);
    expect(s.consistency?.values).toBe(5);
    expect(s.consistency?.allAgree).toBeCloseTo(4 / 5);
    expect(s.consistency?.scorePerSample[0]).toBeCloseTo(s.score!);
    expect(s.consistency?.scorePerSample[1]).toBeCloseTo(3.5 / 8);
    expect(s.score).toBeCloseTo(2.5 / 8);
  });
});

describe('kappas', () => {
  it('Cohen: 1 for perfect agreement, 0 at chance, null when undefined', () => {
    expect(
      cohenKappa([
        [1, 1],
        [0, 0],
        [0.5, 0.5]
      ])
    ).toBeCloseTo(1);
    expect(
      cohenKappa([
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0]
      ])
    ).toBeCloseTo(0);
    expect(
      cohenKappa([
        [1, 1],
        [1, 1]
      ])
    ).toBeNull();
    expect(cohenKappa([])).toBeNull();
  });
  it('Fleiss: 1 when every subject is rated alike, below 0 when raters split systematically', () => {
    expect(
      fleissKappa([
        [1, 1, 1],
        [0, 0, 0]
      ])
    ).toBeCloseTo(1);
    expect(
      fleissKappa([
        [1, 0],
        [0, 1]
      ])!
    ).toBeLessThan(0);
  });
});

describe('planning', () => {
  const dataset = shippedDataset(['social', 'multiple']);
  it('plans one two-call item per story with keys category/story, the follow-up asking for a [Final answer] list', () => {
    const items = planRun({
      categories: planCategories(dataset, 'extraction'),
      setting: { reasoning: true, shots: 0, systemPrompt: 'You are a careful reader' },
      templates: DEFAULT_TEMPLATES
    });
    expect(items.map((i) => i.key)).toEqual(planKeys(dataset, 'extraction'));
    const social = items.find((i) => i.category === 'social')!;
    const multiple = items.find((i) => i.category === 'multiple')!;
    expect(social.messages[0]).toEqual({ role: 'system', content: 'You are a careful reader' });
    expect(social.messages[1]?.content).toContain(dataset.categories.social!.original![0]!.story);
    expect(social.followUps).toHaveLength(1);
    expect(social.followUps![0]).toContain('[Final answer]:');
    expect(social.followUps![0]).toContain('statement--attitude');
    expect(social.followUps![0]).not.toContain('Name:statement--attitude');
    expect(multiple.followUps![0]).toContain('Name:statement--attitude');
  });

  it("gold values are the original files' values; multiple-character ones name the character", () => {
    const g = extractionGold(dataset);
    expect(g.map((x) => x.key)).toEqual(planKeys(dataset, 'extraction'));
    expect(g[0]!.gold).toEqual(dataset.categories.social!.original![0]!.values);
    expect(g.find((x) => x.category === 'multiple')!.gold[0]).toMatch(/^[^:]+:.+--/);
  });

  it('a recorded extraction run is planned again from its configuration, zero-shot only', () => {
    const config: RunConfig = {
      task: 'extraction',
      dataset: { id: 'shipped', name: 'shipped', sha256: 'a'.repeat(64) },
      categories: ['social', 'multiple'],
      prompt: { reasoning: true, shots: 0, systemPrompt: '', templateHash: 'b'.repeat(64) },
      model: { provider: 'openai', model: 'm' },
      sampling: DEFAULT_SAMPLING,
      environment: { appVersion: '0' },
      createdAt: at
    };
    const items = planForConfig(config, dataset, DEFAULT_TEMPLATES);
    expect(items.map((i) => i.key)).toEqual(planKeys(dataset, 'extraction'));
    // A blank system prompt sends the scene alone.
    expect(items[0]!.messages).toHaveLength(1);
    expect(() =>
      planForConfig({ ...config, prompt: { ...config.prompt, shots: 1 } }, dataset, DEFAULT_TEMPLATES)
    ).toThrow('zero-shot');
  });

  it('judges only items with a prediction, k samples each, numbered gold values, with a check', () => {
    const items = planJudging({ gold, results, samples: 2 });
    expect(items.map((i) => i.key)).toEqual(['c/0', 'c/0#1', 'c/1', 'c/1#1']);
    const user = items[2]!.messages.at(-1)!.content;
    expect(user).toContain('C--agree\nD--disagree');
    expect(user).toContain('Value 1: C--agree\nValue 2: D--agree\nValue 3: E--agree');
    expect(items[0]!.check?.(verdicts(1, 0))).toBeUndefined();
    expect(items[0]!.check?.(verdicts(1))).toBeDefined();
  });
});
