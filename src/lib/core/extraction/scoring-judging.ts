/**
 * Which of a run's judgings gives its score when the user has not chosen one: the newest
 * complete one (a re-judging is usually made to replace the first judge), else the newest.
 * One rule for the run page, the leaderboard and the CLI, so they always show the same number.
 */
export function scoringJudging<T>(judgings: readonly T[], isComplete: (judging: T) => boolean): T | undefined {
  return judgings.findLast(isComplete) ?? judgings.at(-1);
}
