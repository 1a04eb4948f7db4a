import { describe, expect, it } from 'vitest';
import { planKeys } from '../dataset/run-dataset';
import { exampleFor } from '../dataset/shipped-benchmark';
import type { RunConfig } from '../schema/run';
import { shippedBenchmarkFixture } from '../dataset/testing';
import { sentItem, sentItems } from './run-report';
import { configFor, DATASET } from './testing';

const bench = shippedBenchmarkFixture();

describe('a recorded run as its page shows it', () => {
  it('rebuilds the prompts in plan order, as they were sent', async () => {
    const items = sentItems(await configFor('attitude'), DATASET, bench);
    expect(items.map((i) => i.key)).toEqual(planKeys(DATASET, 'attitude'));
    expect(items[0]!.messages.at(-1)!.content).toContain('Family comes before work');
    const selection = sentItems(await configFor('selection'), DATASET, bench);
    expect(selection.map((i) => i.key)).toEqual(['social/0', 'social/1', 'ethical/0']);
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

  it('rebuilds one item exactly as the whole plan has it, without planning the others', async () => {
    for (const task of ['attitude', 'selection'] as const) {
      for (const shots of [0, 1] as const) {
        const config = await configFor(task, {
          prompt: { reasoning: true, shots, systemPrompt: 'Be brief.', templateHash: 'b'.repeat(64) }
        });
        for (const item of sentItems(config, DATASET, bench))
          expect(sentItem(config, DATASET, item.key, bench)).toEqual(item);
      }
    }
    const config = await configFor('attitude');
    expect(sentItem(config, DATASET, 'social/99/0', bench)).toBeUndefined();
    expect(sentItem(config, DATASET, 'nowhere/0/0', bench)).toBeUndefined();
  });
});
