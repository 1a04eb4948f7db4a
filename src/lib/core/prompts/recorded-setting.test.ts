import { describe, expect, it } from 'vitest';
import { recordedPrompt } from './recorded-setting';
import { DEFAULT_SYSTEM_PROMPT } from './templates';

describe('recordedPrompt', () => {
  it('files every value-extraction run as reasoning, zero-shot, whatever was asked', async () => {
    const asked = await recordedPrompt('extraction', {
      reasoning: false,
      shots: 1,
      systemPrompt: DEFAULT_SYSTEM_PROMPT
    });
    const other = await recordedPrompt('extraction', {
      reasoning: true,
      shots: 0,
      systemPrompt: DEFAULT_SYSTEM_PROMPT
    });
    expect(asked).toEqual(other);
    expect(asked).toMatchObject({ reasoning: true, shots: 0 });
  });

  it('gives plain and reasoning prompts of one task different template hashes', async () => {
    const setting = { shots: 0 as const, systemPrompt: DEFAULT_SYSTEM_PROMPT };
    const plain = await recordedPrompt('attitude', { ...setting, reasoning: false });
    const reasoning = await recordedPrompt('attitude', { ...setting, reasoning: true });
    expect(plain.templateHash).not.toBe(reasoning.templateHash);
    const otherSystem = await recordedPrompt('attitude', { ...setting, reasoning: false, systemPrompt: '' });
    expect(otherSystem.templateHash).not.toBe(plain.templateHash);
  });
});
