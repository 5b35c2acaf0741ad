// An etcd member that does not answer: a Status call that was refused or timed out (live), or a
// member a status table lists as unreachable. Every member that answered refutes it for itself.
import type { EtcdMemberStatus, Finding, Refutation, Rule } from '../../types.js';
import { memberSubject } from '../lib.js';

/** Several sources can describe one member: key it by id, else by name. */
const keyOf = (m: EtcdMemberStatus): string => m.id ?? m.name;

const rule: Rule = {
  id: 'etcd/member-down',
  failureMode: 'etcd-member-down',
  description: 'etcd members that did not answer a Status request (down, frozen or unreachable), with what that leaves of quorum.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const byMember = new Map<string, EtcdMemberStatus[]>();
    for (const m of evidence.etcdMembers) {
      const list = byMember.get(keyOf(m));
      if (list) list.push(m);
      else byMember.set(keyOf(m), [m]);
    }
    const total = byMember.size;
    const down = [...byMember.values()].filter((entries) => entries.some((e) => !e.reachable));
    const up = total - down.length;
    const quorum = Math.floor(total / 2) + 1;
    const leaderless = evidence.etcdMembers.filter((m) => m.reachable && m.errors.some((e) => /no leader/i.test(e)));
    const quorumText =
      up >= quorum
        ? `${up} of ${total} members answer; quorum (${quorum}) holds${up === quorum ? ' but one more failure loses it' : ''}`
        : `only ${up} of ${total} members answer: quorum (${quorum}) is lost, the cluster cannot accept writes`;

    for (const entries of down) {
      const m = entries.find((e) => !e.reachable)!;
      const why = m.unreachableReason ? `: ${m.unreachableReason}` : '';
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: memberSubject(m),
        node: m.node,
        severity: 'critical',
        message: `etcd member ${m.name}${m.endpoint ? ` (${m.endpoint})` : ''} does not answer${why}; ${quorumText}`,
        evidence: [m.ref, ...leaderless.slice(0, 2).map((l) => l.ref)],
        data: { members: total, answering: up, quorum, quorumLost: up < quorum, reason: m.unreachableReason },
      });
    }
    for (const entries of byMember.values()) {
      if (entries.some((e) => !e.reachable)) continue;
      const m = entries[0];
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: memberSubject(m),
        node: m.node,
        reason: `member ${m.name} answered Status${m.endpoint ? ` at ${m.endpoint}` : ''}${m.raftTerm !== undefined ? ` (raft term ${m.raftTerm})` : ''}`,
        evidence: [m.ref],
      });
    }
    return { findings, refutations };
  },
};

export default rule;
