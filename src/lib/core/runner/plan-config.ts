import { planRun, type ExampleSource, type RunItem } from './plan';
import { planCategories, type RunDataset } from '../dataset/run-dataset';
import type { RunConfig } from '../schema/run';
import type { TemplateSet } from '../prompts/templates';

/**
 * The items of a recorded run, rebuilt from its configuration: the same dataset and templates
 * give the same prompts, so a run can be resumed or inspected later without storing prompts.
 * Value extraction uses the default extraction templates (the run's hash records them).
 */
export function planForConfig(
  config: RunConfig,
  dataset: RunDataset,
  templates: TemplateSet,
  example?: ExampleSource
): RunItem[] {
  return planRun({
    categories: planCategories(dataset, config.task),
    setting: {
      reasoning: config.prompt.reasoning,
      shots: config.prompt.shots,
      systemPrompt: config.prompt.systemPrompt
    },
    templates,
    ...(example === undefined ? {} : { example })
  });
}
