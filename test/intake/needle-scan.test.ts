// The byte needle scanner finds exactly the occurrences a plain search for each needle finds —
// whichever window of each needle it searches (adapt tunes them to a text: speed, never results).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NeedleScanner } from '../../src/intake/needle-scan.js';
import { ALL_NEEDLES } from '../../src/signals/catalog.js';

/** Every occurrence of every needle in buf: [start, length]. */
function occurrences(needles: readonly string[], buf: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of new Set(needles)) {
    const b = Buffer.from(n);
    for (let at = buf.indexOf(b); at >= 0; at = buf.indexOf(b, at + 1)) out.push([at, b.length]);
  }
  return out;
}

/** Every start of a needle lying wholly in [from, to), ascending, each once. */
function within(occ: Array<[number, number]>, from: number, to: number): number[] {
  return [...new Set(occ.filter(([at, len]) => at >= from && at + len <= to).map(([at]) => at))].sort((a, b) => a - b);
}

function naive(needles: readonly string[], buf: Buffer, from: number, to: number): number[] {
  return within(occurrences(needles, buf), from, to);
}

/** Pseudo-random log-like text (seeded) with needles planted at random places, some overlapping block edges. */
function text(seed: number, bytes: number, needles: readonly string[]): Buffer {
  let x = seed;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  const words = ['level', 'info', 'msg', '"ts":', 'took', 'request', 'etcdserver', 'apply', 'the', 'pod', 'kube-system', '{', '}', '=', '"', ':', '1771748140', 'I0222', '08:15:35.605102Z'];
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const p = rnd(40) === 0 ? needles[rnd(needles.length)] : rnd(25) === 0 ? '\n' : words[rnd(words.length)] + (rnd(3) ? ' ' : '');
    parts.push(p);
    n += p.length;
  }
  return Buffer.from(parts.join(''));
}

const found = (s: NeedleScanner, buf: Buffer, from: number, to: number): number[] => {
  const out: number[] = [];
  s.findAll(buf, from, to, out);
  for (let i = 1; i < out.length; i++) assert.ok(out[i - 1] <= out[i], 'ascending');
  return [...new Set(out)];
};

describe('needle scan on bytes', () => {
  it('finds every occurrence of every catalogue needle, in ascending order, before and after adapting to a text', () => {
    const scanner = new NeedleScanner(ALL_NEEDLES);
    for (const seed of [1, 2, 3]) {
      const buf = text(seed, 300_000, ALL_NEEDLES);
      const expected = naive(ALL_NEEDLES, buf, 0, buf.length);
      assert.ok(expected.length > 100);
      assert.deepEqual(found(scanner, buf, 0, buf.length), expected);
      // Ranges that cut needles at both ends, and the four-cursor quarters' edges.
      for (const [from, to] of [[17, buf.length - 5], [1000, 1000 + 4096 * 4 + 3], [5, 200]]) {
        assert.deepEqual(found(scanner, buf, from, to), naive(ALL_NEEDLES, buf, from, to), `range ${from}-${to}`);
      }
      // A sample full of the needles' beginnings moves the windows towards their ends.
      const sample = Buffer.from(ALL_NEEDLES.map((n) => n.slice(0, 9)).join(' ').repeat(10));
      scanner.adapt(sample, 0, sample.length);
      const moved = [...(scanner as unknown as { offsets: Int32Array }).offsets].filter((o) => o > 0).length;
      assert.ok(moved > 50, `windows moved: ${moved}`);
      // Ranges starting inside needles (their windows may lie in the range, their starts do not)
      // and ending inside them.
      const occ = occurrences(ALL_NEEDLES, buf);
      for (const [at, len] of occ.slice(0, 12)) {
        for (let cut = 1; cut < len; cut++) {
          assert.deepEqual(found(scanner, buf, at + cut, at + 3000), within(occ, at + cut, at + 3000), `adapted, from inside ${at}+${cut}`);
          assert.deepEqual(found(scanner, buf, Math.max(0, at - 3000), at + cut), within(occ, Math.max(0, at - 3000), at + cut), `adapted, to inside ${at}+${cut}`);
        }
      }
      assert.deepEqual(found(scanner, buf, 0, buf.length), expected, `after adapting to seed ${seed}`);
      for (const [from, to] of [[17, buf.length - 5], [1000, 1000 + 4096 * 4 + 3], [5, 200]]) {
        assert.deepEqual(found(scanner, buf, from, to), naive(ALL_NEEDLES, buf, from, to), `adapted, range ${from}-${to}`);
      }
    }
  });

  it('adapting moves windows off the blocks the text is full of (and so shifts further)', () => {
    // The shortest needle sets the window's length (9): the longer two have windows to choose from.
    const needles = ['QQQQQQQQQ', 'aaaaaaaaaaXYZQW', 'bbbbbbbbbbbbPQRST'];
    const scanner = new NeedleScanner(needles);
    const buf = Buffer.from(`${'aaaaaaaaaa bbbbbbbbbbbb '.repeat(4000)}aaaaaaaaaaXYZQW bbbbbbbbbbbbPQRST`);
    const expected = naive(needles, buf, 0, buf.length);
    assert.equal(expected.length, 2);
    const offsets = (): number[] => [...(scanner as unknown as { offsets: Int32Array }).offsets];
    assert.deepEqual(offsets(), [0, 0, 0], 'prefixes until adapted');
    assert.deepEqual(found(scanner, buf, 0, buf.length), expected);
    scanner.adapt(buf, 0, buf.length);
    assert.deepEqual(found(scanner, buf, 0, buf.length), expected);
    const [shortest, ...longer] = offsets();
    assert.equal(shortest, 0, 'the shortest needle is its own window');
    assert.ok(longer.every((o) => o > 0), `windows moved off the repeated prefixes: ${longer}`);
  });
});
