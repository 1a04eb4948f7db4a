import { describe, expect, it } from 'vitest';
import type { Value } from '../schema/value';
import { buildCheckPrompt, DEFAULT_CHECK_TEMPLATES, numberedValues } from './check-templates';
import { parseCheckReply } from './parse-check';

const story = `**Mara:** "We could skip the church raffle this year."
**Tomas:** "Grandmother ran that raffle for thirty years, and I will run it too."
**Ines:** "Work comes first; the children can wait."`;
const values: Value[] = [
  { statement: 'Religious traditions should be kept', attitude: 'agree' },
  { statement: 'Children suffer when a mother works for pay', attitude: 'agree' },
  { statement: 'Hard work brings a better life', attitude: 'agree' }
];

describe('check prompts', () => {
  it('number the values and put the story in, leaving placeholders inside the story alone', () => {
    const prompt = buildCheckPrompt(DEFAULT_CHECK_TEMPLATES.consistency, 'A {{values}} B', values);
    expect(prompt).toContain('Value 2: Children suffer when a mother works for pay--agree');
    expect(prompt).toContain('A {{values}} B');
    expect(prompt).toContain('the characters hold');
    expect(numberedValues([{ ...values[0]!, character: 'Mara' }])).toBe(
      'Value 1: Mara:Religious traditions should be kept--agree'
    );
  });
});

describe('parseCheckReply', () => {
  it('reads incorporation verdicts with their reasoning, tolerating markdown', () => {
    const reply = `**Value 1:** Tomas insists on running the raffle.
It is his grandmother's tradition.
Value 2: nothing about mothers working.
Value 3: Ines puts work first.

**[Verdicts]:**
- Value 1: Yes
- Value 2: **No**
- Value 3: yes.`;
    const parsed = parseCheckReply('incorporation', reply, values, story);
    expect(parsed.values.map((v) => ('verdict' in v ? v.verdict : v.unparseable))).toEqual([
      'pass',
      'fail',
      'pass'
    ]);
    expect(parsed.values[0]!.reasoning).toBe(
      "Tomas insists on running the raffle. It is his grandmother's tradition."
    );
    expect(parsed.problem).toBeUndefined();
  });

  it('locates quoted contradictions in the story and flags a quote that is not there', () => {
    const reply = `[Verdicts]:
Value 1: No
Value 2: Yes
Value 3: No
[Contradictions]:
Value 1: Mara: “we could skip the church raffle this year”
Value 3: Ines: "Leisure matters more than any job."`;
    const parsed = parseCheckReply('consistency', reply, values, story);
    const first = parsed.values[0]!;
    expect('verdict' in first && first.verdict).toBe('fail');
    expect(first.quotes[0]!.character).toBe('Mara');
    const at = first.quotes[0]!.location!;
    expect(story.slice(at.start, at.end)).toBe('We could skip the church raffle this year');
    const third = parsed.values[2]!;
    expect(third.quotes[0]).toEqual({ speech: '"Leisure matters more than any job."', character: 'Ines' });
  });

  it('never guesses: missing, ambiguous and conflicting verdicts are unparseable', () => {
    const reply = `[Verdicts]:
Value 1: Yes, though no in part
Value 2: Probably
Value 3: Yes
Value 3: No
Value 4: Yes`;
    const parsed = parseCheckReply('incorporation', reply, values, story);
    expect(parsed.values.map((v) => ('unparseable' in v ? v.unparseable : v.verdict))).toEqual([
      'Value 1: the verdict is neither Yes nor No',
      'Value 2: the verdict is neither Yes nor No',
      'Value 3 is given both Yes and No'
    ]);
    expect(parsed.extra).toEqual(['Value 4: Yes']);
    expect(parsed.problem).toMatch(/values that do not exist/);
  });

  it('refuses a Yes that lists evidence against it, and notes a No without evidence', () => {
    const reply = `[Verdicts]:
Value 1: Yes
Value 2: No
Value 3: Yes
[Obvious speech]:
Value 1: Grandmother ran that raffle for thirty years`;
    const parsed = parseCheckReply('implicitness', reply, values, story);
    expect(parsed.values[0]).toMatchObject({
      unparseable: expect.stringMatching(/marked Yes but/) as string
    });
    expect(parsed.values[1]).toMatchObject({ verdict: 'fail', note: 'no obvious speech is quoted for it' });
    expect(parsed.values[2]).toMatchObject({ verdict: 'pass', quotes: [] });
  });

  it('reports a reply without a [Verdicts] section as a whole, every value unparseable', () => {
    const parsed = parseCheckReply('consistency', 'All values look fine to me.', values, story);
    expect(parsed.problem).toBe('the reply has no [Verdicts] section');
    expect(parsed.values.every((v) => 'unparseable' in v)).toBe(true);
  });

  it('reads NONE as no evidence', () => {
    const reply = `[Verdicts]:\nValue 1: Yes\nValue 2: Yes\nValue 3: Yes\n[Contradictions]:\nNONE`;
    const parsed = parseCheckReply('consistency', reply, values, story);
    expect(parsed.values.every((v) => 'verdict' in v && v.verdict === 'pass')).toBe(true);
    expect(parsed.problem).toBeUndefined();
  });
});
