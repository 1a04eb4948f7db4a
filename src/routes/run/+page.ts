import { datasetChoices, loadDataset } from '$lib/data/datasets';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const { choices } = await datasetChoices();
  const datasets = await Promise.all(
    choices.map(async (choice) => {
      const view = await loadDataset(choice.id);
      return { id: choice.id, name: choice.name, categories: view?.categories.map((c) => c.name) ?? [] };
    })
  );
  return { datasets };
};
