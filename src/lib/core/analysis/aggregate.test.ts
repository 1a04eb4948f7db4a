import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { judgeItemKey } from '../schema/judging';
import { computeRunAggregate, readAggregate, SCORER_VERSION, type AggregateCell } from './aggregate';
import { OVERALL, rowIdentity, rowKey, rowLabel } from './identity';
import { configFor, DATASET, judgeReply, judgingConfig, result, results, runInput, V } from './testing';

function cellOf(cells: readonly AggregateCell[], category: string): AggregateCell {
  const cell = cells.find((c) => c.category === category);
  if (cell === undefined) throw new Error(`no cell ${category}`);
  return cell;
}

describe('run aggregate: attitude detection', () => {
  it('scores each category and the whole run, with Wilson intervals, coverage and outcomes', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    // social: right, wrong, right, wrong; ethical: no response, empty answer.
    const items = results(keys, ['agree', 'agree', 'agree', 'disagree', null, '']);
    const { aggregate } = await computeRunAggregate(runInput('r1', config, items));
    expect(aggregate.scorerVersion).toBe(SCORER_VERSION);
    expect(aggregate.total).toBe(6);
    // The failed item (no output) is stored but is no answer.
    expect(aggregate.responded).toBe(5);
    expect(aggregate.cells.map((c) => c.category)).toEqual(['social', 'ethical', OVERALL]);

    const social = cellOf(aggregate.cells, 'social');
    expect(social).toMatchObject({ task: 'attitude', metric: 'accuracy', score: 0.5, n: 4, coverage: 1 });
    expect(social.outcomes).toEqual({ correct: 2, wrong: 2, unparseable: 0, error: 0 });
    // Wilson 2/4: 0.150039 to 0.849961.
    expect(social.interval.low).toBeCloseTo(0.15003898915214947, 12);
    expect(social.interval.high).toBeCloseTo(0.8499610108478506, 12);

    const ethical = cellOf(aggregate.cells, 'ethical');
    expect(ethical).toMatchObject({ score: 0, n: 2, coverage: 0 });
    expect(ethical.outcomes).toEqual({ correct: 0, wrong: 0, unparseable: 1, error: 1 });
    expect(ethical.interval.high).toBeCloseTo(0.6576197724933469, 12);

    const overall = cellOf(aggregate.cells, OVERALL);
    expect(overall.score).toBeCloseTo(2 / 6, 15);
    expect(overall.coverage).toBeCloseTo(4 / 6, 15);
    expect(overall.interval.low).toBeCloseTo(0.09677141110578041, 12);
  });

  it('counts items without a stored response as errors and says how many responded', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const { aggregate } = await computeRunAggregate(runInput('r1', config, results(keys, ['agree'])));
    expect(aggregate.responded).toBe(1);
    expect(cellOf(aggregate.cells, OVERALL).outcomes.error).toBe(5);
    expect(cellOf(aggregate.cells, OVERALL)).toMatchObject({ responded: 1, total: 6 });
    expect(cellOf(aggregate.cells, 'social')).toMatchObject({ responded: 1, total: 4 });
    // The run never reached ethical: no cell, rather than a score of 0.
    expect(aggregate.cells.map((c) => c.category)).toEqual(['social', OVERALL]);
  });

  it('has no cells when nothing was answered yet', async () => {
    const config = await configFor('attitude');
    const { aggregate } = await computeRunAggregate(runInput('r1', config, []));
    expect(aggregate).toMatchObject({ cells: [], problem: 'no item was answered' });
  });

  it('has no score and no cells when every stored item failed (a server it could not reach)', async () => {
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const failed = results(keys, [null, null, null]);
    const { aggregate } = await computeRunAggregate(runInput('r1', config, failed, { status: 'cancelled' }));
    expect(aggregate).toMatchObject({ responded: 0, total: 6, cells: [], problem: 'no item was answered' });
  });

  it('gives a run on some categories of its dataset no overall cell: overall is the whole split', async () => {
    const social = { ...DATASET, categories: { social: DATASET.categories.social! } };
    const config = await configFor('attitude', {}, social);
    const keys = planKeys(social, 'attitude');
    const { aggregate } = await computeRunAggregate({
      ...runInput('r1', config, results(keys, ['agree', 'agree', 'agree', 'agree'])),
      dataset: social
    });
    expect(aggregate.split).toEqual(['social', 'ethical']);
    expect(aggregate.cells.map((c) => c.category)).toEqual(['social']);
  });

  it('has no cells, and says why, when the dataset lacks the task for a category', async () => {
    const { social } = DATASET.categories;
    const partial = { ...DATASET, categories: { social: { setting2: social!.setting2! } } };
    const config = await configFor('attitude', {}, partial);
    const { aggregate } = await computeRunAggregate({ ...runInput('r1', config, []), dataset: partial });
    expect(aggregate.cells).toEqual([]);
    expect(aggregate.problem).toMatch(/cannot be scored: .*no attitude-detection file/);
  });

  it('has no cells, and says why, when the dataset changed since the run', async () => {
    const config = await configFor('attitude', {
      dataset: { id: 'fixture', name: 'fixture', sha256: 'f'.repeat(64) }
    });
    const { aggregate, scored } = await computeRunAggregate(runInput('r1', config, []));
    expect(aggregate.cells).toEqual([]);
    expect(aggregate.problem).toContain('has changed');
    expect(scored).toBeUndefined();
  });
});

describe('run aggregate: value selection', () => {
  it('gives F1 of mean precision and recall per category, skipping answers without values', async () => {
    const config = await configFor('selection');
    const keys = planKeys(DATASET, 'selection');
    // social/0: {family, money} vs {family, elders}: P = R = 1/2. social/1: {church}: P = R = 1.
    // ethical/0: {elders} vs {money}: P = R = 0.
    const items = results(keys, [`${V.family}\n${V.money}`, V.church, V.elders]);
    const { aggregate } = await computeRunAggregate(runInput('r1', config, items));
    const social = cellOf(aggregate.cells, 'social');
    expect(social).toMatchObject({ metric: 'f1', n: 2 });
    expect(social.score).toBeCloseTo(0.75, 15);
    expect(cellOf(aggregate.cells, 'ethical').score).toBe(0);
    // Overall: P = R = (0.5 + 1 + 0) / 3.
    expect(cellOf(aggregate.cells, OVERALL).score).toBeCloseTo(0.5, 15);
    expect(cellOf(aggregate.cells, OVERALL).interval.low).toBeLessThanOrEqual(0.5);
  });
});

describe('run aggregate: value extraction', () => {
  const outputs = ['[Final answer]: family first, elders', '[Final answer]: religion', 'no list at all'];

  it('scores with the judging: mean over every counted gold value', async () => {
    const config = await configFor('extraction');
    const keys = planKeys(DATASET, 'extraction');
    const judging = {
      id: 'j1',
      config: judgingConfig('r1'),
      results: [
        result(judgeItemKey('social/0', 0), judgeReply([1, 0.5])),
        result('social/1', judgeReply([0]))
      ]
    };
    const { aggregate } = await computeRunAggregate(
      runInput('r1', config, results(keys, outputs), { judging })
    );
    // social: (1 + 0.5 + 0) / 3; ethical: no prediction, its value counts 0; overall (1.5 + 0 + 0) / 4.
    expect(cellOf(aggregate.cells, 'social').score).toBeCloseTo(0.5, 15);
    expect(cellOf(aggregate.cells, 'ethical').score).toBe(0);
    expect(cellOf(aggregate.cells, OVERALL)).toMatchObject({ metric: 'judge', score: 0.375, n: 3 });
    expect(aggregate.judge).toEqual({
      judgingId: 'j1',
      provider: 'openai',
      model: 'judge-1',
      host: 'judge.example.com',
      samples: 1
    });
  });

  it('applies people’s verdicts beside the judge’s', async () => {
    const config = await configFor('extraction');
    const keys = planKeys(DATASET, 'extraction');
    const judging = {
      id: 'j1',
      config: judgingConfig('r1'),
      results: [result('social/0', judgeReply([1, 0.5])), result('social/1', judgeReply([0]))]
    };
    const reviews = [
      { runId: 'r1', itemKey: 'social/1', gold: 0, verdict: 1 as const, at: '2026-11-27T12:00:00.000Z' }
    ];
    const { aggregate } = await computeRunAggregate(
      runInput('r1', config, results(keys, outputs), { judging, reviews })
    );
    const overall = cellOf(aggregate.cells, OVERALL);
    expect(overall.score).toBe(0.375);
    expect(overall.corrected?.score).toBe(0.625);
  });

  it('shows no score, rather than 0, when no verdict of the judging can be read', async () => {
    const config = await configFor('extraction');
    const keys = planKeys(DATASET, 'extraction');
    const answered = keys.map(() => '[Final answer]: family first');
    const judging = {
      id: 'j1',
      config: judgingConfig('r1'),
      results: keys.map((key) => result(key, 'I would rather not grade this.'))
    };
    const { aggregate } = await computeRunAggregate(
      runInput('r1', config, results(keys, answered), { judging })
    );
    expect(aggregate.cells).toEqual([]);
    expect(aggregate.problem).toBe('no readable verdict');
  });

  it('has no cells before it is judged', async () => {
    const config = await configFor('extraction');
    const keys = planKeys(DATASET, 'extraction');
    const { aggregate } = await computeRunAggregate(runInput('r1', config, results(keys, outputs)));
    expect(aggregate.cells).toEqual([]);
    expect(aggregate.problem).toBe('not judged yet');
  });
});

describe('row identity', () => {
  it('is the model, its server host and the prompt setting; the default system prompt is named', async () => {
    const identity = await rowIdentity(await configFor('attitude'));
    expect(identity).toEqual({
      provider: 'openai',
      model: 'm1',
      host: 'api.example.com',
      kind: 'remote',
      setting: { reasoning: false, shots: 0, systemPrompt: 'default' },
      settings: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown
    });
    expect(rowLabel(identity)).toBe('m1 (api.example.com) · plain · 0-shot');
  });

  it('tells local, baseline and other system prompts apart', async () => {
    const local = await rowIdentity(
      await configFor('attitude', { model: { provider: 'webllm', model: 'Qwen' } })
    );
    expect(local.kind).toBe('local');
    const baseline = await rowIdentity(
      await configFor('attitude', { model: { provider: 'baseline', model: 'majority-attitude' } })
    );
    expect(baseline.kind).toBe('baseline');
    const config = await configFor('attitude');
    const other = await rowIdentity({ ...config, prompt: { ...config.prompt, systemPrompt: 'Be brief.' } });
    expect(other.setting.systemPrompt).toMatch(/^[0-9a-f]{64}$/);
    expect(rowKey(other)).not.toBe(rowKey(await rowIdentity(config)));
  });

  it('tells runs with other sampling apart, and majority baselines asked on other categories', async () => {
    const config = await configFor('attitude');
    const warmer = await rowIdentity({ ...config, sampling: { ...config.sampling, temperature: 0 } });
    expect(rowKey(warmer)).not.toBe(rowKey(await rowIdentity(config)));
    const majority = { provider: 'baseline', model: 'majority-attitude' };
    const whole = await rowIdentity(await configFor('attitude', { model: majority }));
    const social = await rowIdentity(
      await configFor('attitude', { model: majority, categories: ['social'] })
    );
    expect(rowKey(social)).not.toBe(rowKey(whole));
    const random = { provider: 'baseline', model: 'uniform-random:seed=0' };
    expect(
      rowKey(await rowIdentity(await configFor('attitude', { model: random, categories: ['social'] })))
    ).toBe(rowKey(await rowIdentity(await configFor('attitude', { model: random }))));
  });
});

describe('stored aggregate schema', () => {
  it('reads back what was computed and refuses anything else', async () => {
    const config = await configFor('attitude');
    const { aggregate } = await computeRunAggregate(runInput('r1', config, []));
    const copy: unknown = JSON.parse(JSON.stringify(aggregate));
    expect(readAggregate(copy)).toEqual(aggregate);
    expect(readAggregate({ ...aggregate, extra: 1 })).toBeUndefined();
    expect(readAggregate({ ...aggregate, cells: [{ ...aggregate.cells[0], score: 2 }] })).toBeUndefined();
  });
});
