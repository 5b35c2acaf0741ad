// Finds the occurrences of many fixed byte strings in a buffer, without decoding it: Wu-Manber (a
// Boyer-Moore-like shift table over 3-byte blocks) for the longer needles, which skips most bytes
// of ordinary log text, and native Buffer.indexOf (memchr/Boyer-Moore) for the few short ones.
// Wu-Manber looks for one window of each needle, as long as the shortest: the window whose 3-byte
// blocks are rarest in a sample of the text being read (adapt), so that most blocks of that text
// shift the search by the full window. Any window finds every occurrence; the choice only changes speed.
// Byte matching on UTF-8 finds every match the string test would (and possibly a few more, which
// callers confirm on the decoded line): ASCII bytes survive decoding unchanged.

const HASH_BITS = 14;
const HASH_MASK = (1 << HASH_BITS) - 1;
/** Needles shorter than this are searched natively (they would shorten every Wu-Manber shift). */
const SHORT = 8;
/** …but never more than this many natively (each is a pass over the buffer). */
const MAX_SHORT = 6;

const hash3 = (a: number, b: number, c: number): number => ((a << 8) ^ (b << 4) ^ c) & HASH_MASK;

export class NeedleScanner {
  private readonly m: number;
  private shift: Uint8Array;
  private bucketStart: Int32Array;
  private bucketNeedle: Int32Array;
  private readonly long: Buffer[];
  /** Per long needle: where its window starts in it. */
  private readonly offsets: Int32Array;
  private maxOffset = 0;
  private readonly short: Buffer[];
  /**
   * Per short needle: parts of it to search natively (rarest-looking first) with their offsets, and
   * which one is in use (the next one is tried when the text has too many of it; last, the needle).
   */
  private readonly anchors: Array<Array<{ bytes: Buffer; offset: number }>>;
  private readonly anchorInUse: number[];
  /** False when some needle cannot be matched on bytes (empty): callers then test every line. */
  readonly usable: boolean;

  constructor(needles: readonly string[]) {
    const bytes = [...new Set(needles)].filter((n) => !n.includes('\n')).map((n) => Buffer.from(n, 'utf8'));
    this.usable = bytes.every((b) => b.length > 0) && !needles.some((n) => /[\ud800-\udfff\ufffd]/.test(n));
    bytes.sort((a, b) => a.length - b.length);
    let cut = bytes.findIndex((b) => b.length >= SHORT);
    if (cut < 0) cut = bytes.length;
    cut = Math.min(cut, MAX_SHORT);
    // Wu-Manber needs blocks of 3 bytes: anything shorter is short whatever the count.
    while (cut < bytes.length && bytes[cut].length < 3) cut++;
    this.short = bytes.slice(0, cut);
    this.long = bytes.slice(cut);
    this.anchors = this.short.map(anchorsOf);
    this.anchorInUse = this.short.map(() => 0);
    const m = this.long.length ? Math.min(this.long[0].length, 255) : 3;
    this.m = m;
    this.offsets = new Int32Array(this.long.length);
    this.shift = new Uint8Array(0);
    this.bucketStart = new Int32Array(0);
    this.bucketNeedle = new Int32Array(0);
    this.build();
  }

  /** The shift table and buckets for the current windows. */
  private build(): void {
    const m = this.m;
    const shift = new Uint8Array(HASH_MASK + 1).fill(this.long.length ? m - 2 : 255);
    const lists: number[][] = [];
    this.long.forEach((n, idx) => {
      const o = this.offsets[idx];
      for (let j = 0; j + 3 <= m; j++) {
        const h = hash3(n[o + j], n[o + j + 1], n[o + j + 2]);
        const s = m - 3 - j;
        if (s < shift[h]) shift[h] = s;
        if (s === 0) (lists[h] ??= []).push(idx);
      }
    });
    this.shift = shift;
    this.bucketStart = new Int32Array(HASH_MASK + 2);
    const flat: number[] = [];
    for (let h = 0; h <= HASH_MASK; h++) {
      this.bucketStart[h] = flat.length;
      for (const i of lists[h] ?? []) flat.push(i);
    }
    this.bucketStart[HASH_MASK + 1] = flat.length;
    this.bucketNeedle = Int32Array.from(flat);
    this.maxOffset = this.offsets.reduce((a, b) => Math.max(a, b), 0);
  }

  /**
   * Chooses each needle's window by the text in sample[from, to): the one whose blocks (the last
   * ones weigh most: they decide the shift) occur least there. Same results, fewer stops.
   */
  adapt(sample: Buffer, from: number, to: number): void {
    if (!this.long.length || to - from < 4096) return;
    const freq = new Uint32Array(HASH_MASK + 1);
    for (let i = from + 2; i < to; i++) freq[hash3(sample[i - 2], sample[i - 1], sample[i])]++;
    const m = this.m;
    let changed = false;
    this.long.forEach((n, idx) => {
      let best = 0;
      let bestCost = Infinity;
      for (let o = 0; o + m <= n.length; o++) {
        let cost = 0;
        // A block j from the end of the window shifts at most m-3-j: frequent blocks near the end cost most.
        for (let j = 0; j + 3 <= m; j++) cost += freq[hash3(n[o + j], n[o + j + 1], n[o + j + 2])] * (j + 1);
        if (cost < bestCost) {
          bestCost = cost;
          best = o;
        }
      }
      if (this.offsets[idx] !== best) changed = true;
      this.offsets[idx] = best;
    });
    if (changed) this.build();
  }

  /**
   * Appends to `out`, in ascending order, the start of every occurrence of a needle lying wholly in
   * buf[from, to) (a position may repeat; a few more than one per line do no harm).
   */
  findAll(buf: Buffer, from: number, to: number, out: number[]): void {
    const found: number[] = [];
    if (this.long.length) this.findLong(buf, from, to, found);
    // Windows inside needles: a later window may belong to an earlier needle.
    const unsorted = this.maxOffset > 0 && found.length > 1;
    for (let i = 0; i < this.short.length; i++) {
      const n = this.short[i];
      // Every occurrence starting at or after `next` is still to be found.
      let next = from;
      for (;;) {
        const k = this.anchorInUse[i];
        const anchor = this.anchors[i][k];
        if (!anchor) {
          for (let w = indexOfBounded(buf, n, next, to); w >= 0; w = indexOfBounded(buf, n, w + 1, to)) found.push(w);
          break;
        }
        const { bytes, offset } = anchor;
        let hits = 0;
        let common = false;
        for (let a = indexOfBounded(buf, bytes, next + offset, to); a >= 0; a = indexOfBounded(buf, bytes, a + 1, to)) {
          const at = a - offset;
          if (++hits > 64) {
            // This part is common in this text: try the next one from here on.
            common = true;
            next = at;
            break;
          }
          if (at + n.length > to) continue;
          let j = 0;
          while (j < n.length && buf[at + j] === n[j]) j++;
          if (j === n.length) found.push(at);
        }
        if (!common) break;
        this.anchorInUse[i] = k + 1;
      }
    }
    if (this.short.length || unsorted) found.sort((a, b) => a - b);
    for (const x of found) out.push(x);
  }

  /** Pushes the start of every needle of bucket h whose window starts at `win`, found there whole and within [from, to). */
  private verify(buf: Buffer, win: number, from: number, to: number, h: number, out: number[]): void {
    const long = this.long;
    const bucketNeedle = this.bucketNeedle;
    const offsets = this.offsets;
    for (let k = this.bucketStart[h], e = this.bucketStart[h + 1]; k < e; k++) {
      const idx = bucketNeedle[k];
      const n = long[idx];
      const start = win - offsets[idx];
      const len = n.length;
      if (start < from || start + len > to) continue;
      let j = 0;
      while (j < len && buf[start + j] === n[j]) j++;
      if (j === len) out.push(start);
    }
  }

  /** One Wu-Manber cursor over window starts in [from, until). */
  private scanOne(buf: Buffer, from: number, until: number, to: number, out: number[], base: number): void {
    const m = this.m;
    const shift = this.shift;
    const limit = Math.min(until + m - 1, to);
    let pos = from + m - 1;
    while (pos < limit) {
      const h = ((buf[pos - 2] << 8) ^ (buf[pos - 1] << 4) ^ buf[pos]) & HASH_MASK;
      const s = shift[h];
      if (s !== 0) {
        pos += s;
        continue;
      }
      this.verify(buf, pos - m + 1, base, to, h, out);
      pos++;
    }
  }

  /**
   * Four cursors over four quarters at once: each step of one cursor waits on its own loads, so
   * interleaving them lets the CPU overlap the waits (about 1.5x on this loop).
   */
  private findLong(buf: Buffer, from: number, to: number, out: number[]): void {
    const m = this.m;
    const q = Math.floor((to - from) / 4);
    if (q < 4 * m) {
      this.scanOne(buf, from, to, to, out, from);
      return;
    }
    const shift = this.shift;
    const e0 = from + q;
    const e1 = e0 + q;
    const e2 = e1 + q;
    const l0 = e0 + m - 1;
    const l1 = e1 + m - 1;
    const l2 = e2 + m - 1;
    let p0 = from + m - 1;
    let p1 = e0 + m - 1;
    let p2 = e1 + m - 1;
    let p3 = e2 + m - 1;
    const o1: number[] = [];
    const o2: number[] = [];
    const o3: number[] = [];
    while (p0 < l0 && p1 < l1 && p2 < l2 && p3 < to) {
      const h0 = ((buf[p0 - 2] << 8) ^ (buf[p0 - 1] << 4) ^ buf[p0]) & HASH_MASK;
      const h1 = ((buf[p1 - 2] << 8) ^ (buf[p1 - 1] << 4) ^ buf[p1]) & HASH_MASK;
      const h2 = ((buf[p2 - 2] << 8) ^ (buf[p2 - 1] << 4) ^ buf[p2]) & HASH_MASK;
      const h3 = ((buf[p3 - 2] << 8) ^ (buf[p3 - 1] << 4) ^ buf[p3]) & HASH_MASK;
      const s0 = shift[h0];
      const s1 = shift[h1];
      const s2 = shift[h2];
      const s3 = shift[h3];
      if (s0 !== 0 && s1 !== 0 && s2 !== 0 && s3 !== 0) {
        p0 += s0;
        p1 += s1;
        p2 += s2;
        p3 += s3;
        continue;
      }
      if (s0 === 0) {
        this.verify(buf, p0 - m + 1, from, to, h0, out);
        p0++;
      } else p0 += s0;
      if (s1 === 0) {
        this.verify(buf, p1 - m + 1, from, to, h1, o1);
        p1++;
      } else p1 += s1;
      if (s2 === 0) {
        this.verify(buf, p2 - m + 1, from, to, h2, o2);
        p2++;
      } else p2 += s2;
      if (s3 === 0) {
        this.verify(buf, p3 - m + 1, from, to, h3, o3);
        p3++;
      } else p3 += s3;
    }
    this.scanOne(buf, p0 - m + 1, e0, to, out, from);
    this.scanOne(buf, p1 - m + 1, e1, to, o1, from);
    this.scanOne(buf, p2 - m + 1, e2, to, o2, from);
    this.scanOne(buf, p3 - m + 1, to, to, o3, from);
    for (const x of o1) out.push(x);
    for (const x of o2) out.push(x);
    for (const x of o3) out.push(x);
  }
}

/**
 * Native search stops at every occurrence of the needle's first byte: for a short needle, search
 * one of its 3-byte parts, least common-looking first byte first, and check the rest around it.
 */
function anchorsOf(n: Buffer): Array<{ bytes: Buffer; offset: number }> {
  const len = Math.min(3, n.length);
  const out: Array<{ bytes: Buffer; offset: number }> = [];
  for (let i = 0; i + len <= n.length; i++) if (rarity(n[i]) > 0) out.push({ bytes: n.subarray(i, i + len), offset: i });
  return out.sort((a, b) => rarity(b.bytes[0]) - rarity(a.bytes[0]) || a.offset - b.offset);
}

function rarity(b: number): number {
  if (b === 32) return 0;
  if (b >= 97 && b <= 122) return 'etaoinsrlhdcu'.includes(String.fromCharCode(b)) ? 1 : 2;
  if ((b >= 48 && b <= 57) || b === 34 || b === 58 || b === 44 || b === 46 || b === 45 || b === 61) return 3;
  if (b >= 65 && b <= 90) return 5;
  return 4;
}

/** buf.indexOf(needle, from) restricted to matches ending at or before `to`. */
function indexOfBounded(buf: Buffer, needle: Buffer, from: number, to: number): number {
  if (to - from < needle.length) return -1;
  const at = (to === buf.length ? buf : buf.subarray(0, to)).indexOf(needle, from);
  return at;
}
