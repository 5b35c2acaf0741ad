// A member's disk cannot sync fast enough: `slow fdatasync` (over 1s) in its WAL, or the leader
// missing heartbeats "likely from slow disk"; from Prometheus, WAL fsync p99 or backend commit p99
// over the etcd-mixin thresholds, with the node's disk time and the pods and processes writing
// most on that node where node-exporter / cAdvisor / process-exporter are scraped. Log lines and
// metrics of one node make one finding.
import type { EvidenceRef, EvidenceSet, Finding, MetricSeries, Refutation, Rule, Subject, Thresholds } from '../../types.js';
import { above, cite, formatValue, isoOf, last, metricSeries, nodeKey, peak } from '../../collect/prometheus/evidence.js';
import { maxIso, minIso } from '../../util/time.js';
import { fmtMs, groupBy, memberForNode, slowDiskSignals, summarise } from '../lib.js';

/** What Prometheus says about one node's etcd disk. */
interface MetricCase {
  parts: string[];
  evidence: EvidenceRef[];
  critical: boolean;
  first?: string;
  last?: string;
  data: Record<string, unknown>;
  memberId?: string;
}

const rule: Rule = {
  id: 'etcd/slow-disk',
  failureMode: 'etcd-slow-disk',
  description: 'slow fdatasync and heartbeat-late-from-slow-disk warnings of an etcd member, and WAL fsync / backend commit p99 over the etcd-mixin thresholds.',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const slow = slowDiskSignals(evidence, thresholds);
    const byNode = groupBy(slow, (s) => s.node);
    const { slowByNode, healthy } = metricCases(evidence, thresholds);
    const subjectOf = (node: string, memberId?: string): Subject => {
      const { subject } = memberForNode(evidence, node);
      return subject.id || !memberId ? subject : { ...subject, id: memberId };
    };

    for (const node of new Set([...byNode.keys(), ...slowByNode.keys()])) {
      const events = byNode.get(node) ?? [];
      const m = slowByNode.get(node);
      const s = summarise(events);
      const syncs = events.filter((e) => e.signal === 'etcd.slow-fdatasync');
      const beats = events.length - syncs.length;
      const fromLogs = events.length > 0 && (s.count >= 3 || (s.maxMs ?? 0) >= 2 * thresholds.slowFdatasyncMs);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: subjectOf(node, m?.memberId),
        node,
        severity: fromLogs || m?.critical ? 'critical' : 'warning',
        message: `etcd on ${node} cannot sync its WAL fast enough: ${[
          syncs.length ? `${syncs.length} slow fdatasync (up to ${fmtMs(s.maxMs)}, expected under ${fmtMs(thresholds.slowFdatasyncMs)})` : '',
          beats ? `${beats} late heartbeats blamed on slow disk` : '',
          ...(m?.parts ?? []),
        ].filter(Boolean).join(', ')}`,
        count: events.length ? s.count : undefined,
        firstSeen: minIso(s.firstSeen, m?.first),
        lastSeen: maxIso(s.lastSeen, m?.last),
        // The first log line and the first metric up front, so a short citation list shows both.
        evidence: [...s.evidence.slice(0, 1), ...(m?.evidence.slice(0, 1) ?? []), ...s.evidence.slice(1), ...(m?.evidence.slice(1) ?? [])],
        data: events.length ? { maxFdatasyncMs: s.maxMs, ...m?.data } : { ...m?.data },
      });
    }
    const refuted = new Map<string, Refutation>();
    for (const stat of evidence.logStats) {
      if (stat.component !== 'etcd' || !stat.node || byNode.has(stat.node) || slowByNode.has(stat.node) || stat.lines < 50) continue;
      const { subject } = memberForNode(evidence, stat.node);
      const r: Refutation = {
        rule: rule.id,
        failureMode: rule.failureMode,
        subject,
        node: stat.node,
        reason: `no slow fdatasync in ${stat.lines} lines of etcd log${stat.firstTime ? ` (${stat.firstTime} to ${stat.lastTime})` : ''}`,
        evidence: [{ source: stat.source, excerpt: `${stat.lines} lines, ${stat.warnLines} warnings, none slow fdatasync` }],
      };
      refutations.push(r);
      refuted.set(stat.node, r);
    }
    for (const [node, h] of healthy) {
      if (byNode.has(node) || slowByNode.has(node)) continue;
      const known = refuted.get(node);
      if (known) {
        known.reason += `; ${h.reason}`;
        known.evidence.push(...h.evidence);
        continue;
      }
      refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: subjectOf(node, h.memberId), node, reason: h.reason, evidence: h.evidence });
    }
    return { findings, refutations };
  },
};

const sec = (ms: number): number => ms / 1000;

/**
 * Per node: the WAL fsync and backend commit p99 over their thresholds (with the node's disk and
 * its heaviest writers), or, for nodes whose fsync p99 stayed under the warning, why not.
 */
function metricCases(ev: EvidenceSet, t: Thresholds): { slowByNode: Map<string, MetricCase>; healthy: Map<string, { reason: string; evidence: EvidenceRef[]; memberId?: string }> } {
  const slowByNode = new Map<string, MetricCase>();
  const healthy = new Map<string, { reason: string; evidence: EvidenceRef[]; memberId?: string }>();
  const fsync = groupBy(metricSeries(ev, 'etcd-wal-fsync-p99'), nodeKey);
  const commit = groupBy(metricSeries(ev, 'etcd-backend-commit-p99'), nodeKey);
  for (const node of new Set([...fsync.keys(), ...commit.keys()])) {
    const c: MetricCase = { parts: [], evidence: [], critical: false, data: {} };
    const judge = (series: MetricSeries[] | undefined, limitMs: number, label: string, key: string, criticalMs?: number): void => {
      // One series per node and query: the worst (a member scraped by two jobs is judged once).
      const worst = [...(series ?? [])].sort((a, b) => (peak(b)?.[1] ?? 0) - (peak(a)?.[1] ?? 0)).slice(0, 1);
      for (const s of worst) {
        c.memberId ??= s.memberId;
        const p = peak(s);
        if (!p) continue;
        c.data[key] = Math.max(Number(c.data[key] ?? 0), Math.round(p[1] * 100_000) / 100);
        const over = above(s, sec(limitMs));
        if (!over.count || over.first === undefined || over.last === undefined) continue;
        if (criticalMs !== undefined && p[1] > sec(criticalMs)) c.critical = true;
        c.parts.push(
          `${label} up to ${formatValue(s.name, p[1])} at ${isoOf(p[0])} (over ${fmtMs(limitMs)} from ${isoOf(over.first)} to ${isoOf(over.last)}` +
            `${criticalMs !== undefined ? `; ${fmtMs(criticalMs)} is critical, a healthy disk stays under ${fmtMs(t.walFsyncP99HealthyMs)}` : ''})`,
        );
        c.evidence.push(cite(s, `${label} ${formatValue(s.name, p[1])} at ${isoOf(p[0])}, over ${fmtMs(limitMs)} in ${over.count} of ${s.samples.length} samples`, p[0]));
        c.first = minIso(c.first, isoOf(over.first));
        c.last = maxIso(c.last, isoOf(over.last));
      }
    };
    judge(fsync.get(node), t.walFsyncP99WarningMs, 'WAL fsync p99', 'walFsyncP99MaxMs', t.walFsyncP99CriticalMs);
    judge(commit.get(node), t.backendCommitP99Ms, 'backend commit p99', 'backendCommitP99MaxMs');
    if (c.parts.length) {
      disk(ev, node, c);
      slowByNode.set(node, c);
    } else if (fsync.has(node)) {
      const s = [...fsync.get(node)!].sort((a, b) => (peak(b)?.[1] ?? 0) - (peak(a)?.[1] ?? 0))[0];
      const p = peak(s)!;
      const worst = formatValue(s.name, p[1]);
      healthy.set(node, {
        memberId: s.memberId,
        reason: `WAL fsync p99 at most ${worst} from ${s.start} to ${s.end} (slow over ${fmtMs(t.walFsyncP99WarningMs)}${p[1] < sec(t.walFsyncP99HealthyMs) ? `; healthy, under ${fmtMs(t.walFsyncP99HealthyMs)}` : ''})`,
        evidence: [cite(s, `WAL fsync p99 at most ${worst} (at ${isoOf(p[0])})`, p[0])],
      });
    }
  }
  return { slowByNode, healthy };
}

/** The node's busiest disk and the pods and processes writing most on it, where those series exist. */
function disk(ev: EvidenceSet, node: string, c: MetricCase): void {
  const busy = metricSeries(ev, 'node-disk-busy').filter((s) => s.node === node);
  let worst: { s: MetricSeries; p: [number, number] } | undefined;
  for (const s of busy) {
    const p = peak(s);
    if (p && (!worst || p[1] > worst.p[1])) worst = { s, p };
  }
  if (worst && worst.p[1] >= 0.5) {
    const device = worst.s.labels.device ?? 'disk';
    c.parts.push(`the node's ${device} busy ${formatValue(worst.s.name, worst.p[1])} of the time at ${isoOf(worst.p[0])}`);
    c.evidence.push(cite(worst.s, `${device} busy ${formatValue(worst.s.name, worst.p[1])} of the time at ${isoOf(worst.p[0])}`, worst.p[0]));
    c.data.diskBusy = { device, ratio: Math.round(worst.p[1] * 1000) / 1000, at: isoOf(worst.p[0]) };
  }
  const writers = [...metricSeries(ev, 'pod-fs-writes'), ...metricSeries(ev, 'process-writes')]
    .filter((s) => s.node === node && (last(s)?.[1] ?? 0) > 0)
    .sort((a, b) => (last(b)?.[1] ?? 0) - (last(a)?.[1] ?? 0))
    .slice(0, 5);
  if (writers.length) {
    const who = (s: MetricSeries): string => (s.labels.pod ? `${s.labels.namespace ? `${s.labels.namespace}/` : ''}${s.labels.pod}` : (s.labels.groupname ?? '?'));
    c.parts.push(`heaviest writers on the node: ${writers.map((s) => `${who(s)} ${formatValue(s.name, last(s)![1])}`).join(', ')}`);
    c.evidence.push(...writers.slice(0, 3).map((s) => cite(s, `${who(s)} wrote ${formatValue(s.name, last(s)![1])} on average`, last(s)![0])));
    c.data.topWriters = writers.map((s) => ({ name: who(s), bytesPerSecond: Math.round(last(s)![1]) }));
  }
}

export default rule;
