/**
 * A Server-Sent Events parser following the WHATWG event-stream rules, fed with raw bytes as
 * they arrive. Network chunks split wherever they like (inside a UTF-8 character, between the
 * CR and LF of a line ending), so decoding and line splitting both keep state across pushes.
 */

export interface SseEvent {
  /** The `event:` field, `message` when the server gave none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  id?: string;
}

export class SseParser {
  // fatal: false turns invalid or cut-off UTF-8 into U+FFFD instead of throwing mid-answer.
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private buffer = '';
  /** A CR ended the last chunk: an LF starting the next one belongs to the same line ending. */
  private pendingCr = false;
  private eventType = '';
  private dataLines: string[] = [];
  private dataChars = 0;
  private lastId: string | undefined;

  /** Characters held for an event not yet complete: a caller bounds this to bound memory. */
  get pendingChars(): number {
    return this.buffer.length + this.dataChars;
  }

  /** Feeds one chunk (bytes, or text already decoded) and returns the events it completes. */
  push(chunk: Uint8Array | string): SseEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.consume(text);
  }

  /**
   * Ends the stream. An event without its closing blank line is discarded, as the standard
   * says: a stream cut there is truncated, and the vendor adapters report that.
   */
  end(): SseEvent[] {
    const events = this.consume(this.decoder.decode());
    this.buffer = '';
    this.dataLines = [];
    this.dataChars = 0;
    this.eventType = '';
    return events;
  }

  private consume(text: string): SseEvent[] {
    if (text === '') return [];
    let input = text;
    if (this.pendingCr && input.startsWith('\n')) input = input.slice(1);
    this.pendingCr = false;
    this.buffer += input;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.dataLines.push(value);
      this.dataChars += value.length;
    } else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hadData = this.dataLines.length > 0;
    const event: SseEvent = { event: this.eventType || 'message', data: this.dataLines.join('\n') };
    if (this.lastId !== undefined) event.id = this.lastId;
    this.dataLines = [];
    this.dataChars = 0;
    this.eventType = '';
    return hadData ? event : undefined;
  }
}

/** Parses a whole stream given as chunks: for tests and for bodies already in memory. */
export function parseSse(chunks: Iterable<Uint8Array | string>): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}
