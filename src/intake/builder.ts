// Accumulates one EvidenceSet from every source, keeping memory bounded: signal lines are
// capped per (signal, node, component), error samples per stream.
import type { EvidenceRef, EvidenceSet, LogStat, SignalEvent, SourceInfo } from '../types.js';

export const MAX_SIGNALS_PER_KEY = 20_000;
export const MAX_ERROR_SAMPLES = 5;
export const EXCERPT_MAX = 400;

export function emptyEvidence(): EvidenceSet {
  return { sources: [], nodes: [], pods: [], events: [], etcdMembers: [], processes: [], diskIo: [], nodeMetrics: [], objects: [], signals: [], logStats: [] };
}

export function excerpt(text: string): string {
  const t = text.trim();
  return t.length > EXCERPT_MAX ? `${t.slice(0, EXCERPT_MAX - 1)}…` : t;
}

export class EvidenceBuilder {
  readonly evidence: EvidenceSet = emptyEvidence();
  private readonly signalCounts = new Map<string, number>();
  private readonly dropped = new Map<string, number>();

  addSource(source: SourceInfo): SourceInfo {
    this.evidence.sources.push(source);
    return source;
  }

  addSignal(ev: SignalEvent, source: SourceInfo): void {
    const key = `${ev.signal}|${ev.node ?? ''}|${ev.component}`;
    const n = (this.signalCounts.get(key) ?? 0) + 1;
    this.signalCounts.set(key, n);
    if (n > MAX_SIGNALS_PER_KEY) {
      this.dropped.set(source.location, (this.dropped.get(source.location) ?? 0) + 1);
      return;
    }
    this.evidence.signals.push(ev);
  }

  newLogStat(source: string, component: string, node?: string): LogStat {
    const stat: LogStat = { source, component, node, lines: 0, errorLines: 0, warnLines: 0, errorSamples: [] };
    this.evidence.logStats.push(stat);
    return stat;
  }

  static sampleError(stat: LogStat, ref: EvidenceRef): void {
    if (stat.errorSamples.length < MAX_ERROR_SAMPLES) stat.errorSamples.push(ref);
  }

  /** Notes sources whose signals went past the cap. */
  finish(): EvidenceSet {
    for (const [location, n] of this.dropped) {
      const src = this.evidence.sources.find((s) => s.location === location);
      src?.warnings.push(`${n} further signal lines beyond ${MAX_SIGNALS_PER_KEY} per kind were counted but not kept`);
    }
    return this.evidence;
  }
}
