// Frequent leader elections. Every member logs each election it sees (`elected leader … at term
// T`, `changed leader from … to … at term T`, `became leader at term T`), so elections are counted
// once per raft term, and the busiest window of churnWindowMinutes is compared with
// leaderChurnCount (etcd-mixin: 4 in 15 minutes). A live Status gives only the current term, not
// when the earlier ones happened, so this rule needs the members' logs.
import type { EvidenceSet, Finding, Refutation, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, signalsOf, summarise } from '../lib.js';

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
  return [...byKey.values()].sort((a, b) => a.time.localeCompare(b.time));
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
        evidence: s.evidence,
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
        reason: `${window.length} leader election${window.length === 1 ? '' : 's'} at most within ${thresholds.churnWindowMinutes} min (${all.length} in all) in ${lines} lines of etcd logs; churn needs ${thresholds.leaderChurnCount}`,
        evidence: evidenceRefs,
      });
    }
    return { findings, refutations };
  },
};

export default rule;
