// The leader is slow when followers wait on it: every linearizable read on a follower asks the
// leader to confirm its commit index (ReadIndex). Blamed only on follower-side waits, never on
// the leader's own slowness alone. From Prometheus: followers' etcd_server_slow_read_indexes_total
// rising, with the leader from etcd_server_is_leader, and the leader's own slow applies.
import type { EvidenceRef, EvidenceSet, Finding, Rule, SignalEvent } from '../../types.js';
import { cite, increases, isoOf, last, metricSeries, nodeKey } from '../../collect/prometheus/evidence.js';
import { currentLeader, fmtMs, memberForNode, signalsOf, summarise, pushTo } from '../lib.js';

const WAITS = ['etcd.readindex-wait', 'etcd.readindex-timeout', 'etcd.linearized-read-trace'];

const rule: Rule = {
  id: 'etcd/slow-leader',
  failureMode: 'etcd-slow-leader',
  description: 'Followers retry or wait long for ReadIndex from the leader, so the leader slows every member.',
  run({ evidence }) {
    const leader = currentLeader(evidence);
    const metricLeader = leader.node || leader.member ? undefined : leaderFromMetrics(evidence);
    if (!leader.node && !leader.member && !metricLeader) return { findings: [], refutations: [] };
    const leaderNode = leader.node ?? leader.member?.node ?? metricLeader?.node;
    if (metricLeader) leader.evidence.push(metricLeader.ref);
    const waits = signalsOf(evidence, ...WAITS).filter((s) => s.node && s.node !== leaderNode);
    const followerWaits = waits.filter((s) => s.signal !== 'etcd.linearized-read-trace' || (s.durationMs ?? 0) >= 100);
    const metricWaits = slowReadIndexes(evidence, leaderNode);
    if (!followerWaits.length) {
      return metricWaits.length && leaderNode ? { findings: [metricFinding(evidence, leaderNode, leader.evidence, metricWaits)], refutations: [] } : { findings: [], refutations: [] };
    }
    const byNode = new Map<string, SignalEvent[]>();
    for (const w of followerWaits) pushTo(byNode, w.node as string, w);
    const s = summarise(followerWaits);
    const retries = followerWaits.filter((w) => w.signal !== 'etcd.linearized-read-trace').length;
    const traces = followerWaits.filter((w) => w.signal === 'etcd.linearized-read-trace');
    const maxAgreement = Math.max(0, ...traces.map((t) => t.durationMs ?? 0));
    const leaderSlow = signalsOf(evidence, 'etcd.slow-apply').filter((x) => x.node === leaderNode);
    const ls = summarise(leaderSlow, 2);
    const subject = leader.member ? memberForNode(evidence, leader.member.node ?? leader.member.name).subject : memberForNode(evidence, leaderNode as string).subject;
    const parts = [
      retries ? `${retries} ReadIndex retries/timeouts` : '',
      traces.length ? `${traces.length} reads waiting up to ${fmtMs(maxAgreement)} for raft agreement before linearized reading` : '',
    ].filter(Boolean);
    const finding: Finding = {
      rule: rule.id,
      failureMode: rule.failureMode,
      subject,
      node: leaderNode,
      severity: 'critical',
      message: `followers ${[...byNode.keys()].join(', ')} wait on leader ${subject.name} for linearizable reads: ${parts.join(', ')}${leaderSlow.length ? `; the leader itself logged ${leaderSlow.length} slow applies (up to ${fmtMs(ls.maxMs)})` : ''}`,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      evidence: [...leader.evidence.slice(0, 1), ...s.evidence, ...ls.evidence, ...metricWaits.map((w) => w.ref)],
      affects: [...byNode.keys()],
      data: { followers: [...byNode.keys()], readIndexRetries: retries, maxAgreementMs: maxAgreement },
    };
    return { findings: [finding], refutations: [] };
  },
};

/** The member that was leader at the latest sample of etcd_server_is_leader. */
function leaderFromMetrics(ev: EvidenceSet): { node: string; ref: EvidenceRef } | undefined {
  for (const s of metricSeries(ev, 'etcd-is-leader')) {
    const l = last(s);
    const node = nodeKey(s);
    if (l && l[1] === 1 && node) return { node, ref: cite(s, `${node} is the leader at ${isoOf(l[0])}`, l[0]) };
  }
  return undefined;
}

/** Followers whose slow read index counter rose: how many, and a citation. */
function slowReadIndexes(ev: EvidenceSet, leaderNode: string | undefined): Array<{ node: string; count: number; first: number; last: number; ref: EvidenceRef }> {
  const out: Array<{ node: string; count: number; first: number; last: number; ref: EvidenceRef }> = [];
  for (const s of metricSeries(ev, 'etcd-slow-read-indexes')) {
    const node = nodeKey(s);
    if (!node || node === leaderNode) continue;
    const incs = increases(s);
    const count = Math.round(incs.reduce((n, [, v]) => n + v, 0));
    if (count <= 0) continue;
    const first = incs[0][0];
    const lastAt = incs[incs.length - 1][0];
    out.push({ node, count, first, last: lastAt, ref: cite(s, `${count} slow read index${count === 1 ? '' : 'es'} from ${isoOf(first)} to ${isoOf(lastAt)}`, lastAt) });
  }
  return out;
}

/** The finding from metrics alone: followers' slow read indexes, the leader's slow applies. */
function metricFinding(ev: EvidenceSet, leaderNode: string, leaderRefs: EvidenceRef[], waits: ReturnType<typeof slowReadIndexes>): Finding {
  const subject = memberForNode(ev, leaderNode).subject;
  const applies = metricSeries(ev, 'etcd-slow-applies').filter((s) => nodeKey(s) === leaderNode);
  const slowApplies = applies.reduce((n, s) => n + Math.round(increases(s).reduce((a, [, v]) => a + v, 0)), 0);
  const total = waits.reduce((n, w) => n + w.count, 0);
  return {
    rule: rule.id,
    failureMode: rule.failureMode,
    subject,
    node: leaderNode,
    severity: 'critical',
    message: `followers ${waits.map((w) => w.node).join(', ')} wait on leader ${subject.name} for linearizable reads: ${total} slow read indexes (etcd_server_slow_read_indexes_total)${slowApplies ? `; the leader itself counted ${slowApplies} slow applies` : ''}`,
    count: total,
    firstSeen: isoOf(Math.min(...waits.map((w) => w.first))),
    lastSeen: isoOf(Math.max(...waits.map((w) => w.last))),
    evidence: [...leaderRefs.slice(0, 1), ...waits.map((w) => w.ref), ...(slowApplies ? applies.map((s) => cite(s, `${slowApplies} slow applies on the leader`)) : [])],
    affects: waits.map((w) => w.node),
    data: { followers: waits.map((w) => w.node), slowReadIndexes: total, leaderSlowApplies: slowApplies },
  };
}

export default rule;
