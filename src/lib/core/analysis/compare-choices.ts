import type { RunConfig, Task } from '../schema/run';
import { taskOfBundleFile } from './bundle';

/** How the compare page names a published bundle among the runs of this browser. */
const PUBLISHED = 'published:';

export interface RunChoice {
  /** A run's id, or `published:FILE` for a published bundle. */
  value: string;
  label: string;
  /** The run's task, so each picker can offer only runs of the other's task. */
  task: Task | undefined;
}

/** A run of this browser (newest first, as given) or a published bundle, as the compare form offers them. */
export function compareChoices(
  runs: readonly { id: string; config: RunConfig; createdAt: string }[],
  bundleFiles: readonly string[]
): RunChoice[] {
  return [
    ...runs.map((r) => ({
      value: r.id,
      task: r.config.task,
      label: `${r.config.model.model} · ${r.config.task} · ${r.config.prompt.reasoning ? 'reasoning' : 'plain'}, ${String(r.config.prompt.shots)}-shot · ${new Date(r.createdAt).toLocaleString()}`
    })),
    ...bundleFiles.map((file) => ({
      value: `${PUBLISHED}${file}`,
      task: taskOfBundleFile(file),
      label: `published: ${file}`
    }))
  ];
}

export type ChosenRun = { origin: 'local'; id: string } | { origin: 'published'; file: string };

/** Reads a choice back from the address; nothing chosen is undefined. */
export function readChoice(value: string | null): ChosenRun | undefined {
  if (value === null || value === '') return undefined;
  return value.startsWith(PUBLISHED)
    ? { origin: 'published', file: value.slice(PUBLISHED.length) }
    : { origin: 'local', id: value };
}
