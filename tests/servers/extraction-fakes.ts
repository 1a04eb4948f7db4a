import type { FakePrompt } from './fake-model';

/**
 * Deterministic stand-ins for value extraction: a model that "finds" some of a story's gold
 * values (it is handed them by story text, since the prompt holds none), and judges, honest or
 * faulty, that read the judge prompt the way a person would.
 */

/** What the fake model lists for a story: the first half of its gold values (rounded up). */
export function fakePicks(gold: readonly string[]): string[] {
  return gold.slice(0, Math.ceil(gold.length / 2));
}

/**
 * The fake extraction model: an analysis for the first message, then a `[Final answer]:` list
 * of `fakePicks` for the follow-up. Stories whose index is in `noPrediction` answer without
 * the heading, so they have no prediction.
 */
export function extractionModel(
  stories: readonly { story: string; gold: readonly string[] }[],
  noPrediction: ReadonlySet<number> = new Set()
): (prompt: FakePrompt) => string {
  return (prompt) => {
    const first = prompt.messages[0]?.content ?? '';
    const index = stories.findIndex((s) => first.includes(s.story));
    if (index < 0) return 'I cannot find a scene in this message.';
    if (prompt.messages.length === 1)
      return 'Topics: family and work. The characters argue about them and act on their views.';
    if (noPrediction.has(index))
      return 'The scene reflects several values, but I would rather not list them.';
    return `Here they are.\n[Final answer]:\n${fakePicks(stories[index]!.gold).join('\n')}`;
  };
}

/** The judge prompt's predicted values and numbered gold values. */
export function readJudgePrompt(text: string): { predicted: string; gold: string[] } {
  const predicted = /Predicted values:\n([\s\S]*?)\n\nReference values:/.exec(text)?.[1] ?? '';
  const block = /Reference values:\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? '';
  const gold = block
    .split('\n')
    .map((l) => /^Value \d+: (.*)$/.exec(l)?.[1])
    .filter((g): g is string => g !== undefined);
  return { predicted, gold };
}

/** The honest verdict: 1 when the gold value's text appears in the predictions, else 0. */
export function honestVerdicts(text: string): (0 | 1)[] {
  const { predicted, gold } = readJudgePrompt(text);
  return gold.map((g) => (predicted.includes(g) ? 1 : 0));
}

export type JudgeMode =
  /** Justifications, then `Value N: score` lines. */
  | 'honest'
  /** The same verdicts in markdown, `1.0` and `Final answer:` spelled differently: still readable. */
  | 'markdown'
  /** Words instead of scores: never readable. */
  | 'wrong-format'
  /** Leaves out the last value. */
  | 'skip'
  /** Adds a verdict for a value that does not exist. */
  | 'extra'
  /** Unreadable on its first two calls for a prompt, then honest. */
  | 'flaky'
  /** No final section at all. */
  | 'unreadable';

export function fakeJudge(mode: JudgeMode): (prompt: FakePrompt) => string {
  const calls = new Map<string, number>();
  return (prompt) => {
    const text = prompt.lastUser;
    const n = (calls.get(text) ?? 0) + 1;
    calls.set(text, n);
    const verdicts = honestVerdicts(text);
    const why = verdicts.map(
      (v, i) => `Value ${i + 1}: ${v === 1 ? 'listed as such' : 'not among the predictions'}.`
    );
    const lines = verdicts.map((v, i) => `Value ${i + 1}: ${v}`);
    const honest = `${why.join('\n')}\n\n[Final answer]:\n${lines.join('\n')}`;
    switch (mode) {
      case 'honest':
        return honest;
      case 'markdown':
        return `${why.join('\n')}\n\n**Final answer:**\n\n${verdicts.map((v, i) => `**Value ${i + 1}**: **${v}.0**`).join('\n\n')}\n`;
      case 'wrong-format':
        return `[Final answer]:\n${verdicts.map((v, i) => `Value ${i + 1}: ${v === 1 ? 'present' : 'absent'}`).join('\n')}`;
      case 'skip':
        return `[Final answer]:\n${lines.slice(0, -1).join('\n')}`;
      case 'extra':
        return `${honest}\nValue ${verdicts.length + 1}: 1`;
      case 'flaky':
        return n <= 2 ? 'Let me think about it a little more.' : honest;
      case 'unreadable':
        return 'Every value seems fine to me.';
    }
  };
}
