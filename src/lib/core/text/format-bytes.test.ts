import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('gives whole bytes below a kilobyte', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('gives one decimal below 100 of a unit and whole units above, in binary units', () => {
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(35_002_900)).toBe('33.4 MB');
    expect(formatBytes(547_968)).toBe('535 KB');
    expect(formatBytes(5 * 2 ** 30)).toBe('5.0 GB');
    expect(formatBytes(4.5 * 2 ** 30)).toBe('4.5 GB');
  });

  it('stops at terabytes', () => {
    expect(formatBytes(3 * 2 ** 50)).toBe('3072 TB');
  });
});
