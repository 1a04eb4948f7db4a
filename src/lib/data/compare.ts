import { compareChoices, readChoice, type RunChoice } from '$lib/core/analysis/compare-choices';
import { compareRuns, type Comparison } from '$lib/core/analysis/compare';
import { userMessage } from '$lib/core/user-message';
import { database } from '$lib/storage/instance';
import { listRuns } from '$lib/storage/runs';
import { readIndex, type Fetch } from './published';
import { loadChosenRun, type LoadedRun } from './run-material';

export interface ComparePage {
  choices: RunChoice[];
  chosen: { a: string; b: string };
  runs: { a: LoadedRun | undefined; b: LoadedRun | undefined };
  /** Present when both runs loaded. */
  comparison: Comparison | undefined;
  /** Why a chosen run could not be loaded, in words. */
  problems: string[];
}

/**
 * The compare page for the runs chosen as `a` and `b` (a run id of this browser, or a published
 * bundle): every run that can be chosen, both runs loaded and scored, and their comparison.
 */
export async function loadComparison(
  fetcher: Fetch,
  base: string,
  chosen: { a: string | null; b: string | null }
): Promise<ComparePage> {
  const [{ runs }, index] = await Promise.all([listRuns(database), readIndex(fetcher, base)]);
  const choices = compareChoices(runs, typeof index === 'string' ? [] : index.bundles.map((b) => b.file));
  const side = async (value: string | null): Promise<LoadedRun | string | undefined> => {
    const choice = readChoice(value);
    if (choice === undefined) return undefined;
    try {
      return (
        (await loadChosenRun(fetcher, base, choice)) ?? `There is no run ${value ?? ''} in this browser.`
      );
    } catch (e) {
      return userMessage(e);
    }
  };
  const [a, b] = await Promise.all([side(chosen.a), side(chosen.b)]);
  return {
    choices,
    chosen: { a: chosen.a ?? '', b: chosen.b ?? '' },
    runs: { a: typeof a === 'object' ? a : undefined, b: typeof b === 'object' ? b : undefined },
    comparison: typeof a === 'object' && typeof b === 'object' ? compareRuns(a, b) : undefined,
    problems: [a, b].filter((s): s is string => typeof s === 'string')
  };
}
