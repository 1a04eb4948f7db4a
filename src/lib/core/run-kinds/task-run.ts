import type { RunDataset } from '../dataset/run-dataset';
import { planForConfig } from '../runner/plan-config';
import type { ExampleSource } from '../runner/plan';
import { scoreRun, type ScoredRun } from '../analysis/score';
import type { TemplateSet } from '../prompts/templates';
import type { RunConfig } from '../schema/run';
import type { RunKind } from './run-kind';

export interface TaskRunInput {
  config: RunConfig;
  /** The run's categories, as the run asks them. */
  dataset: RunDataset;
  templates: TemplateSet;
  /** The worked example, for one-shot prompts. */
  example?: ExampleSource;
}

/**
 * A model answering one task of the benchmark (attitude detection, value selection, or value
 * extraction before its judging). Summarised without a judging: a value-extraction run's
 * scores come from its judging (see `judgingKind`).
 */
export const taskRunKind: RunKind<TaskRunInput, ScoredRun> = {
  id: 'task',
  store: 'results',
  plan: ({ config, dataset, templates, example }) => planForConfig(config, dataset, templates, example),
  summarise: ({ config, dataset }, results) => scoreRun({ config, dataset, results })
};
