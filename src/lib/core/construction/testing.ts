/** Fixtures for the construction tests: a plan of three values, a story in the layout, check replies. */
import type { CheckKind } from '../checks/check-templates';
import type { Value } from '../schema/value';
import type { BuildPlan } from './build-story';

export const values: Value[] = [
  { statement: 'People should volunteer more regularly in their community.', attitude: 'agree' },
  { statement: 'Work should always come first, even if it means less spare time', attitude: 'Disagree' },
  { statement: 'Technology hurts user’s privacy.', attitude: 'agree' }
];

export const plan: BuildPlan = {
  key: 'social/0',
  category: 'social',
  scene: 'a school',
  values,
  minWords: 40
};

/** A story in the layout, with a body of about 60 words; `extra` lines go at the end of the scene. */
export function story(extra: string[] = []): string {
  return [
    '**Title: The Bake Sale**',
    '',
    '**Setting:** A school hall on a Saturday morning, trestle tables and a cash box.',
    '',
    '**Characters:**',
    '- **Ana**, a parent who runs the stall',
    '- **Ben**, a teacher on his day off',
    '- **Caro**, a pupil with a phone',
    '',
    '---',
    '',
    '**Ana:** "Third Saturday this month I have opened this hall, and I would open a fourth."',
    '**Ben:** "I left the marking at home. It will keep until Monday, the children will not."',
    '**Caro:** "I switched my location off again. Nobody needs to know I am at a bake sale."',
    'Ben counted the coins twice and Ana wrote the total on the board for the next rota.',
    ...extra
  ].join('\n');
}

export type Fails = Partial<Record<number, string | null>>;

/** A check reply: every value Yes but `fails` (value number → quoted speech, or null for none). */
export function checkReply(check: CheckKind, fails: Fails = {}): string {
  const verdicts = values.map((_, i) => `Value ${i + 1}: ${i + 1 in fails ? 'No' : 'Yes'}`);
  const quotes = Object.entries(fails).flatMap(([n, q]) =>
    q === null || q === undefined ? [] : [`Value ${n}: ${check === 'consistency' ? 'Ben: ' : ''}${q}`]
  );
  const section = check === 'consistency' ? '[Contradictions]:' : '[Obvious speech]:';
  return [
    'Value 1: looked at the rota.',
    '[Verdicts]:',
    ...verdicts,
    ...(check === 'incorporation' ? [] : [section, ...(quotes.length ? quotes : ['NONE'])])
  ].join('\n');
}
