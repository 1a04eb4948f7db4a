/**
 * Which of a run's judgings gives its score: the one the user chose for it, else the first
 * complete one (the judge the run was started with). A later judging, made to hold the first
 * to account, is shown beside it but never takes its place unless chosen. One rule for the
 * run page, the leaderboard and the CLI, so they always show the same number.
 */
export function scoringJudging<T extends { id: string }>(
  judgings: readonly T[],
  isComplete: (judging: T) => boolean,
  chosenId?: string
): T | undefined {
  return judgings.find((j) => j.id === chosenId) ?? judgings.find(isComplete) ?? judgings[0];
}
