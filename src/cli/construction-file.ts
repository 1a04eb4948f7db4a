import {
  constructionHeaderLine,
  readConstructionText,
  type ConstructionConfig,
  type ConstructionContent
} from '../lib/core/construction/construction-file';
import { decodeLines, readBytes } from './files';
import { AppendedResultsStore, createHeaderedFile } from './appended-results';

/** A construction's file as read back: its header, every reply, and where the last whole line ends. */
export type ConstructionFile = ConstructionContent & { completeBytes: number };

// eslint-disable-next-line @typescript-eslint/require-await -- async so every fault is a rejection
export async function readConstructionFile(path: string): Promise<ConstructionFile> {
  const { text, completeBytes } = decodeLines(path, readBytes(path, 'construction file'));
  return { ...readConstructionText(path, text), completeBytes };
}

export function createConstructionFile(path: string, id: string, config: ConstructionConfig): Promise<void> {
  return createHeaderedFile(path, constructionHeaderLine(id, config));
}

/** The construction file as the engine's store: each reply appended and flushed before it counts. */
export class ConstructionFileStore extends AppendedResultsStore {
  constructor(path: string) {
    super(path, readConstructionFile);
  }
}
