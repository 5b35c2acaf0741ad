// Clocks that disagree between etcd members: the peer prober compares its clock with each peer's
// and warns above 1s (3.4 "the clock difference against peer … is too high [12.4s > 1s]", 3.5+
// "prober found high clock drift"). The peer most members complain about is the one whose clock is off.
import type { EvidenceSet, Finding, Refutation, Rule } from '../../types.js';
import { clusterSubject, fmtMs, groupBy, memberForNode, signalsOf, summarise } from '../lib.js';

/** Drift at which TLS validity and lease/lock timestamps across nodes start to go visibly wrong. */
const CRITICAL_DRIFT_MS = 10_000;
/** The prober checks every 30s (rafthttp statusMonitoringInterval): a clean log must span this much. */
const MIN_CLEAN_SPAN_MS = 60_000;
const MIN_CLEAN_LINES = 20;

const rule: Rule = {
  id: 'etcd/clock-drift',
  failureMode: 'etcd-clock-drift',
  description: "etcd members whose peer prober reports a clock difference above 1s, naming the peer whose clock is off.",
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const drifts = signalsOf(evidence, 'etcd.clock-drift');
    const byNode = groupBy(drifts, (s) => s.node ?? '');
    // Which peers are named, by how many reporting members.
    const reporters = new Map<string, Set<string>>();
    for (const s of drifts) if (typeof s.fields.peer === 'string') reporters.set(s.fields.peer, (reporters.get(s.fields.peer) ?? new Set()).add(s.node ?? '?'));
    const blamed = [...reporters].sort((a, b) => b[1].size - a[1].size)[0];
    for (const [node, events] of byNode) {
      const s = summarise(events);
      const peers = [...new Set(events.map((e) => e.fields.peer).filter((p): p is string => typeof p === 'string'))];
      const peerNodes = peers.map((p) => nodeOfMember(evidence, p)).filter((n): n is string => !!n);
      const maxMs = s.maxMs;
      const offPeer = blamed && blamed[1].size > 1 ? blamed[0] : undefined;
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: node ? memberForNode(evidence, node).subject : clusterSubject(),
        node: node || undefined,
        severity: (maxMs ?? 0) >= CRITICAL_DRIFT_MS ? 'critical' : 'warning',
        message:
          `etcd${node ? ` on ${node}` : ''} sees its peers' clocks differ from its own by up to ${fmtMs(maxMs)} (etcd warns above 1s)` +
          `${peers.length ? `: peer(s) ${peers.map((p) => nameOf(evidence, p)).join(', ')}` : ''}` +
          `${offPeer ? `; ${nameOf(evidence, offPeer)} is named by ${reporters.get(offPeer)?.size} members, so its clock is the one off` : ''}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        affects: [...new Set(peerNodes)],
        data: { maxDriftMs: maxMs, peers, offPeer },
      });
    }
    if (findings.length) return { findings, refutations };
    for (const stat of evidence.logStats) {
      if (stat.component !== 'etcd' || !stat.node || stat.lines < MIN_CLEAN_LINES || !stat.firstTime || !stat.lastTime) continue;
      if (Date.parse(stat.lastTime) - Date.parse(stat.firstTime) < MIN_CLEAN_SPAN_MS) continue;
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: memberForNode(evidence, stat.node).subject,
        node: stat.node,
        reason: `no clock-drift warning in ${stat.lines} lines of etcd log from ${stat.firstTime} to ${stat.lastTime} (the prober would warn every 30s above 1s)`,
        evidence: [{ source: stat.source, excerpt: `${stat.lines} lines, no clock difference warnings` }],
      });
    }
    return { findings, refutations };
  },
};

function nodeOfMember(ev: EvidenceSet, id: string): string | undefined {
  return ev.etcdMembers.find((m) => m.id === id)?.node ?? signalsOf(ev, 'etcd.became-leader', 'etcd.leader-elected').find((s) => s.fields.member === id && s.node)?.node;
}

function nameOf(ev: EvidenceSet, id: string): string {
  const n = ev.etcdMembers.find((m) => m.id === id)?.name ?? nodeOfMember(ev, id);
  return n && n !== id ? `${n} (${id})` : id;
}

export default rule;
