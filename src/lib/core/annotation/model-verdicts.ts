import type { CheckRunContent } from '../checks/check-run-file';
import { checkRunKind, type CheckStory } from '../run-kinds/check-run';
import type { AssignedStory } from './schema';

type ModelVerdicts = NonNullable<AssignedStory['model']>;

/** `category/index`: where a check run finds a story. */
export function checkRunStoryKey(category: string, index: number): string {
  return `${category}/${index}`;
}

/**
 * What a check run said about each story it checked, in the shape an assignment reveals after
 * submission: per check, per value the majority verdict over the samples (absent on a tie or
 * when nothing was readable: never guessed), the reasoning of a sample that gave it, and the
 * quotes those samples gave. Keyed by `category/index`.
 */
export function modelVerdictsOf(
  run: CheckRunContent,
  stories: readonly CheckStory[]
): Map<string, ModelVerdicts> {
  const checked = stories.filter((s) => run.config.categories.includes(s.category));
  const summary = checkRunKind.summarise(
    { stories: checked, checks: run.config.checks, samples: run.config.samples },
    run.results
  );
  const out = new Map<string, ModelVerdicts>();
  for (const story of summary.stories) {
    if (story.answered === 0) continue;
    const key = checkRunStoryKey(story.category, story.story);
    const verdicts: ModelVerdicts = out.get(key) ?? {};
    verdicts[story.check] = story.perValue.map(({ verdicts: v, samples }) => {
      const agreeing = samples.filter((s) => 'verdict' in s && s.verdict === v.majority);
      const reasoning = agreeing.find((s) => s.reasoning !== undefined)?.reasoning;
      const quotes = new Map<string, { speech: string; character?: string }>();
      for (const s of agreeing)
        for (const q of s.quotes)
          quotes.set(`${q.character ?? ''}\u0000${q.speech}`, {
            speech: q.speech,
            ...(q.character === undefined ? {} : { character: q.character })
          });
      return {
        ...(v.majority === undefined ? {} : { verdict: v.majority }),
        ...(reasoning === undefined ? {} : { reasoning }),
        quotes: [...quotes.values()]
      };
    });
    out.set(key, verdicts);
  }
  return out;
}
