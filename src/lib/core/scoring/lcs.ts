/**
 * Length of the longest common substring (contiguous) of two strings, counted in Unicode
 * code points. This is the scorer's hot loop: it runs once per (answer, option) pair, so it
 * keeps one rolling row in a reusable typed array instead of an n*m table.
 */
export class SubstringMatcher {
  private row = new Int32Array(64);
  private a = new Int32Array(64);
  private b = new Int32Array(64);

  /** `lcs(x, y)` of already lower-cased strings. */
  length(x: string, y: string): number {
    const n = this.load(x, 'a');
    const m = this.load(y, 'b');
    if (n === 0 || m === 0) return 0;
    const a = this.a;
    const b = this.b;
    if (this.row.length < m + 1) this.row = new Int32Array(grow(m + 1));
    const row = this.row;
    row.fill(0, 0, m + 1);
    let best = 0;
    for (let i = 0; i < n; i++) {
      const ai = a[i];
      // Walk j downwards so row[j] still holds the previous row's value at j.
      for (let j = m; j >= 1; j--) {
        if (b[j - 1] === ai) {
          const v = row[j - 1]! + 1;
          row[j] = v;
          if (v > best) best = v;
        } else {
          row[j] = 0;
        }
      }
    }
    return best;
  }

  private load(s: string, which: 'a' | 'b'): number {
    let buf = which === 'a' ? this.a : this.b;
    if (buf.length < s.length) {
      buf = new Int32Array(grow(s.length));
      if (which === 'a') this.a = buf;
      else this.b = buf;
    }
    let n = 0;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) {
        const d = s.charCodeAt(k + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          buf[n++] = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          k++;
          continue;
        }
      }
      buf[n++] = c;
    }
    return n;
  }
}

function grow(n: number): number {
  let size = 64;
  while (size < n) size *= 2;
  return size;
}
