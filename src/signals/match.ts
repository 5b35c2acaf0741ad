// Matching lines against the catalogue: a prefilter for all needles at once over the raw line,
// then the exact definitions on the few lines that pass. (Large logs are prefiltered on bytes
// before decoding: src/intake/needle-scan.ts.)
import type { LogRecord } from '../parse/record.js';
import { ALL_NEEDLES, SIGNALS, type SignalDef, type SignalExtract } from './catalog.js';

const HASH_MASK = (1 << 14) - 1;

/**
 * Which of the needles does a string contain? Wu-Manber over UTF-16 code units: a shift table over
 * 3-unit blocks skips most characters of ordinary text (a combined regular expression of a hundred
 * alternatives tries each at every position). Same answer as testing each needle.
 */
export class StringNeedles {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly buckets: string[][];
  private readonly always: boolean;
  private readonly list: string[];

  constructor(needles: readonly string[]) {
    const list = [...new Set(needles)];
    this.list = list;
    this.always = list.some((n) => n.length === 0);
    this.m = Math.min(255, ...list.map((n) => n.length));
    const m = this.m;
    this.shift = new Uint8Array(HASH_MASK + 1).fill(Math.max(1, m - 2));
    this.buckets = [];
    if (m < 3) return;
    for (const n of list) {
      for (let j = 0; j + 3 <= m; j++) {
        const h = ((n.charCodeAt(j) << 8) ^ (n.charCodeAt(j + 1) << 4) ^ n.charCodeAt(j + 2)) & HASH_MASK;
        const sh = m - 3 - j;
        if (sh < this.shift[h]) this.shift[h] = sh;
        if (sh === 0) (this.buckets[h] ??= []).push(n);
      }
    }
  }

  /** Every needle occurring in s. */
  found(s: string): Set<string> {
    const out = new Set<string>();
    if (this.always || this.m < 3) this.naive(s, out);
    else this.scan(s, out);
    return out;
  }

  private scan(s: string, all: Set<string>): void {
    const m = this.m;
    const shift = this.shift;
    const len = s.length;
    let pos = m - 1;
    while (pos < len) {
      const h = ((s.charCodeAt(pos - 2) << 8) ^ (s.charCodeAt(pos - 1) << 4) ^ s.charCodeAt(pos)) & HASH_MASK;
      const sh = shift[h];
      if (sh !== 0) {
        pos += sh;
        continue;
      }
      const start = pos - m + 1;
      for (const n of this.buckets[h]) if (s.startsWith(n, start)) all.add(n);
      pos++;
    }
  }

  private naive(s: string, all: Set<string>): void {
    for (const n of this.list) if (s.includes(n)) all.add(n);
  }
}

const PREFILTER = new StringNeedles(ALL_NEEDLES);

/** Every needle the line holds (empty: it holds no signal), for matchSignals. */
export function needlesIn(line: string): Set<string> {
  return PREFILTER.found(line);
}

export interface SignalMatch {
  def: SignalDef;
  extract: SignalExtract;
}

/** Per needle: the definitions (indices into SIGNALS) that have it. */
let defsByNeedle: Map<string, number[]> | undefined;

/** Every definition the line satisfies (usually one), in catalogue order; `found`: needlesIn(line), when known. */
export function matchSignals(line: string, rec: LogRecord, found: Set<string> = PREFILTER.found(line)): SignalMatch[] {
  const out: SignalMatch[] = [];
  if (!found.size) return out;
  if (!defsByNeedle) {
    defsByNeedle = new Map();
    SIGNALS.forEach((def, i) => {
      for (const n of def.needles) {
        const list = defsByNeedle?.get(n) ?? [];
        if (!list.includes(i)) list.push(i);
        defsByNeedle?.set(n, list);
      }
    });
  }
  let defs: number[];
  if (found.size === 1) {
    // The common case: one needle, its definitions already in catalogue order.
    defs = defsByNeedle.get(found.values().next().value as string) ?? [];
  } else {
    const set = new Set<number>();
    for (const n of found) for (const i of defsByNeedle.get(n) ?? []) set.add(i);
    defs = [...set].sort((a, b) => a - b);
  }
  for (const i of defs) {
    const def = SIGNALS[i];
    if (def.all && !def.all.every((n) => line.includes(n))) continue;
    out.push({ def, extract: def.extract ? def.extract(rec, line) : {} });
  }
  return out;
}

/** Where a line names its pod, in the order tried, each with a part every match holds (tested first: most lines hold none). */
const POD_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['pod="', /pod="([\w.-]+\/[\w.-]+)"/],
  ['\\"', /\\"([\w.-]+)_([\w.-]+)\(/],
  ['pod "', /pod "([\w.-]+)_([\w.-]+)\(/],
];

/** The pod a record speaks of, as "namespace/name", from the fields components use for it. */
export function podOf(rec: LogRecord, line: string): string | undefined {
  const p = rec.fields.pod ?? rec.fields.podName;
  if (typeof p === 'string' && p.includes('/')) return p;
  if (p && typeof p === 'object') {
    const o = p as { name?: unknown; namespace?: unknown };
    if (typeof o.name === 'string' && typeof o.namespace === 'string') return `${o.namespace}/${o.name}`;
  }
  for (const [part, re] of POD_PATTERNS) {
    const m = line.includes(part) ? re.exec(line) : null;
    if (m) return m[2] !== undefined ? `${m[2]}/${m[1]}` : m[1];
  }
  return undefined;
}
