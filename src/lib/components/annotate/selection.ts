import type { EvidenceSpan } from '$lib/core/annotation/schema';

/** The current selection as offsets into `container`'s text, if it lies inside it and is not empty. */
export function selectedSpan(container: HTMLElement): EvidenceSpan | undefined {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return undefined;
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const quote = range.toString();
  if (quote.trim() === '') return undefined;
  return { start, end: start + quote.length, quote };
}
