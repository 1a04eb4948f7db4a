import { z } from 'zod';
import { ModelError } from '../../core/ports';
import type { RunnableTask } from '../../core/dataset/run-dataset';
import { formatBytes } from '../../core/text/format-bytes';

/**
 * A reply's size cap. A server that streams without end, or sends megabytes, would otherwise
 * fill the tab's memory (and the stored run) before the per-request timeout ends the call.
 * The defaults are far above any real answer: a few KB for tasks 1–2, tens of KB for an
 * extraction analysis. What counts: the body's bytes for a JSON reply, the answer's text (in
 * UTF-8 bytes) for a stream, whose event framing can weigh many times its text.
 */
export const DEFAULT_REPLY_CAP = 256 * 1024;
const EXTRACTION_REPLY_CAP = 1024 * 1024;
/** Model lists are documents, not answers: some servers list hundreds of models with details. */
export const MODEL_LIST_CAP = 16 * 1024 * 1024;

/**
 * A stream's bytes may reach this many times the cap before it is cut: OpenAI-style framing
 * spends some 150 bytes on each token of a few characters.
 */
export const STREAM_FRAMING_ALLOWANCE = 64;

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
