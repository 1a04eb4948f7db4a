import { resolve } from '$app/paths';
import { compareRuns } from '$lib/core/analysis';
import { userMessage } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { listRuns } from '$lib/storage/runs';
import { readIndex } from '$lib/data/published';
import { loadBundleRun, loadLocalRun, type LoadedRun } from '$lib/data/run-material';
import type { PageLoad } from './$types';

/** A run of this browser by id, or a published bundle as `published:FILE`. */
const PUBLISHED = 'published:';

export const load: PageLoad = async ({ url, fetch }) => {
  const base = resolve('/').replace(/\/$/, '');
  const [{ runs }, index] = await Promise.all([listRuns(database), readIndex(fetch, base)]);
  const choices = [
    ...runs.map((r) => ({
      value: r.id,
      label: `${r.config.model.model} · ${r.config.task} · ${r.config.prompt.reasoning ? 'reasoning' : 'plain'}, ${String(r.config.prompt.shots)}-shot · ${new Date(r.createdAt).toLocaleString()}`
    })),
    ...(typeof index === 'string' ? [] : index.bundles).map((b) => ({
      value: `${PUBLISHED}${b.file}`,
      label: `published: ${b.file}`
    }))
  ];
  const side = async (value: string | null): Promise<LoadedRun | string | undefined> => {
    if (value === null || value === '') return undefined;
    try {
      if (value.startsWith(PUBLISHED)) return await loadBundleRun(fetch, base, value.slice(PUBLISHED.length));
      return (await loadLocalRun(value)) ?? `There is no run ${value} in this browser.`;
    } catch (e) {
      return userMessage(e);
    }
  };
  const [a, b] = await Promise.all([side(url.searchParams.get('a')), side(url.searchParams.get('b'))]);
  const comparison = typeof a === 'object' && typeof b === 'object' ? compareRuns(a, b) : undefined;
  const problems = [a, b].filter((s): s is string => typeof s === 'string');
  return {
    choices,
    chosen: { a: url.searchParams.get('a') ?? '', b: url.searchParams.get('b') ?? '' },
    runs: { a: typeof a === 'object' ? a : undefined, b: typeof b === 'object' ? b : undefined },
    comparison,
    problems
  };
};
