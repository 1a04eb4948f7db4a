import type { Interval } from '$lib/core/scoring/intervals';

/** Scores as the run pages show them: three decimals; a dash where nothing could be counted. */
export const score = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

export const interval = (i: Interval | null): string =>
  i === null ? 'no interval' : `95% CI ${score(i.low)}–${score(i.high)}`;

/** A verdict as a person reads it; null (no readable verdict) as a dash. */
export const verdictText = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : String(v);
