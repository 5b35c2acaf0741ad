// The leader is slow when followers wait on it: every linearizable read on a follower asks the
// leader to confirm its commit index (ReadIndex). Blamed only on follower-side waits, never on
// the leader's own slowness alone.
import type { Finding, Rule, SignalEvent } from '../../types.js';
import { currentLeader, fmtMs, memberForNode, signalsOf, summarise } from '../lib.js';

const WAITS = ['etcd.readindex-wait', 'etcd.readindex-timeout', 'etcd.linearized-read-trace'];

const rule: Rule = {
  id: 'etcd/slow-leader',
  failureMode: 'etcd-slow-leader',
  description: 'Followers retry or wait long for ReadIndex from the leader, so the leader slows every member.',
  run({ evidence }) {
    const leader = currentLeader(evidence);
    if (!leader.node && !leader.member) return { findings: [], refutations: [] };
    const leaderNode = leader.node ?? leader.member?.node;
    const waits = signalsOf(evidence, ...WAITS).filter((s) => s.node && s.node !== leaderNode);
    const followerWaits = waits.filter((s) => s.signal !== 'etcd.linearized-read-trace' || (s.durationMs ?? 0) >= 100);
    if (!followerWaits.length) return { findings: [], refutations: [] };
    const byNode = new Map<string, SignalEvent[]>();
    for (const w of followerWaits) byNode.set(w.node as string, [...(byNode.get(w.node as string) ?? []), w]);
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
      evidence: [...leader.evidence.slice(0, 1), ...s.evidence, ...ls.evidence],
      affects: [...byNode.keys()],
      data: { followers: [...byNode.keys()], readIndexRetries: retries, maxAgreementMs: maxAgreement },
    };
    return { findings: [finding], refutations: [] };
  },
};

export default rule;
