import type { FakePrompt } from './fake-model';

export type CheckerMode =
  'honest' | 'skips-a-value' | 'invents-a-quote' | 'unreadable-twice' | 'always-unreadable';

/** The invented speech `invents-a-quote` gives as a contradiction: it occurs in no story. */
export const INVENTED_QUOTE = 'I never wanted any of this.';

/**
 * A checking model for the story checks. It reads the numbered values from the prompt and
 * answers in the checks' format: `honest` passes every value; `skips-a-value` leaves out the
 * last value's verdict; `invents-a-quote` fails the first value of the consistency check with a
 * speech that is not in the story, and the second value of the implicitness check with the
 * story's first quoted speech (one that is there); `unreadable-twice` answers without verdicts
 * to the first two calls of each prompt; `always-unreadable` never gives verdicts. Calls are
 * counted per prompt, so one checker must serve one run.
 */
export function fakeChecker(mode: CheckerMode): (prompt: FakePrompt) => string {
  const calls = new Map<string, number>();
  return (prompt) => {
    const n = (calls.get(prompt.lastUser) ?? 0) + 1;
    calls.set(prompt.lastUser, n);
    const values = prompt.lastUser.split('\nValues:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    const count = values.filter((l) => /^Value \d+:/.test(l)).length;
    if (mode === 'always-unreadable' || (mode === 'unreadable-twice' && n <= 2))
      return 'They all seem fine to me.';
    const consistency = prompt.lastUser.includes('[Contradictions]');
    const implicitness = prompt.lastUser.includes('[Obvious speech]');
    const inventing = mode === 'invents-a-quote';
    const verdicts = Array.from({ length: count }, (_, i) =>
      inventing && ((consistency && i === 0) || (implicitness && i === 1)) ? 'No' : 'Yes'
    );
    const shown = mode === 'skips-a-value' ? verdicts.slice(0, -1) : verdicts;
    const story = prompt.lastUser.split('Story:\n')[1]?.split('\n\nValues:\n')[0] ?? '';
    const spoken = /[“"]([^”"]{12,})[”"]/.exec(story)?.[1] ?? '';
    return [
      ...verdicts.map((_, i) => `Value ${i + 1}: the story shows it.`),
      '[Verdicts]:',
      ...shown.map((v, i) => `Value ${i + 1}: ${v}`),
      ...(consistency
        ? ['[Contradictions]:', inventing ? `Value 1: Priya: "${INVENTED_QUOTE}"` : 'NONE']
        : []),
      ...(implicitness ? ['[Obvious speech]:', inventing ? `Value 2: "${spoken}"` : 'NONE'] : [])
    ].join('\n');
  };
}
