/**
 * What happened to one item, beside the paper-compatible verdict: `unparseable` when no
 * answer could be extracted, `error` when there was no response at all.
 */
export type Outcome = 'correct' | 'wrong' | 'unparseable' | 'error';
