import { describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest, ChatResponse } from '../ports';
import { DEFAULT_SAMPLING } from '../schema/run';
import { runItems } from '../runner/runner';
import { FakeClock, MemoryStore } from '../runner/testing';
import { ALL_CATEGORIES, checkItemKey, checkRunKind, type CheckStory } from './check-run';

const story = (category: string, index: number, text: string): CheckStory => ({
  category,
  story: index,
  text,
  values: [
    { statement: 'Work is important', attitude: 'agree' },
    { statement: 'Religion matters', attitude: 'disagree' }
  ]
});
const STORIES = [
  story('social', 0, '**Maya:** "I stay late every night at the office."\n**Ravi:** "The temple can wait."'),
  story('religious', 0, '**Lena:** "Sunday is for the garden, not for church."')
];

/** A checker's reply: Yes/No per value and, for a No, a quoted speech. */
function reply(verdicts: readonly ('Yes' | 'No')[], evidence: string[] = []): string {
  return [
    ...verdicts.map((v, i) => `Value ${i + 1}: reasoning about value ${i + 1}.`),
    '[Verdicts]:',
    ...verdicts.map((v, i) => `Value ${i + 1}: ${v}`),
    '[Contradictions]:',
    ...(evidence.length > 0 ? evidence : ['NONE']),
    '[Obvious speech]:',
    'NONE'
  ].join('\n');
}

/**
 * A checking model answering by the story and check in the prompt: the religious story's
 * consistency check is unreadable on its first call (then readable), its implicitness check is
 * never readable, and the social story's consistency check quotes a speech that does not occur.
 */
class Checker implements ChatModel {
  readonly identity = { provider: 'fake', model: 'checker' };
  readonly concurrency = 1;
  readonly asked = new Map<string, number>();

  complete(request: ChatRequest): Promise<ChatResponse> {
    const prompt = request.messages[0]!.content;
    const check = prompt.includes('contradicts')
      ? 'consistency'
      : prompt.includes('rephrases')
        ? 'implicitness'
        : 'incorporation';
    const where = prompt.includes('Lena') ? 'religious' : 'social';
    const key = `${where}/${check}`;
    const n = (this.asked.get(key) ?? 0) + 1;
    this.asked.set(key, n);
    let text = reply(['Yes', 'Yes']);
    if (key === 'religious/consistency' && n === 1) text = 'I think both are fine.';
    if (key === 'religious/implicitness')
      text = 'Value 1: maybe\n[Verdicts]:\nValue 1: perhaps\nValue 2: unclear';
    if (key === 'social/consistency')
      text = reply(['Yes', 'No'], ['Value 2: Ravi: "Prayer is the centre of my life."']);
    return Promise.resolve({ text, finishReason: 'stop', timing: { totalMs: 1 } });
  }
}

describe('the check-run kind', () => {
  const input = {
    stories: STORIES,
    checks: ['incorporation', 'consistency', 'implicitness'] as const,
    samples: 2
  };

  it('plans one call per story, check and sample, with keys a resume rebuilds', () => {
    const items = checkRunKind.plan({ ...input, checks: [...input.checks] });
    expect(items).toHaveLength(2 * 3 * 2);
    expect(items[0]!.key).toBe('social/0/incorporation#1');
    expect(items.map((i) => i.key)).toEqual(
      checkRunKind.plan({ ...input, checks: [...input.checks] }).map((i) => i.key)
    );
    expect(items[0]!.messages[0]!.content).toContain('Value 2: Religion matters--disagree');
    // A reply without readable verdicts is refused, so the engine asks again.
    expect(items[0]!.check?.('no verdicts')).toMatch(/no \[Verdicts\] section/);
    expect(items[0]!.check?.(reply(['Yes', 'No']))).toBeUndefined();
    expect(() => checkRunKind.plan({ ...input, checks: [...input.checks], samples: 0 })).toThrow(/samples/);
  });

  it('runs on the engine: unreadable replies asked again and counted apart, invented quotes kept and flagged', async () => {
    const store = new MemoryStore();
    const model = new Checker();
    const checks = [...input.checks];
    const items = checkRunKind.plan({ ...input, checks });
    await runItems(model, items, store, 'c', { sampling: DEFAULT_SAMPLING, clock: new FakeClock() });
    const results = store.results('c');
    expect(results).toHaveLength(12);
    const summary = checkRunKind.summarise({ ...input, checks }, results);

    const rate = (check: string, category: string) =>
      summary.rates.find((r) => r.check === check && r.category === category)!;
    // Incorporation: every value passes in both stories.
    expect(rate('incorporation', ALL_CATEGORIES)).toMatchObject({ decided: 4, passed: 4, passRate: 1 });
    // Consistency: the social story's second value fails (twice), with a quote not in the story.
    expect(rate('consistency', 'social')).toMatchObject({ decided: 2, passed: 1, quotesNotFound: 2 });
    const social = summary.stories.find((s) => s.category === 'social' && s.check === 'consistency')!;
    expect(social.perValue[1]!.verdicts).toMatchObject({ majority: 'fail', fail: 2, unanimous: true });
    expect(social.perValue[1]!.samples[0]!.quotes[0]).toEqual({
      speech: '"Prayer is the centre of my life."',
      character: 'Ravi'
    });
    // The religious consistency check's first reply was refused and asked again (kept as refused).
    const retried = results.find((r) => r.itemKey === checkItemKey(STORIES[1]!, 'consistency', 1))!;
    expect(retried.rejected).toEqual(['I think both are fine.']);
    expect(rate('consistency', 'religious')).toMatchObject({ decided: 2, passed: 2, unreadableSamples: 0 });
    // Implicitness of the religious story is never readable: undecided, never a pass or a fail.
    expect(rate('implicitness', 'religious')).toMatchObject({
      decided: 0,
      passed: 0,
      undecided: 2,
      unreadableSamples: 4
    });
    expect(rate('implicitness', 'religious').passRate).toBeUndefined();
    expect(rate('implicitness', ALL_CATEGORIES)).toMatchObject({ decided: 2, passed: 2, undecided: 2 });
  });

  it('summarises a run stopped half-way from what is stored, without inventing verdicts', () => {
    const checks = ['incorporation' as const];
    const items = checkRunKind.plan({ stories: STORIES, checks, samples: 1 });
    const first = {
      itemKey: items[0]!.key,
      output: reply(['Yes', 'No']),
      latencyMs: 1,
      attempts: 1,
      finishedAt: ''
    };
    const summary = checkRunKind.summarise({ stories: STORIES, checks, samples: 1 }, [first]);
    expect(summary.stories.map((s) => s.answered)).toEqual([1, 0]);
    expect(summary.rates.find((r) => r.category === ALL_CATEGORIES)).toMatchObject({
      decided: 2,
      passed: 1,
      undecided: 2
    });
  });
});
