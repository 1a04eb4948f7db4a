import type { AgreementFigure } from '$lib/core/agreement/figure';

/**
 * The distinct reasons the undefined figures of a table give, in order of first appearance: the
 * table marks each undefined figure with its reason's number and lists the reasons under it, so
 * the reason is read on screen (and by screen readers), not only in a hover tooltip.
 */
export function reasonNotes(figures: Iterable<AgreementFigure | undefined>): string[] {
  const reasons: string[] = [];
  for (const f of figures) if (f && !f.defined && !reasons.includes(f.reason)) reasons.push(f.reason);
  return reasons;
}

/** A figure to three decimals, or "undefined" with the number of its reason in `notes`. */
export function figureText(f: AgreementFigure, notes: readonly string[]): string {
  if (f.defined) return f.value.toFixed(3);
  const n = notes.indexOf(f.reason);
  return n < 0 ? `undefined (${f.reason})` : `undefined (${String(n + 1)})`;
}
