import { describe, expect, it } from 'vitest';
import { diffLines } from './diff-lines';
import { replaceSpeech } from './replace-speech';

const story = `**Mara:** "We could skip the church raffle this year, I think."
**Tomas:** "Grandmother ran that raffle for thirty years."`;

describe('replaceSpeech', () => {
  it('replaces an exactly quoted speech and says where the new text is', () => {
    const r = replaceSpeech(
      story,
      'Grandmother ran that raffle for thirty years.',
      'Gran sold tickets every spring.'
    );
    expect(r.applied).toBe(true);
    if (!r.applied) return;
    expect(r.text).toBe(`**Mara:** "We could skip the church raffle this year, I think."
**Tomas:** "Gran sold tickets every spring."`);
    expect(r.text.slice(r.start, r.end)).toBe('Gran sold tickets every spring.');
  });

  it('widens a loose match to the whole speech so nothing of the old line stays', () => {
    const r = replaceSpeech(
      story,
      'we could skip the church raffle this year, honestly',
      '"Maybe we help at the bake sale instead."'
    );
    expect(r.applied && r.how).toBe('longest-common-substring');
    expect(r.applied && r.text.split('\n')[0]).toBe('**Mara:** "Maybe we help at the bake sale instead."');
  });

  it('takes the full stop a checker dropped, so no stray mark is left after the rewrite', () => {
    const r = replaceSpeech(story, 'Grandmother ran that raffle for thirty years', 'Gran sold tickets.');
    expect(r.applied && r.text.split('\n')[1]).toBe('**Tomas:** "Gran sold tickets."');
  });

  it('leaves the text untouched and says why when the speech is not in the story', () => {
    expect(replaceSpeech(story, 'Faith is a private matter for everyone.', 'x')).toEqual({
      applied: false,
      reason: 'the speech does not occur in the story'
    });
    expect(replaceSpeech(story, 'Grandmother ran that raffle', '  ')).toEqual({
      applied: false,
      reason: 'the rewrite is empty'
    });
  });
});

describe('diffLines', () => {
  it('marks the lines a rewrite removed and added, keeping the rest in order', () => {
    const after = story.replace('thirty years', 'forty years') + '\n**Ines:** "Count me in."';
    expect(diffLines(story, after)).toEqual([
      { kind: 'same', text: '**Mara:** "We could skip the church raffle this year, I think."' },
      { kind: 'removed', text: '**Tomas:** "Grandmother ran that raffle for thirty years."' },
      { kind: 'added', text: '**Tomas:** "Grandmother ran that raffle for forty years."' },
      { kind: 'added', text: '**Ines:** "Count me in."' }
    ]);
    expect(diffLines(story, story).every((l) => l.kind === 'same')).toBe(true);
  });
});
