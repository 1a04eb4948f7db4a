import type { BaselineSettings } from '../core/schema/run';

// Apart from the registry, which loads every provider's protocol: a form lists the choices
// before any model is made.

/** The baselines as forms and flags offer them (`random`, `majority`), with the entry each builds. */
export const BASELINE_CHOICES = [
  { id: 'random', kind: 'uniform-random', label: 'Baseline: uniform random (seeded)' },
  { id: 'majority', kind: 'majority-attitude', label: 'Baseline: majority attitude' }
] as const satisfies readonly { id: string; kind: BaselineSettings['kind']; label: string }[];

/** A baseline's settings from its choice (`random` takes the seed); undefined for other choices. */
export function baselineChoice(id: string, seed: number | string = 0): BaselineSettings | undefined {
  const kind = BASELINE_CHOICES.find((b) => b.id === id)?.kind;
  if (kind === undefined) return undefined;
  return kind === 'uniform-random' ? { kind, seed } : { kind };
}
