import card from '../../../datasets/README.md?raw';
import { markdownSection, type MarkdownBlock } from '$lib/core/text/markdown-section';

/** The dataset card's hard-split section (`datasets/README.md`), as built into the app. */
export function hardSplitCard(): { title: string; blocks: MarkdownBlock[] } | undefined {
  return markdownSection(card, 'The hard split');
}
