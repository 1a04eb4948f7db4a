import { story } from '../../src/lib/core/construction/testing';
import { fakeChecker, type CheckerMode } from './fake-checker';
import type { FakePrompt } from './fake-model';

/** The speech every replacement the fake writer gives says. */
export const REPLACEMENT_SPEECH = 'Ana had the float ready by nine.';

/**
 * One local server playing both models of a construction: the writer (a story in the layout,
 * naming the scene it was asked for, or a replacement for each speech it is asked to replace)
 * and a checker in the given mode.
 */
export function fakeWriterAndChecker(mode: CheckerMode): (prompt: FakePrompt) => string {
  const checker = fakeChecker(mode);
  return (prompt) => {
    if (prompt.lastUser.includes('[Verdicts]')) return checker(prompt);
    const speeches = [...prompt.lastUser.matchAll(/^- Value \d+ \([^)]*\): (?:[^:"]+: )?"(.*)"$/gm)].map(
      (m) => m[1]!
    );
    if (speeches.length > 0)
      return speeches.map((s) => `Original speech: ${s}\nReplacement: ${REPLACEMENT_SPEECH}`).join('\n\n');
    // Each story names its scene, so no two stories of a construction share a text.
    const scene = /people in (.+?) talk over/.exec(prompt.lastUser)?.[1];
    return `Here is the scene.\n\n${story(scene === undefined ? [] : [`They had all come to ${scene}.`])}\n`;
  };
}
