import type { BestMatch } from './match';
import { listKey } from '../text/list-key';
import { pyLower } from '../text/python';

/**
 * Length of the longest common substring (contiguous) of two strings, counted in Unicode
 * code points. This is the scorer's hot loop: every answer line is compared with every
 * option. The matcher builds a suffix automaton of the answer once (linear time) and then
 * walks each candidate through it (linear time), instead of filling an n*m table per pair.
 * All storage lives in typed arrays that are reused and only ever grow.
 */
export class SubstringMatcher {
  // Automaton states: length of the longest string in the state, and its suffix link.
  private len = new Int32Array(64);
  private link = new Int32Array(64);
  // Transitions as singly linked edge lists per state.
  private head = new Int32Array(64);
  private edgeChar = new Int32Array(128);
  private edgeTarget = new Int32Array(128);
  private edgeNext = new Int32Array(128);
  private states = 0;
  private edges = 0;
  private prepared: string | undefined;
  // The root has an edge for every distinct character of the answer and is where a failed
  // walk falls back to, so its BMP transitions get a direct table. A stamp per entry marks
  // which build wrote it, so the table never needs clearing.
  private readonly rootTarget = new Int32Array(0x10000);
  private readonly rootStamp = new Int32Array(0x10000);
  private generation = 0;

  // Option lists are matched against many answers; lower-case each list once. Keyed by content:
  // a parsed file gives every question its own array, though few distinct lists exist.
  private readonly loweredLists = new Map<string, string[]>();
  // Lists shared by many questions (see `ListInterner`) are found by identity, without a key.
  private readonly loweredByList = new WeakMap<readonly string[], string[]>();
  // The lines of one answer are matched against the same array one after another: found by
  // identity, they skip building the content key (15 long options per value-selection item).
  private lastList: readonly string[] | undefined;
  private lastLowered: string[] = [];

  /** `candidates` lower-cased as Python's `str.lower()` does, cached per distinct list. */
  lowered(candidates: readonly string[]): string[] {
    if (candidates === this.lastList) return this.lastLowered;
    let out = this.loweredByList.get(candidates);
    if (out === undefined) {
      const key = listKey(candidates);
      out = this.loweredLists.get(key);
      if (out === undefined) {
        out = candidates.map(pyLower);
        this.loweredLists.set(key, out);
      }
      this.loweredByList.set(candidates, out);
    }
    this.lastList = candidates;
    this.lastLowered = out;
    return out;
  }

  // Models repeat short answers ("agree", "I would say: agree") across thousands of items
  // that share an option list: the result of `best` per distinct list and answer is kept.
  private readonly answers = new Map<readonly string[], Map<string, BestMatch | null>>();

  /** The memo of `best` results (null: no match) for one list `lowered` returned, by its identity. */
  answersOf(lowered: readonly string[]): Map<string, BestMatch | null> {
    let memo = this.answers.get(lowered);
    if (memo === undefined) {
      memo = new Map();
      this.answers.set(lowered, memo);
    }
    return memo;
  }

  /** `lcs(x, y)` of already lower-cased strings. */
  length(x: string, y: string): number {
    if (x.length === 0 || y.length === 0) return 0;
    if (this.prepared !== x) this.build(x);
    let v = 0;
    let l = 0;
    let best = 0;
    for (let k = 0; k < y.length; k++) {
      let c = y.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < y.length) {
        const d = y.charCodeAt(k + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          k++;
        }
      }
      let t = this.target(v, c);
      while (t < 0 && v !== 0) {
        v = this.link[v]!;
        l = this.len[v]!;
        t = this.target(v, c);
      }
      if (t >= 0) {
        v = t;
        l++;
        if (l > best) best = l;
      }
    }
    return best;
  }

  private target(state: number, c: number): number {
    if (state === 0 && c < 0x10000) return this.rootStamp[c] === this.generation ? this.rootTarget[c]! : -1;
    for (let e = this.head[state]!; e >= 0; e = this.edgeNext[e]!) {
      if (this.edgeChar[e] === c) return this.edgeTarget[e]!;
    }
    return -1;
  }

  private setTarget(state: number, c: number, to: number): void {
    if (state === 0 && c < 0x10000) {
      this.rootTarget[c] = to;
      return;
    }
    for (let e = this.head[state]!; e >= 0; e = this.edgeNext[e]!) {
      if (this.edgeChar[e] === c) {
        this.edgeTarget[e] = to;
        return;
      }
    }
    this.addEdge(state, c, to);
  }

  private addEdge(state: number, c: number, to: number): void {
    if (state === 0 && c < 0x10000) {
      this.rootStamp[c] = this.generation;
      this.rootTarget[c] = to;
      return;
    }
    if (this.edges === this.edgeChar.length) this.growEdges();
    const e = this.edges++;
    this.edgeChar[e] = c;
    this.edgeTarget[e] = to;
    this.edgeNext[e] = this.head[state]!;
    this.head[state] = e;
  }

  private newState(length: number, link: number): number {
    if (this.states === this.len.length) this.growStates();
    const s = this.states++;
    this.len[s] = length;
    this.link[s] = link;
    this.head[s] = -1;
    return s;
  }

  /** The standard online suffix-automaton construction over code points. */
  private build(x: string): void {
    this.states = 0;
    this.edges = 0;
    this.generation++;
    this.newState(0, -1);
    let last = 0;
    for (let k = 0; k < x.length; k++) {
      let c = x.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < x.length) {
        const d = x.charCodeAt(k + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          k++;
        }
      }
      const cur = this.newState(this.len[last]! + 1, 0);
      let p = last;
      while (p >= 0 && this.target(p, c) < 0) {
        this.addEdge(p, c, cur);
        p = this.link[p]!;
      }
      if (p >= 0) {
        const q = this.target(p, c);
        if (this.len[p]! + 1 === this.len[q]) {
          this.link[cur] = q;
        } else {
          const clone = this.newState(this.len[p]! + 1, this.link[q]!);
          for (let e = this.head[q]!; e >= 0; e = this.edgeNext[e]!) {
            this.addEdge(clone, this.edgeChar[e]!, this.edgeTarget[e]!);
          }
          while (p >= 0 && this.target(p, c) === q) {
            this.setTarget(p, c, clone);
            p = this.link[p]!;
          }
          this.link[q] = clone;
          this.link[cur] = clone;
        }
      }
      last = cur;
    }
    this.prepared = x;
  }

  private growStates(): void {
    const size = this.len.length * 2;
    this.len = grown(this.len, size);
    this.link = grown(this.link, size);
    this.head = grown(this.head, size);
  }

  private growEdges(): void {
    const size = this.edgeChar.length * 2;
    this.edgeChar = grown(this.edgeChar, size);
    this.edgeTarget = grown(this.edgeTarget, size);
    this.edgeNext = grown(this.edgeNext, size);
  }
}

function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
