import {
  buildCost,
  costLine,
  type BuildProgress,
  type ConstructionPrices
} from '../lib/core/construction/build-progress';

/** A construction's progress in one line: stories, calls, each model's tokens, and the cost when priced. */
export function buildProgressLine(p: BuildProgress, prices: ConstructionPrices): string {
  const { writer, checker } = p.byRole;
  const failed = p.failedCalls > 0 ? `, ${p.failedCalls} failed` : '';
  const resumed = p.resumedCalls > 0 ? `, ${p.resumedCalls} from before` : '';
  const cost = buildCost(p, prices);
  return (
    `${p.storiesDone}/${p.stories} stories done (${p.storiesPassed} passed), ${p.calls} calls${failed}${resumed}` +
    `, writer tokens ${writer.promptTokens}+${writer.completionTokens}, checker tokens ${checker.promptTokens}+${checker.completionTokens}` +
    (cost === undefined ? '' : `, ${costLine(cost)}`)
  );
}
