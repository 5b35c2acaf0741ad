// Metric evidence for rules: the series of one query, citations of a sample, counter increases,
// windows, trends (growth rate, time to quota) and the drop a defragmentation leaves in the DB size
// with the latencies before and after it. Pure functions over EvidenceSet.metrics.
import type { EtcdMemberStatus, EvidenceRef, EvidenceSet, MetricSeries, Subject } from '../../types.js';
import { formatBytes } from '../../util/bytes.js';
import { queryDef } from './queries.js';

export type Sample = [number, number];

export function metricSeries(ev: EvidenceSet, name: string): MetricSeries[] {
  return (ev.metrics ?? []).filter((s) => s.name === name && s.samples.length > 0);
}

export const isoOf = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** `name{k="v",…}` without the labels every series of a scrape carries anyway. */
export function selector(s: MetricSeries): string {
  const labels = Object.entries(s.labels)
    .filter(([k]) => k !== '__name__' && k !== 'le')
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `{${labels}}`;
}

/** A value in the unit of its query. */
export function formatValue(name: string, v: number): string {
  switch (queryDef(name)?.unit) {
    case 'bytes':
      return formatBytes(v);
    case 'bytes/s':
      return `${formatBytes(v)}/s`;
    case 'seconds':
      return v >= 1 ? `${v.toFixed(2)}s` : v >= 0.001 ? `${(v * 1000).toFixed(v >= 0.01 ? 0 : 1)}ms` : `${Math.round(v * 1e6)}µs`;
    case 'ratio':
      return `${(v * 100).toFixed(v >= 0.1 ? 0 : 1)}%`;
    default:
      return String(Math.round(v * 1000) / 1000);
  }
}

/** The range a series covers, as cited. */
export function rangeText(s: MetricSeries): string {
  return s.stepSeconds > 0 ? `range ${s.start} to ${s.end}, step ${s.stepSeconds}s` : `over ${s.start} to ${s.end}`;
}

/** A citation of one fact about a series: what it says first, then which series and range. */
export function cite(s: MetricSeries, what: string, at?: number): EvidenceRef {
  return {
    source: 'prometheus',
    query: s.query,
    ...(at !== undefined ? { time: isoOf(at) } : {}),
    excerpt: `${what}; ${selector(s)}, ${rangeText(s)}`,
  };
}

export function last(s: MetricSeries): Sample | undefined {
  return s.samples[s.samples.length - 1];
}

/** The highest sample (the first one when several are equal). */
export function peak(s: MetricSeries, from = -Infinity, to = Infinity): Sample | undefined {
  let best: Sample | undefined;
  for (const p of s.samples) if (p[0] >= from && p[0] <= to && (!best || p[1] > best[1])) best = p;
  return best;
}

export function mean(s: MetricSeries, from = -Infinity, to = Infinity): number | undefined {
  const xs = s.samples.filter((p) => p[0] >= from && p[0] <= to).map((p) => p[1]);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

/** Samples above a limit: how many, the first and last time, the peak. */
export function above(s: MetricSeries, limit: number): { count: number; first?: number; last?: number; peak?: Sample } {
  const over = s.samples.filter((p) => p[1] > limit);
  return { count: over.length, first: over[0]?.[0], last: over[over.length - 1]?.[0], peak: peak({ ...s, samples: over }) };
}

/** Increases of a counter between samples, resets (restarts) counted from zero. */
export function increases(s: MetricSeries): Sample[] {
  const out: Sample[] = [];
  for (let i = 1; i < s.samples.length; i++) {
    const [t, v] = s.samples[i];
    const prev = s.samples[i - 1][1];
    const inc = v >= prev ? v - prev : v;
    if (inc > 0) out.push([t, inc]);
  }
  return out;
}

/** The window of `ms` holding the largest sum of increases: how many, and when. */
export function busiestWindow(incs: Sample[], ms: number): { total: number; from?: number; to?: number } {
  let best = { total: 0 } as { total: number; from?: number; to?: number };
  let start = 0;
  let sum = 0;
  for (let end = 0; end < incs.length; end++) {
    sum += incs[end][1];
    while (incs[start][0] < incs[end][0] - ms) sum -= incs[start++][1];
    if (sum > best.total) best = { total: sum, from: incs[start][0], to: incs[end][0] };
  }
  return best;
}

/** Least-squares slope of a series, per hour, over the samples from `from` on. */
export function slopePerHour(s: MetricSeries, from = -Infinity): number | undefined {
  const pts = s.samples.filter((p) => p[0] >= from);
  if (pts.length < 2 || pts[pts.length - 1][0] - pts[0][0] <= 0) return undefined;
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p[0], 0) / n;
  const my = pts.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of pts) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den > 0 ? (num / den) * 3_600_000 : undefined;
}

export interface Drop {
  at: number;
  before: number;
  after: number;
}

/**
 * The largest fall of a size between consecutive samples, when it is at least `minFraction` of
 * what was there: the mark a defragmentation (or a restore) leaves in etcd_mvcc_db_total_size_in_bytes,
 * which otherwise never shrinks.
 */
export function largestDrop(s: MetricSeries, minFraction = 0.1, minBytes = 1_000_000): Drop | undefined {
  let best: Drop | undefined;
  for (let i = 1; i < s.samples.length; i++) {
    const before = s.samples[i - 1][1];
    const after = s.samples[i][1];
    const fall = before - after;
    if (fall >= minBytes && fall >= minFraction * before && (!best || fall > best.before - best.after)) {
      best = { at: s.samples[i][0], before, after };
    }
  }
  return best;
}

/** Series of `name` for the same member (or node) as `s`. */
export function sibling(ev: EvidenceSet, name: string, s: Pick<MetricSeries, 'member' | 'node' | 'memberId'>): MetricSeries[] {
  return metricSeries(ev, name).filter(
    (x) => (s.memberId && x.memberId === s.memberId) || (s.member !== undefined && x.member === s.member) || (!s.member && s.node !== undefined && x.node === s.node),
  );
}

/** The member a series is about, for a subject: the known member, else a stand-in named as the series' member. */
export function memberOf(ev: EvidenceSet, s: MetricSeries): { subject: Subject; member?: EtcdMemberStatus; node?: string } {
  const m =
    (s.memberId ? ev.etcdMembers.find((x) => x.id === s.memberId) : undefined) ??
    ev.etcdMembers.find((x) => (s.node !== undefined && (x.node === s.node || x.name === s.node)) || (s.member !== undefined && x.name === s.member));
  if (m) return { subject: { kind: 'EtcdMember', name: m.name, ...(m.id ? { id: m.id } : {}) }, member: m, node: m.node ?? s.node };
  const name = s.member ?? s.node ?? s.memberId ?? s.instance ?? 'unknown';
  return { subject: { kind: 'EtcdMember', name, ...(s.memberId ? { id: s.memberId } : {}) }, node: s.node };
}

/** Whether a series is an etcd member's (attributed to a member) or a node's. */
export const isEtcdSeries = (s: MetricSeries): boolean => queryDef(s.name)?.etcd ?? s.name.startsWith('etcd-');

/** The node a series is about, for grouping with log lines. */
export const nodeKey = (s: MetricSeries): string | undefined => s.node ?? s.member ?? s.instance;
