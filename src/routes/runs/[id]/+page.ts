import { error } from '@sveltejs/kit';
import { database } from '$lib/storage/instance';
import { getRun, responsesOf } from '$lib/storage/runs';
import { loadRunDataset } from '$lib/data/load-run-dataset';
import { extractionRunView } from '$lib/data/judging';
import { planForConfig } from '$lib/core/runner/plan-config';
import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { exampleFor } from '$lib/core/dataset/shipped-benchmark';
import { scoreRunResults } from '$lib/core/scoring/run-results';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
  // Saving a human verdict or finishing a judging reloads this page's data by this name.
  depends('app:run');
  const run = await getRun(database, params.id);
  if (run === undefined) error(404, `There is no run ${params.id} in this browser.`);
  const { config } = run;
  if (config.task === 'extraction') {
    const view = await extractionRunView(run);
    // The prompts are rebuilt from the run's settings, exactly as they were sent.
    const items = planForConfig(config, view.dataset, DEFAULT_TEMPLATES);
    return { kind: 'extraction' as const, run, view, items };
  }
  const task = config.task;
  const [{ results, damaged }, { dataset, bench }] = await Promise.all([
    responsesOf(database, run.id),
    loadRunDataset(config.dataset.id, config.categories)
  ]);
  const items = planForConfig(config, dataset, DEFAULT_TEMPLATES, (story) => exampleFor(bench, story));
  const summary = scoreRunResults(
    dataset,
    task,
    items.map((i) => i.key),
    results,
    config.prompt.reasoning
  );
  return { kind: 'classic' as const, run, items, results, summary, damaged };
};
