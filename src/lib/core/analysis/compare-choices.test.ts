import { describe, expect, it } from 'vitest';
import { compareChoices, readChoice } from './compare-choices';
import { configFor } from './testing';

describe('the runs the compare page offers', () => {
  it('lists local runs by model, task and prompt, then published bundles, each readable back', async () => {
    const config = await configFor('selection', {
      prompt: { reasoning: true, shots: 1, systemPrompt: '', templateHash: 'b'.repeat(64) }
    });
    const choices = compareChoices([{ id: 'run-7', config, createdAt: config.createdAt }], ['a b.json']);
    expect(choices).toHaveLength(2);
    expect(choices[0]!.label).toMatch(/^m1 · selection · reasoning, 1-shot · /);
    expect(choices[1]).toEqual({ value: 'published:a b.json', label: 'published: a b.json' });
    expect(choices.map((c) => readChoice(c.value))).toEqual([
      { origin: 'local', id: 'run-7' },
      { origin: 'published', file: 'a b.json' }
    ]);
  });

  it('reads an empty or missing choice as nothing chosen', () => {
    expect(readChoice(null)).toBeUndefined();
    expect(readChoice('')).toBeUndefined();
  });
});
