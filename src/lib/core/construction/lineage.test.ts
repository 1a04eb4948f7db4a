import { describe, expect, it } from 'vitest';
import { buildStory, DEFAULT_BUILD_OPTIONS } from './build-story';
import { lineageOf } from './lineage';
import { checkReply, plan, story } from './testing';

const added = 'Caro: "I keep my location off, always."';
const replies = new Map<string, string | null>([
  ['social/0/generate', story()],
  ['social/0/r1/incorporation', checkReply('incorporation', { 3: null })],
  ['social/0/r1/add-missing', story([added])],
  ['social/0/r1/consistency', checkReply('consistency')],
  ['social/0/r1/implicitness', checkReply('implicitness')],
  ['social/0/r2/incorporation', checkReply('incorporation')],
  ['social/0/r2/consistency', checkReply('consistency')],
  ['social/0/r2/implicitness', checkReply('implicitness')]
]);

describe('a built story’s lineage', () => {
  it('lists every call in the order asked, with its prompt hash, reply, versions and their changed lines, and parsed verdicts', async () => {
    const state = buildStory(plan, replies, DEFAULT_BUILD_OPTIONS);
    expect(state.outcome).toEqual({ status: 'passed' });
    const lineage = await lineageOf(state, replies);
    expect(lineage.map((e) => e.key)).toEqual([...replies.keys()]);
    for (const e of lineage) expect(e.promptHash).toMatch(/^[0-9a-f]{64}$/);
    // The same check on the same text is the same prompt; a check on another text is not.
    expect(lineage[3]!.promptHash).toBe(lineage[6]!.promptHash);
    expect(lineage[1]!.promptHash).not.toBe(lineage[5]!.promptHash);
    expect(lineage[0]!.version).toMatchObject({ number: 1, text: story() });
    expect(lineage[0]!.version?.diff).toBeUndefined();
    const rewrite = lineage[2]!;
    expect(rewrite.reply).toBe(story([added]));
    expect(rewrite.version?.number).toBe(2);
    expect(rewrite.version?.diff?.filter((d) => d.kind !== 'same')).toEqual([{ kind: 'added', text: added }]);
    const check = lineage[1]!.check!;
    expect(check.round).toBe(1);
    expect(check.parsed.values.map((v) => ('verdict' in v ? v.verdict : 'unreadable'))).toEqual([
      'pass',
      'pass',
      'fail'
    ]);
  });
});
