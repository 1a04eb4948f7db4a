import { error } from '@sveltejs/kit';
import { database } from '$lib/storage/instance';
import { getRun } from '$lib/storage/runs';
import { extractionRunView } from '$lib/data/judging';
import { planForConfig } from '$lib/core/runner/plan-config';
import { DEFAULT_TEMPLATES } from '$lib/core/prompts/templates';
import { classicRunPageOffThread } from '$lib/workers/analysis';
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
  // Read and scored in the analysis worker: large runs froze the page here.
  const page = await classicRunPageOffThread(run.id);
  if (page === undefined) error(404, `There is no run ${params.id} in this browser.`);
  return { kind: 'classic' as const, ...page };
};
