import type { RunConfig, Task } from '../schema/run';
import { templateHash } from './hash';
import { DEFAULT_TEMPLATES } from './templates';
import { DEFAULT_EXTRACTION_TEMPLATES, extractionTemplateHash } from './extraction-templates';

export interface RequestedPrompt {
  reasoning: boolean;
  shots: 0 | 1;
  systemPrompt: string;
}

/**
 * The prompt setting a run records, with the hash of the default templates it uses. Value
 * extraction has one shape (an analysis pass, then the values; no worked example), recorded
 * as reasoning, zero-shot, whatever was asked, so the app and the CLI file such runs alike.
 */
export async function recordedPrompt(task: Task, requested: RequestedPrompt): Promise<RunConfig['prompt']> {
  const { systemPrompt } = requested;
  if (task === 'extraction') {
    return {
      reasoning: true,
      shots: 0,
      systemPrompt,
      templateHash: await extractionTemplateHash(DEFAULT_EXTRACTION_TEMPLATES, systemPrompt)
    };
  }
  const set = DEFAULT_TEMPLATES[task];
  const template = requested.reasoning ? set.reasoning : set.plain;
  // Only the three fields: a caller may pass a larger request, and run configs are strict.
  const { reasoning, shots } = requested;
  return { reasoning, shots, systemPrompt, templateHash: await templateHash(template, systemPrompt) };
}
