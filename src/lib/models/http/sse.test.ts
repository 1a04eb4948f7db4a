import { describe, expect, it } from 'vitest';
import { parseSse, SseParser } from './sse';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Every byte as its own chunk: the worst split a network can produce. */
const byteByByte = (text: string): Uint8Array[] => Array.from(bytes(text), (b) => Uint8Array.of(b));

describe('SseParser', () => {
  it('parses data, event and id fields, one event per blank line', () => {
    const events = parseSse(['event: message_start\ndata: {"a":1}\nid: 7\n\ndata: second\n\n']);
    expect(events).toEqual([
      { event: 'message_start', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'second', id: '7' }
    ]);
  });

  it('joins several data lines with newlines and keeps [DONE] as plain data', () => {
    expect(parseSse(['data: a\ndata: b\n\ndata: [DONE]\n\n']).map((e) => e.data)).toEqual(['a\nb', '[DONE]']);
  });

  it('ignores comments, unknown fields and blank lines without data', () => {
    const events = parseSse([': keep-alive\n\nretry: 100\nfoo: bar\n\n: another\ndata: x\n\n']);
    expect(events.map((e) => e.data)).toEqual(['x']);
  });

  it('strips exactly one space after the colon, and reads a field without a colon as empty', () => {
    expect(parseSse(['data:no-space\n\ndata:  two\n\ndata\n\n']).map((e) => e.data)).toEqual([
      'no-space',
      ' two',
      ''
    ]);
  });

  it('accepts LF, CRLF and CR line endings', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      expect(parseSse([`data: a${eol}data: b${eol}${eol}data: c${eol}${eol}`]).map((e) => e.data)).toEqual([
        'a\nb',
        'c'
      ]);
    }
  });

  it('treats a CRLF split across two chunks as one line ending', () => {
    // Read as two endings, the LF would end the event early and split "a\nb" into two events.
    const events = parseSse(['data: a\r', '\ndata: b\r\n\r\n']);
    expect(events.map((e) => e.data)).toEqual(['a\nb']);
  });

  it('decodes UTF-8 characters split across chunks, byte by byte', () => {
    const text = 'data: é € 😀 日本\r\n\r\n';
    expect(parseSse(byteByByte(text)).map((e) => e.data)).toEqual(['é € 😀 日本']);
  });

  it('replaces invalid and cut-off UTF-8 with U+FFFD instead of throwing', () => {
    const invalid = Uint8Array.of(...bytes('data: a'), 0xff, ...bytes('b'), 0xe2, 0x82, ...bytes('c\n\n'));
    expect(parseSse([invalid]).map((e) => e.data)).toEqual(['a\uFFFDb\uFFFDc']);
  });

  it('drops a BOM at the start of the stream', () => {
    expect(parseSse([Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes('data: x\n\n'))])[0]?.data).toBe('x');
  });

  it('discards an event the stream ended before closing', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: complete\n\ndata: {"cut'))).toEqual([
      { event: 'message', data: 'complete' }
    ]);
    expect(parser.end()).toEqual([]);
  });

  it('returns events as soon as their blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: one\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'one' }]);
  });
});
