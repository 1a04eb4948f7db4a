import { CHECK_KINDS } from '../checks/check-templates';
import { costOf } from '../token-cost';
import type { Role } from './build-story';
import { formatCost, type ConstructionPrices } from './build-progress';

/** At most how many calls a construction makes, and the reply tokens they can bring. */
export type CallBound = Record<Role, { calls: number; outputTokens: number }>;

/**
 * An upper bound on a construction's calls, from the recipe alone (build-story.ts): per story,
 * the writer's story and, in each round, one fix per check, each text followed by up to
 * `ruleFixes` rewrites for the rules; the checker's three checks per round and the last
 * reading. Every reply is capped at `maxTokens`. Retries and replies asked again because they
 * could not be read are not counted; prompt tokens are not bounded (each prompt carries the
 * story as it then stands).
 */
export function constructionCallBound(
  stories: number,
  rounds: number,
  ruleFixes: number,
  maxTokens: number
): CallBound {
  const texts = 1 + CHECK_KINDS.length * rounds;
  const writer = stories * texts * (1 + ruleFixes);
  const checker = stories * CHECK_KINDS.length * (rounds + 1);
  return {
    writer: { calls: writer, outputTokens: writer * maxTokens },
    checker: { calls: checker, outputTokens: checker * maxTokens }
  };
}

/** The bound in one sentence, with what the replies cost at most at the prices entered. */
export function callBoundLine(bound: CallBound, prices: ConstructionPrices | undefined): string {
  const { writer, checker } = bound;
  const priced = (['writer', 'checker'] as const).flatMap((role) => {
    const price = prices?.[role];
    return price === undefined
      ? []
      : [`${role} ${formatCost(costOf({ inputTokens: 0, outputTokens: bound[role].outputTokens }, price))}`];
  });
  return (
    `Upper bound: at most ${writer.calls} writer calls and ${checker.calls} checker calls, ` +
    `replies of at most ${writer.outputTokens} and ${checker.outputTokens} tokens` +
    (priced.length === 0
      ? ''
      : `; the replies cost at most ${priced.join(', ')} (prompt tokens come on top)`) +
    '. Retries and replies asked again are not counted.'
  );
}
