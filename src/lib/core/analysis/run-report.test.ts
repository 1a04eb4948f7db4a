import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { exampleFor } from '../dataset/shipped-benchmark';
import type { RunConfig } from '../schema/run';
import { shippedBenchmarkFixture } from '../dataset/testing';
import { classicRunReport, sentItems } from './run-report';
import { configFor, DATASET, result, V } from './testing';

const bench = shippedBenchmarkFixture();

describe('a recorded run as its page shows it', () => {
  it('rebuilds the prompts in plan order and scores the stored answers against them', async () => {
    const config = await configFor('attitude');
    // social/0/0 is right, social/0/1 wrong, social/1/0 has no response yet, the rest unanswered.
    const stored = [result('social/0/0', 'agree'), result('social/0/1', 'agree'), result('social/1/0', null)];
    const report = classicRunReport(config, 'attitude', DATASET, bench, stored);
    expect(report.items.map((i) => i.key)).toEqual(planKeys(DATASET, 'attitude'));
    expect(report.items[0]!.messages.at(-1)!.content).toContain('Family comes before work');
    expect(report.summary.task).toBe('attitude');
    expect(report.summary.n).toBe(6);
    if (report.summary.task !== 'attitude') throw new Error('not an attitude summary');
    expect(report.summary.correct).toBe(1);
  });

  it('scores a value-selection run by its chosen values', async () => {
    const config = await configFor('selection');
    const report = classicRunReport(config, 'selection', DATASET, bench, [
      result('social/0', `${V.family}\n${V.elders}`)
    ]);
    expect(report.items.map((i) => i.key)).toEqual(['social/0', 'social/1', 'ethical/0']);
    expect(report.summary.task).toBe('selection');
  });

  it('gives a one-shot run the worked example it was sent, from the shipped benchmark', async () => {
    const config = await configFor('attitude', {
      prompt: { reasoning: false, shots: 1, systemPrompt: '', templateHash: 'b'.repeat(64) }
    });
    const example = exampleFor(bench, 'Story S0').attitude.story;
    const sent = (c: RunConfig): string => JSON.stringify(sentItems(c, DATASET, bench)[0]!.messages);
    expect(sent(config)).toContain(JSON.stringify(example).slice(1, 80));
    expect(sent(await configFor('attitude'))).not.toContain(JSON.stringify(example).slice(1, 80));
  });
});
