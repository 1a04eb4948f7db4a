import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './decode';

describe('decodeUtf8', () => {
  it('reads UTF-8 and drops a byte-order mark', () => {
    expect(decodeUtf8('a.json', new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d]))).toBe('[]');
    expect(decodeUtf8('a.json', new TextEncoder().encode('«ok»'))).toBe('«ok»');
  });

  it('refuses invalid bytes with a message naming the file', () => {
    expect(() => decodeUtf8('latin1.json', new Uint8Array([0x5b, 0xe9, 0x5d]))).toThrow(
      'latin1.json: not valid UTF-8 text'
    );
  });
});
