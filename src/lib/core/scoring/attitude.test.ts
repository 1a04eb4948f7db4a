import { describe, expect, it } from 'vitest';
import { extractAttitude, goldOptionReachable, scoreAttitudeItem, scoreAttitudeItemStrict } from './attitude';
import type { AttitudeQuestion } from '../schema/task-items';

/** Raw option lists as the release builds them (untrimmed entries). */
const AGREE: AttitudeQuestion = {
  options: [' agree ', ' neither agree nor disagree ', ' disagree'],
  gold: 'agree'
};
const YES_NO = [' yes ', ' no '];

describe('extractAttitude, plain prompts', () => {
  it('strips whitespace, then quotes, then lower-cases', () => {
    expect(extractAttitude("  'Agree'  ", false)).toEqual({ answer: 'agree', found: true });
  });

  it('removes quotes only after whitespace, so a space inside the quotes goes in step 2', () => {
    expect(extractAttitude("' Disagree'", false).answer).toBe('disagree');
  });

  it('strips colons and then whitespace', () => {
    expect(extractAttitude("':Agree:'", false).answer).toBe('agree');
    expect(extractAttitude(': Agree ::', false).answer).toBe('agree');
  });

  it('does not remove a leading quote hidden behind a colon', () => {
    // strip -> ": 'agree'" ; strip("'") only removes the trailing quote ; then ':' and spaces.
    expect(extractAttitude(": 'Agree'", false).answer).toBe("'agree");
  });

  it('uses the Python whitespace set: U+00A0 and U+001C are stripped', () => {
    expect(extractAttitude('\u00a0Agree\u001c', false).answer).toBe('agree');
  });

  it('uses the Python whitespace set: U+FEFF is not stripped', () => {
    expect(extractAttitude('\ufeffAgree', false).answer).toBe('\ufeffagree');
  });

  it('reports an empty output as not found', () => {
    expect(extractAttitude('   ', false)).toEqual({ answer: '', found: false });
  });
});

describe('extractAttitude, reasoning prompts', () => {
  it('takes the text after [Answer]', () => {
    expect(extractAttitude('Let me think.\n[Answer]: Agree\n', true)).toEqual({
      answer: 'agree',
      found: true
    });
  });

  it('takes only the text between the first and the second [Answer]', () => {
    expect(extractAttitude('[Answer] Agree [Answer] Disagree', true).answer).toBe('agree');
  });

  it('takes the text after **Answer** when there is no [Answer]', () => {
    expect(extractAttitude('Hmm.\n**Answer**: Disagree', true).answer).toBe('disagree');
  });

  it('takes the text after </think> when neither answer marker is present', () => {
    expect(extractAttitude('<think>maybe agree</think>\nDisagree\n', true).answer).toBe('disagree');
  });

  it('prefers [Answer] even when **Answer** comes first in the text', () => {
    expect(extractAttitude('**Answer** Disagree\n[Answer] Agree', true).answer).toBe('agree');
  });

  it('prefers **Answer** over an earlier </think>', () => {
    expect(extractAttitude('<think>x</think> Agree **Answer** Disagree', true).answer).toBe('disagree');
  });

  it('gives no answer when no marker is present', () => {
    expect(extractAttitude('Agree', true)).toEqual({ answer: '', found: false });
  });

  it('matches markers case-sensitively', () => {
    expect(extractAttitude('[answer] Agree', true)).toEqual({ answer: '', found: false });
    expect(extractAttitude('</THINK> Agree', true)).toEqual({ answer: '', found: false });
  });

  it('reports a marker followed by nothing as not found', () => {
    expect(extractAttitude('reasoning... [Answer]: ', true)).toEqual({ answer: '', found: false });
  });

  it('does not strip quotes in reasoning mode', () => {
    expect(extractAttitude("[Answer] 'Agree'", true).answer).toBe("'agree'");
  });
});

describe('scoreAttitudeItem (paper-compatible)', () => {
  it('maps an exact answer to its option and marks it correct', () => {
    const r = scoreAttitudeItem('Agree', AGREE, false);
    expect(r.option).toBe(0);
    expect(r.prediction).toBe('agree');
    expect(r.correct).toBe(true);
    expect(r.outcome).toBe('correct');
  });

  it('maps a longer answer to the option sharing the longest substring', () => {
    // 'neither' (7) beats 're' (2) shared with ' agree ' and ' disagree'.
    const r = scoreAttitudeItem('Neither, really', AGREE, false);
    expect(r.option).toBe(1);
    expect(r.prediction).toBe('neither agree nor disagree');
    expect(r.correct).toBe(false);
    expect(r.outcome).toBe('wrong');
  });

  it("maps 'Disagree' to the earlier 'neither agree nor disagree' (tie at 8, quirk)", () => {
    const r = scoreAttitudeItem('Disagree', { ...AGREE, gold: 'disagree' }, false);
    expect(r.prediction).toBe('neither agree nor disagree');
    expect(r.correct).toBe(false);
  });

  it('counts the spaces around a word in the shared substring', () => {
    // ' disagree ' (10, spaces included) in the second option beats ' disagree' (9) in the third.
    const r = scoreAttitudeItem('I disagree with it', { ...AGREE, gold: 'disagree' }, false);
    expect(r.option).toBe(1);
  });

  it('keeps the first option on a tie, even if a later one is the literal answer', () => {
    // 'agree' shares 5 letters with both options; the first listed wins.
    const q: AttitudeQuestion = { options: [' disagree', ' agree '], gold: 'agree' };
    const r = scoreAttitudeItem('agree', q, false);
    expect(r.option).toBe(0);
    expect(r.prediction).toBe('disagree');
    expect(r.correct).toBe(false);
  });

  it('maps on a single shared letter (quirk)', () => {
    // 'maybe' shares 'y' / 'e' with 'yes' and nothing with 'no'.
    const r = scoreAttitudeItem('maybe', { options: YES_NO, gold: 'Yes' }, false);
    expect(r.prediction).toBe('yes');
    expect(r.correct).toBe(true);
  });

  it('compares an answer sharing no letter with any option as itself', () => {
    const r = scoreAttitudeItem('OK', { options: [' yes '], gold: 'ok' }, false);
    expect(r.option).toBeUndefined();
    expect(r.prediction).toBe('ok');
    expect(r.correct).toBe(true);
  });

  it('compares the answer itself when the option list is empty', () => {
    const r = scoreAttitudeItem("'Agree'", { options: [], gold: 'AGREE' }, false);
    expect(r.prediction).toBe('agree');
    expect(r.correct).toBe(true);
  });

  it('lower-cases the gold label but does not strip it', () => {
    expect(scoreAttitudeItem('agree', { options: [' agree '], gold: 'Agree' }, false).correct).toBe(true);
    expect(scoreAttitudeItem('agree', { options: [' agree '], gold: 'agree ' }, false).correct).toBe(false);
  });

  it('strips and lower-cases the matched option text', () => {
    const r = scoreAttitudeItem('hard', { options: ['\u00a0Hard to SAY\u3000'], gold: 'hard to say' }, false);
    expect(r.prediction).toBe('hard to say');
    expect(r.correct).toBe(true);
  });

  it('keeps U+FEFF in an unmatched answer, so it no longer equals the gold label', () => {
    expect(scoreAttitudeItem('\ufeffagree', { options: [], gold: 'agree' }, false).correct).toBe(false);
    expect(scoreAttitudeItem('\u00a0agree\u001c', { options: [], gold: 'agree' }, false).correct).toBe(true);
  });

  it('scores a reasoning output with no marker as unparseable and wrong', () => {
    const r = scoreAttitudeItem('I agree', AGREE, true);
    expect(r.prediction).toBe('');
    expect(r.correct).toBe(false);
    expect(r.outcome).toBe('unparseable');
  });

  it('scores a reasoning output through its marker', () => {
    const r = scoreAttitudeItem('<think>It is hard.</think>\n[Answer]: Agree', AGREE, true);
    expect(r.correct).toBe(true);
  });

  it('scores a failed call as an error, never correct', () => {
    const r = scoreAttitudeItem(null, AGREE, false);
    expect(r.correct).toBe(false);
    expect(r.outcome).toBe('error');
  });
});

describe('scoreAttitudeItemStrict (not paper-comparable)', () => {
  it('accepts an exact option in any case', () => {
    const r = scoreAttitudeItemStrict('AGREE', AGREE, false);
    expect(r.option).toBe(0);
    expect(r.outcome).toBe('correct');
  });

  it('accepts a 1-based option number', () => {
    const r = scoreAttitudeItemStrict('3', AGREE, false);
    expect(r.prediction).toBe('disagree');
    expect(r.outcome).toBe('wrong');
  });

  it('rejects option numbers out of range and free text that the paper scorer would map', () => {
    expect(scoreAttitudeItemStrict('4', AGREE, false).outcome).toBe('unparseable');
    expect(scoreAttitudeItemStrict('0', AGREE, false).outcome).toBe('unparseable');
    expect(scoreAttitudeItemStrict('I agree', AGREE, false).outcome).toBe('unparseable');
    expect(scoreAttitudeItem('I agree', AGREE, false).correct).toBe(true);
  });

  it('scores a failed call as an error', () => {
    expect(scoreAttitudeItemStrict(null, AGREE, false).outcome).toBe('error');
  });
});

describe('goldOptionReachable', () => {
  it('says a gold option is out of reach when an earlier option contains its text', () => {
    const social = { options: [' agree ', ' neither agree or disagree ', ' disagree'], gold: 'disagree' };
    expect(goldOptionReachable(social)).toBe(false);
    expect(goldOptionReachable({ ...social, gold: 'agree' })).toBe(true);
    // "I disagree" reaches the last option here: " disagree" is in no earlier option.
    const ethical = { options: [' agree ', ' neither agree/disagree ', ' disagree'], gold: 'disagree' };
    expect(goldOptionReachable(ethical)).toBe(true);
    expect(scoreAttitudeItem('I disagree', ethical, false).correct).toBe(true);
    expect(scoreAttitudeItem('disagree', ethical, false).correct).toBe(false);
  });
});
