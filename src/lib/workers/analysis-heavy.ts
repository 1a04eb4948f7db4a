/**
 * The analysis worker's heavy half: reading and checking bundles, scoring stored runs, storing
 * imports. `AnalysisSession` loads it on the first request that needs it, so a page that only
 * lists or shows datasets (most pages, on their first visit) fetches the worker's light half.
 */
export { readRunBundle, verifyRunBundle } from '../core/analysis/bundle';
export { runInputOfStored, scoreStoredRun } from '../core/analysis/stored-run';
export { readerStoriesOf } from '../core/difficulty/reader-stories';
export { storyAlone } from '../core/analysis/run-report';
export { planKeys } from '../core/dataset/run-dataset';
export { storedRunInputOf } from '../storage/aggregates';
export { importReleaseFiles } from '../storage/datasets';
export { storeImportedRuns } from '../storage/imported-runs';
