import { z } from 'zod';
import { ModelError } from '../ports';
import type { RunnableTask } from '../dataset/run-dataset';
import { formatBytes } from '../text/format-bytes';

/**
 * A reply's size cap. A server that streams without end, or sends megabytes, or an engine in
 * the tab that never stops generating, would otherwise fill the tab's memory (and the stored
 * run) before the per-request timeout ends the call. The defaults are far above any real
 * answer: a few KB for tasks 1–2, tens of KB for an extraction analysis. The runner counts a
 * reply's text in UTF-8 bytes for every model; HTTP providers also stop reading a body at the
 * cap, before it is parsed.
 */
export const DEFAULT_REPLY_CAP = 256 * 1024;
const EXTRACTION_REPLY_CAP = 1024 * 1024;

export const maxReplyBytesSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31);

/** The cap for a task's replies when the user set none. */
export function replyCapFor(task: RunnableTask): number {
  return task === 'extraction' ? EXTRACTION_REPLY_CAP : DEFAULT_REPLY_CAP;
}

/** Asking again would only fetch another oversized reply: the item fails, the run goes on. */
export function replyTooLarge(cap: number, label: string): ModelError {
  return new ModelError(
    'unretryable',
    `reply larger than ${formatBytes(cap)}: ${label} sent more than the reply cap allows, so the rest was not read`
  );
}

/** The UTF-8 size of a text, without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
