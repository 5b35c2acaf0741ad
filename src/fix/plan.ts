// Preflight and plan: pure functions of what the members said. Nothing here talks to a cluster.
import type { Alarm, MemberState, Plan, PlannedMember } from './model.js';
import { ruleVars, type CompiledRule } from './rule.js';
import { describeSizes } from './format.js';

export type Preflight = { ok: true; leaderId: string; raftTerm: number } | { ok: false; reason: string };

export function memberLabel(m: Pick<MemberState, 'name' | 'endpoint'>): string {
  return m.name === m.endpoint ? m.name : `${m.name} (${m.endpoint})`;
}

function isNospace(text: string): boolean {
  return /NOSPACE/i.test(text);
}

/**
 * The cluster may be touched only when every member answers and is healthy, all agree on one
 * leader that is among them, and no alarm other than NOSPACE is raised (as ahrtr/etcd-defrag does).
 * `healthProblems` holds failed health reads by endpoint.
 */
export function preflight(members: MemberState[], alarms: Alarm[], healthProblems: ReadonlyMap<string, string> = new Map()): Preflight {
  if (members.length === 0) return { ok: false, reason: 'no etcd member to look at' };
  const down = members.filter((m) => !m.reachable);
  if (down.length > 0) {
    return { ok: false, reason: down.map((m) => `member ${memberLabel(m)}: ${m.problem ?? 'no answer'}`).join('; ') };
  }
  const seen = new Map<string, MemberState>();
  for (const m of members) {
    const other = seen.get(m.id);
    if (other) return { ok: false, reason: `endpoints ${other.endpoint} and ${m.endpoint} are the same member ${m.id}` };
    seen.set(m.id, m);
  }
  const unhealthy = members.filter((m) => healthProblems.has(m.endpoint));
  if (unhealthy.length > 0) {
    return { ok: false, reason: unhealthy.map((m) => `member ${memberLabel(m)} is unhealthy: ${healthProblems.get(m.endpoint)}`).join('; ') };
  }
  const badAlarms = alarms.filter((a) => a.alarm !== 'NOSPACE');
  if (badAlarms.length > 0) {
    return { ok: false, reason: `alarm ${badAlarms.map((a) => `${a.alarm} on member ${a.memberId}`).join(', ')} is raised; only NOSPACE may be handled by defragmentation` };
  }
  for (const m of members) {
    const bad = m.errors.filter((e) => !isNospace(e));
    if (bad.length > 0) return { ok: false, reason: `member ${memberLabel(m)} reports errors: ${bad.join(', ')}` };
  }
  const leaders = new Set(members.map((m) => m.leaderId));
  if (leaders.has('0') || leaders.has('')) {
    const lost = members.filter((m) => m.leaderId === '0' || m.leaderId === '');
    return { ok: false, reason: `no leader: ${lost.map((m) => memberLabel(m)).join(', ')} report no leader` };
  }
  if (leaders.size > 1) {
    return { ok: false, reason: `members disagree about the leader: ${members.map((m) => `${m.name} → ${m.leaderId}`).join(', ')}` };
  }
  const leaderId = members[0].leaderId;
  const leader = members.find((m) => m.id === leaderId);
  if (!leader) return { ok: false, reason: `the leader ${leaderId} is not among the given members` };
  return { ok: true, leaderId, raftTerm: leader.raftTerm };
}

export interface PlanOptions {
  rule: CompiledRule;
  dbQuota: number;
  /** A NOSPACE alarm is raised somewhere in the cluster. */
  nospace: boolean;
  moveLeader: boolean;
}

/** Which members to defragment, in which order, and where leadership goes (with --move-leader). */
export function makePlan(members: MemberState[], leaderId: string, raftTerm: number, opts: PlanOptions): Plan {
  const planned: PlannedMember[] = members.map((m) => {
    const isLeader = m.id === leaderId;
    const selected = opts.rule.test(ruleVars(m, opts.dbQuota, opts.nospace, isLeader));
    const facts = describeSizes(m) + (opts.nospace ? ', NOSPACE alarm raised' : '');
    return { member: m, isLeader, selected, reason: selected ? `${facts}; rule matched` : `${facts}; rule not matched` };
  });
  const free = (p: PlannedMember): number => p.member.dbSize - p.member.dbSizeInUse;
  const followers = planned
    .filter((p) => p.selected && !p.isLeader)
    .sort((a, b) => free(b) - free(a) || a.member.name.localeCompare(b.member.name));
  const leader = planned.filter((p) => p.selected && p.isLeader);
  const steps = [...followers, ...leader];
  const plan: Plan = { steps, skipped: planned.filter((p) => !p.selected), leaderId, raftTerm };
  if (opts.moveLeader && leader.length > 0) {
    // A defragmented follower first (it will answer fastest); failing that, the most up-to-date voter.
    const voters = planned.filter((p) => !p.isLeader && !p.member.isLearner);
    const target =
      followers.find((p) => !p.member.isLearner) ??
      [...voters].sort((a, b) => b.member.raftAppliedIndex - a.member.raftAppliedIndex)[0];
    if (target) plan.moveLeaderTo = target.member.id;
  }
  return plan;
}
