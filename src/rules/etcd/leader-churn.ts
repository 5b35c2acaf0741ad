// Frequent leader elections. Every member logs each election it sees (`elected leader … at term
// T`, `changed leader from … to … at term T`, `became leader at term T`), so elections are counted
// once per raft term, and the busiest window of churnWindowMinutes is compared with
// leaderChurnCount (etcd-mixin: 4 in 15 minutes). A live Status gives only the current term, not
// when the earlier ones happened, so this rule needs the members' logs, or Prometheus: the
// increases of etcd_server_leader_changes_seen_total of the member that saw the most changes in
// one window (every member counts the same elections, so they are not added up), and the time
// members spent without a leader (etcd_server_has_leader 0).
import type { EvidenceRef, EvidenceSet, Finding, Refutation, Rule, SignalEvent, Thresholds } from '../../types.js';
import { busiestWindow as busiestIncrease, cite, increases, isoOf, metricSeries, nodeKey } from '../../collect/prometheus/evidence.js';
import { clusterSubject, signalsOf, summarise } from '../lib.js';
import { collate } from '../../util/collate.js';

interface Election {
  term?: number;
  time: string;
  /** Hex id of the member that won. */
  leader?: string;
  first: SignalEvent;
}

/** One election per term (or per leader and second when a line carries no term). */
function elections(events: SignalEvent[]): Election[] {
  const byKey = new Map<string, Election>();
  for (const s of events) {
    if (!s.time) continue;
    const term = typeof s.fields.term === 'number' ? s.fields.term : undefined;
    const leader = String((s.signal === 'etcd.became-leader' ? s.fields.member : s.fields.leader) ?? '') || undefined;
    const key = term !== undefined ? `term:${term}` : `at:${s.time.slice(0, 19)}:${leader ?? ''}`;
    const e = byKey.get(key);
    if (!e) byKey.set(key, { term, time: s.time, leader, first: s });
    else {
      if (s.time < e.time) {
        e.time = s.time;
        e.first = s;
      }
      e.leader ??= leader;
    }
  }
  return [...byKey.values()].sort((a, b) => collate(a.time, b.time));
}

/** The window of `minutes` holding the most elections. */
function busiestWindow(list: Election[], minutes: number): Election[] {
  const span = minutes * 60_000;
  let best: Election[] = [];
  let start = 0;
  for (let end = 0; end < list.length; end++) {
    const t = Date.parse(list[end].time);
    while (Date.parse(list[start].time) < t - span) start++;
    if (end - start + 1 > best.length) best = list.slice(start, end + 1);
  }
  return best;
}

/** Member names for hex ids: from member status, and from `became leader` lines of a known node. */
function memberNames(ev: EvidenceSet): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of ev.etcdMembers) if (m.id) names.set(m.id, m.name);
  for (const s of signalsOf(ev, 'etcd.became-leader', 'etcd.leader-elected')) {
    const self = typeof s.fields.member === 'string' ? s.fields.member : undefined;
    if (self && s.node && !names.has(self)) names.set(self, s.node);
  }
  return names;
}

const rule: Rule = {
  id: 'etcd/leader-churn',
  failureMode: 'etcd-leader-churn',
  description: 'Leader elections (one per raft term, from the members\' logs) reaching the churn count within the churn window.',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const all = elections(signalsOf(evidence, 'etcd.leader-elected', 'etcd.became-leader'));
    const window = busiestWindow(all, thresholds.churnWindowMinutes);
    const names = memberNames(evidence);
    const nameOf = (id: string | undefined) => (id ? (names.get(id) ?? id) : '?');
    const metrics = metricChurn(evidence, thresholds);

    if (window.length < thresholds.leaderChurnCount && metrics && metrics.changes >= thresholds.leaderChurnCount) {
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: clusterSubject(),
        severity: metrics.changes >= 2 * thresholds.leaderChurnCount ? 'critical' : 'warning',
        message: `etcd changed leader ${metrics.changes} times within ${thresholds.churnWindowMinutes} min as member ${metrics.member} counted it` +
          ` (at least ${thresholds.leaderChurnCount} in ${thresholds.churnWindowMinutes} min is churn), ${metrics.from} to ${metrics.to}${metrics.leaderless.length ? `; ${metrics.leaderless.join(', ')}` : ''}`,
        count: metrics.changes,
        firstSeen: metrics.from,
        lastSeen: metrics.to,
        evidence: [...metrics.evidence, ...(window.length ? summarise(window.map((e) => e.first), 3).evidence : [])],
        data: { elections: metrics.changes, member: metrics.member, totalElections: Math.max(all.length, metrics.total) },
      });
      return { findings, refutations };
    }

    if (window.length >= thresholds.leaderChurnCount) {
      const first = window[0];
      const last = window[window.length - 1];
      const leaders = [...new Set(window.map((e) => nameOf(e.leader)))];
      const terms = window.map((e) => e.term).filter((t): t is number => t !== undefined);
      const s = summarise(window.map((e) => e.first));
      const spanMin = (Date.parse(last.time) - Date.parse(first.time)) / 60_000;
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: clusterSubject(),
        severity: window.length >= 2 * thresholds.leaderChurnCount ? 'critical' : 'warning',
        message:
          `etcd elected a leader ${window.length} times within ${spanMin < 1 ? `${Math.max(1, Math.round(spanMin * 60))}s` : `${Math.round(spanMin)} min`}` +
          ` (at least ${thresholds.leaderChurnCount} in ${thresholds.churnWindowMinutes} min is churn)` +
          `${terms.length ? `, raft term ${Math.min(...terms)} to ${Math.max(...terms)}` : ''}; leaders in turn: ${window.map((e) => nameOf(e.leader)).join(' → ')}`,
        count: window.length,
        firstSeen: first.time,
        lastSeen: last.time,
        evidence: [...s.evidence, ...(metrics?.evidence ?? [])],
        affects: leaders.filter((l) => l !== '?'),
        data: { elections: window.length, terms, leaders: window.map((e) => nameOf(e.leader)), totalElections: all.length },
      });
      return { findings, refutations };
    }

    // Logs read but no churn in them.
    const etcdLogs = evidence.logStats.filter((l) => l.component === 'etcd' && l.lines > 0);
    if (etcdLogs.length > 0) {
      const lines = etcdLogs.reduce((n, l) => n + l.lines, 0);
      const evidenceRefs = all.length > 0
        ? summarise(all.map((e) => e.first), 3).evidence
        : etcdLogs.slice(0, 3).map((l) => ({ source: l.source, excerpt: `${l.lines} lines of etcd log, no leader election` }));
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: clusterSubject(),
        reason: `${window.length} leader election${window.length === 1 ? '' : 's'} at most within ${thresholds.churnWindowMinutes} min (${all.length} in all) in ${lines} lines of etcd logs; churn needs ${thresholds.leaderChurnCount}${metrics ? `; ${metrics.reason}` : ''}`,
        evidence: [...evidenceRefs, ...(metrics?.evidence ?? [])],
      });
    } else if (metrics) {
      refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: clusterSubject(), reason: metrics.reason, evidence: metrics.evidence });
    }
    return { findings, refutations };
  },
};

/**
 * Leader changes from Prometheus: the busiest window of the member that counted the most, and the
 * members that were without a leader (has_leader 0) at some sample.
 */
function metricChurn(
  ev: EvidenceSet,
  t: Thresholds,
): { changes: number; total: number; member: string; from?: string; to?: string; leaderless: string[]; evidence: EvidenceRef[]; reason: string } | undefined {
  const counters = metricSeries(ev, 'etcd-leader-changes');
  if (!counters.length) return undefined;
  let best: { s: (typeof counters)[number]; changes: number; total: number; from?: number; to?: number } | undefined;
  for (const s of counters) {
    const incs = increases(s);
    const w = busiestIncrease(incs, t.churnWindowMinutes * 60_000);
    const total = incs.reduce((n, [, v]) => n + v, 0);
    if (!best || w.total > best.changes) best = { s, changes: Math.round(w.total), total: Math.round(total), from: w.from, to: w.to };
  }
  if (!best) return undefined;
  const member = nodeKey(best.s) ?? '?';
  const evidence: EvidenceRef[] = [
    cite(
      best.s,
      best.changes > 0
        ? `${best.changes} leader change${best.changes === 1 ? '' : 's'} seen from ${isoOf(best.from!)} to ${isoOf(best.to!)} (${best.total} in the range)`
        : 'no leader change in the range',
      best.to,
    ),
  ];
  const leaderless: string[] = [];
  for (const s of metricSeries(ev, 'etcd-has-leader')) {
    const without = s.samples.filter(([, v]) => v === 0);
    if (!without.length) continue;
    const secs = without.length * Math.max(1, s.stepSeconds);
    leaderless.push(`${nodeKey(s)} without a leader for about ${secs}s from ${isoOf(without[0][0])}`);
    evidence.push(cite(s, `no leader in ${without.length} of ${s.samples.length} samples, first at ${isoOf(without[0][0])}`, without[0][0]));
  }
  const first = counters[0];
  return {
    changes: best.changes,
    total: best.total,
    member,
    from: best.from !== undefined ? isoOf(best.from) : undefined,
    to: best.to !== undefined ? isoOf(best.to) : undefined,
    leaderless,
    evidence,
    reason: `at most ${best.changes} leader change${best.changes === 1 ? '' : 's'} within ${t.churnWindowMinutes} min seen by any member (etcd_server_leader_changes_seen_total, ${first.start} to ${first.end}); churn needs ${t.leaderChurnCount}`,
  };
}

export default rule;
