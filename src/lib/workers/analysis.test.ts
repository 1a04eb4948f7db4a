import { describe, expect, it } from 'vitest';
import { exportRunBundle, runBundleText } from '../core/analysis';
import { configFor, DATASET, result, results, runInput } from '../core/analysis/testing';
import { planKeys } from '../core/dataset/run-dataset';
import { FormatError } from '../core/format-error';
import { UserError } from '../core/user-message';
import { AnalysisSession, crossingError, rebuildError, type AnalysisEvent } from './analysis';

const SPLIT = Object.keys(DATASET.categories);

async function bundleText(): Promise<string> {
  const config = await configFor('attitude');
  const keys = planKeys(DATASET, 'attitude');
  return runBundleText(
    await exportRunBundle(runInput('run-1', config, results(keys, ['agree', 'disagree', 'agree', null, 'x'])))
  );
}

const silent = (): void => undefined;

describe('the analysis session (what the worker runs)', () => {
  it('reads, verifies and hands over a bundle a batch at a time', async () => {
    const session = new AnalysisSession();
    const read = await session.handle(
      { type: 'read-bundle', file: 'b.json', text: await bundleText() },
      silent
    );
    expect(read).toMatchObject({ results: 5, run: { id: 'run-1' } });
    const token = (read as { token: number }).token;
    expect(
      await session.handle({ type: 'verify-bundle', token, dataset: DATASET, split: SPLIT }, silent)
    ).toEqual({
      status: { state: 'verified' }
    });
    const batches: string[][] = [];
    const taken = await session.handle({ type: 'take-bundle', token, batch: 2 }, (e) => {
      batches.push(e.results.map((r) => r.itemKey));
    });
    expect(taken).toEqual({ judgings: [], reviews: [] });
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat()).toEqual(planKeys(DATASET, 'attitude').slice(0, 5));
    // Taken once: the session keeps nothing of it.
    await expect(session.handle({ type: 'take-bundle', token, batch: 2 }, silent)).rejects.toThrow(
      'no bundle'
    );
  });

  it('refuses a result for an item the dataset does not have, naming it', async () => {
    const session = new AnalysisSession();
    const data = JSON.parse(await bundleText()) as { results: unknown[] };
    data.results.push(result('nowhere/0/0', 'agree'));
    const read = (await session.handle(
      { type: 'read-bundle', file: 'extra.json', text: JSON.stringify(data) },
      silent
    )) as { token: number };
    const refusal = await session
      .handle({ type: 'verify-bundle', token: read.token, dataset: DATASET, split: SPLIT }, silent)
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FormatError);
    expect(String(refusal)).toContain('nowhere/0/0 is not an item of attitude');
  });

  it('scores staged responses, counting the damaged ones', async () => {
    const session = new AnalysisSession();
    const config = await configFor('attitude');
    const keys = planKeys(DATASET, 'attitude');
    const events: AnalysisEvent[] = [];
    const token = (await session.handle(
      { type: 'stage-results', token: null, results: results(keys.slice(0, 3), ['agree', 'agree', 'no']) },
      (e) => events.push(e)
    )) as number;
    await session.handle({ type: 'stage-results', token, results: [{ itemKey: 'broken' }] }, silent);
    const { results: stored, ...input } = runInput('run-2', config, []);
    expect(stored).toEqual([]);
    const scored = await session.handle({ type: 'score-run', input: { ...input, staged: token } }, silent);
    expect(scored).toMatchObject({ damaged: 1, aggregate: { runId: 'run-2', responded: 3 } });
    expect(events).toEqual([]);
  });
});

describe('errors crossing from the worker', () => {
  it('come back as the same kind, with what the user is told intact', () => {
    const format = rebuildError(crossingError(new FormatError('b.json', 'field "run"', 'missing')));
    expect(format).toBeInstanceOf(FormatError);
    expect(format.message).toBe('b.json: field "run": missing');
    expect(rebuildError(crossingError(new UserError('import the dataset first')))).toBeInstanceOf(UserError);
    const full = rebuildError(crossingError(new DOMException('quota', 'QuotaExceededError')));
    expect(full.name).toBe('QuotaExceededError');
  });
});
