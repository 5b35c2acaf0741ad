// Matching lines against the catalogue: one combined regular expression as a prefilter over the
// raw line, then the exact definitions on the few lines that pass.
import type { LogRecord } from '../parse/record.js';
import { ALL_NEEDLES, SIGNALS, type SignalDef, type SignalExtract } from './catalog.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFILTER = new RegExp(ALL_NEEDLES.map(escape).join('|'));

/** True when the line may hold a signal; false lines need no parsing at all. */
export function mayHoldSignal(line: string): boolean {
  return PREFILTER.test(line);
}

export interface SignalMatch {
  def: SignalDef;
  extract: SignalExtract;
}

/** Every definition the line satisfies (usually one). */
export function matchSignals(line: string, rec: LogRecord): SignalMatch[] {
  const out: SignalMatch[] = [];
  for (const def of SIGNALS) {
    if (!def.needles.some((n) => line.includes(n))) continue;
    if (def.all && !def.all.every((n) => line.includes(n))) continue;
    out.push({ def, extract: def.extract ? def.extract(rec, line) : {} });
  }
  return out;
}

/** The pod a record speaks of, as "namespace/name", from the fields components use for it. */
export function podOf(rec: LogRecord, line: string): string | undefined {
  const p = rec.fields.pod ?? rec.fields.podName;
  if (typeof p === 'string' && p.includes('/')) return p;
  if (p && typeof p === 'object') {
    const o = p as { name?: unknown; namespace?: unknown };
    if (typeof o.name === 'string' && typeof o.namespace === 'string') return `${o.namespace}/${o.name}`;
  }
  const m = /pod="([\w.-]+\/[\w.-]+)"/.exec(line) ?? /\\"([\w.-]+)_([\w.-]+)\(/.exec(line) ?? /pod "([\w.-]+)_([\w.-]+)\(/.exec(line);
  if (!m) return undefined;
  return m[2] !== undefined ? `${m[2]}/${m[1]}` : m[1];
}
