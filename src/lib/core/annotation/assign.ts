import { SeededRandom } from '../random';
import { UserError } from '../user-message';

/** How many annotators label each story. */
export type Overlap =
  | { kind: 'all'; perStory: number }
  /** `perStory` annotators on a seeded `share` of the stories, one annotator on the rest. */
  | { kind: 'subset'; perStory: number; share: number };

/**
 * Which stories each annotator gets. Stories are dealt round-robin from a seeded shuffle of the
 * annotators, so the load stays even (within one story) and the same seed gives the same files.
 */
export function assignStories(
  storyIds: readonly string[],
  annotators: readonly string[],
  overlap: Overlap,
  seed: string
): Map<string, string[]> {
  if (annotators.length === 0) throw new UserError('a project needs at least one annotator');
  if (new Set(annotators).size !== annotators.length) throw new UserError('annotator names must differ');
  if (overlap.perStory < 1 || overlap.perStory > annotators.length)
    throw new UserError(`each story can go to 1 to ${annotators.length} annotators, not ${overlap.perStory}`);
  const rng = new SeededRandom(seed);
  const overlapped = new Set(
    overlap.kind === 'all'
      ? storyIds
      : rng.shuffle([...storyIds]).slice(0, Math.round(storyIds.length * overlap.share))
  );
  const out = new Map<string, string[]>(annotators.map((a) => [a, []]));
  let turn = 0;
  const order = rng.shuffle([...annotators]);
  for (const id of storyIds) {
    const k = overlapped.has(id) ? overlap.perStory : 1;
    for (let i = 0; i < k; i++) out.get(order[(turn + i) % order.length]!)!.push(id);
    turn = (turn + k) % order.length;
  }
  return out;
}
