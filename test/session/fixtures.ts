/** Shared test inputs: the reference incident and the fixtures under test/fixtures/session/. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const REFERENCE_PATH = path.resolve(process.cwd(), '../shared/spec/000_1b30baa065185c8b.txt');
export const FIXTURE_DIR = path.resolve(process.cwd(), 'test/fixtures/session');

export function readReference(): string {
  return readFileSync(REFERENCE_PATH, 'utf8');
}

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort();
}

/**
 * True when `after` is `before` with one contiguous run of text inserted (nothing removed or changed).
 * Returns the insertion offset and text, or null.
 */
export function insertion(before: string, after: string): { at: number; text: string } | null {
  if (after.length < before.length) return null;
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix += 1;
  const inserted = after.length - before.length;
  if (after.slice(prefix + inserted) !== before.slice(prefix)) {
    // The inserted run may start earlier than the first difference when it repeats the bytes before it.
    for (let at = prefix; at >= 0; at -= 1) {
      if (after.slice(0, at) === before.slice(0, at) && after.slice(at + inserted) === before.slice(at)) {
        return { at, text: after.slice(at, at + inserted) };
      }
    }
    return null;
  }
  return { at: prefix, text: after.slice(prefix, prefix + inserted) };
}

/** Lines of `a` and `b` that differ, as 1-based line numbers (texts must have the same number of lines). */
export function changedLines(a: string, b: string): number[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  if (la.length !== lb.length) throw new Error(`line counts differ: ${la.length} vs ${lb.length}`);
  const out: number[] = [];
  la.forEach((line, i) => {
    if (line !== lb[i]) out.push(i + 1);
  });
  return out;
}

/** Deterministic PRNG (mulberry32) for the mutation tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
