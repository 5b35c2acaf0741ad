// The NOSPACE alarm: a member's backend reached its --quota-backend-bytes and etcd refuses every
// write with "database space exceeded" until space is freed and the alarm is disarmed.
// Evidence: Status errors `memberID:<decimal> alarm:NOSPACE` (every member reports every active
// alarm; the memberID says whose it is), `alarm raised` log lines (alarm NOSPACE, from <hex id>),
// "database space exceeded" errors, and, where the quota is known, a DB at the quota.
import type { EtcdMemberStatus, EvidenceRef, Finding, Refutation, Rule, SignalEvent, Subject } from '../../types.js';
import { formatBytes } from '../../util/bytes.js';
import { memberForNode, memberSubject, signalsOf, summarise } from '../lib.js';

const NOSPACE_ERROR = /memberID:(\d+)\s+alarm:NOSPACE/i;
/** etcd-mixin: quota use above 95 % is a warning. */
const NEAR_QUOTA = 0.95;

interface Case {
  subject: Subject;
  node?: string;
  alarm: boolean;
  evidence: EvidenceRef[];
  signals: SignalEvent[];
  member?: EtcdMemberStatus;
}

function decimalToHex(d: string): string | undefined {
  try {
    return BigInt(d).toString(16);
  } catch {
    return undefined;
  }
}

const rule: Rule = {
  id: 'etcd/quota-exceeded',
  failureMode: 'etcd-quota-exceeded',
  description: 'etcd members that raised the NOSPACE alarm (database space quota exceeded) or sit at their quota.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const cases = new Map<string, Case>();
    const byId = (id: string | undefined) => (id ? evidence.etcdMembers.find((m) => m.id === id) : undefined);
    const caseFor = (subject: Subject, node: string | undefined, member?: EtcdMemberStatus): Case => {
      const key = subject.id ?? subject.name;
      let c = cases.get(key);
      if (!c) {
        c = { subject, node, alarm: false, evidence: [], signals: [], member };
        cases.set(key, c);
      }
      return c;
    };
    const cite = (c: Case, ref: EvidenceRef): void => {
      if (!c.evidence.includes(ref)) c.evidence.push(ref);
    };

    // Status errors: the alarm names its member.
    for (const m of evidence.etcdMembers) {
      for (const e of m.errors) {
        const match = NOSPACE_ERROR.exec(e);
        if (!match && !/NOSPACE/i.test(e)) continue;
        const hex = match ? decimalToHex(match[1]) : m.id;
        const owner = byId(hex) ?? (match ? undefined : m);
        const subject: Subject = owner ? memberSubject(owner) : { kind: 'EtcdMember', name: hex ?? m.name, ...(hex ? { id: hex } : {}) };
        const c = caseFor(subject, owner?.node, owner);
        c.alarm = true;
        cite(c, m.ref);
      }
    }
    // Log lines: `alarm raised` (alarm NOSPACE, from <hex id>) and "database space exceeded".
    for (const s of signalsOf(evidence, 'etcd.alarm-raised')) {
      const alarm = String(s.fields.alarm ?? (/NOSPACE/.test(s.ref.excerpt) ? 'NOSPACE' : ''));
      if (alarm.toUpperCase() !== 'NOSPACE') continue;
      const from = typeof s.fields.from === 'string' ? s.fields.from : /"from":"([0-9a-f]+)"/.exec(s.ref.excerpt)?.[1];
      const owner = byId(from);
      const { subject, member } = owner ? { subject: memberSubject(owner), member: owner } : s.node ? memberForNode(evidence, s.node) : { subject: undefined, member: undefined };
      if (!subject) continue;
      const c = caseFor(subject, member?.node ?? s.node, member);
      c.alarm = true;
      c.signals.push(s);
    }
    const refused = signalsOf(evidence, 'etcd.nospace');
    if (refused.length > 0) {
      if (cases.size > 0) {
        // The alarm says whose quota it is; the refusals anywhere are its effect.
        const first = [...cases.values()][0];
        first.signals.push(...refused);
      } else {
        for (const s of refused) {
          if (!s.node) continue;
          const { subject, member } = memberForNode(evidence, s.node);
          const c = caseFor(subject, s.node, member);
          c.alarm = true;
          c.signals.push(s);
        }
      }
    }
    // Near the quota, where it is known (Talos / etcd flags, a status table with a quota column).
    for (const m of evidence.etcdMembers) {
      if (!m.quotaBytes || m.dbSize === undefined || m.dbSize < NEAR_QUOTA * m.quotaBytes) continue;
      const c = caseFor(memberSubject(m), m.node, m);
      cite(c, m.ref);
    }

    for (const c of cases.values()) {
      const s = summarise(c.signals, 4);
      for (const ref of s.evidence) cite(c, ref);
      const m = c.member;
      const size = m?.dbSize !== undefined ? ` (DB ${formatBytes(m.dbSize)}${m.quotaBytes ? ` of a ${formatBytes(m.quotaBytes)} quota` : ''})` : '';
      const refusals = c.signals.filter((x) => x.signal === 'etcd.nospace').length;
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: c.subject,
        node: c.node,
        severity: c.alarm || (m?.quotaBytes && m.dbSize !== undefined && m.dbSize >= m.quotaBytes) ? 'critical' : 'warning',
        message: c.alarm
          ? `etcd member ${c.subject.name} raised the NOSPACE alarm${size}: the cluster refuses writes ("database space exceeded") until space is reclaimed and the alarm disarmed${refusals ? `; ${refusals} refused request${refusals === 1 ? '' : 's'} logged` : ''}`
          : `etcd member ${c.subject.name} is at ${Math.round((m!.dbSize! / m!.quotaBytes!) * 100)}% of its space quota${size}; it raises NOSPACE and stops accepting writes when full`,
        count: c.signals.length || undefined,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: c.evidence,
        data: { alarm: c.alarm ? 'NOSPACE' : undefined, dbSize: m?.dbSize, quotaBytes: m?.quotaBytes },
      });
    }
    // Members that answered with a clean error list show no alarm at all (every member lists every alarm).
    if (cases.size === 0) {
      for (const m of evidence.etcdMembers) {
        if (!m.reachable || m.errors.length > 0) continue;
        refutations.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject: memberSubject(m),
          node: m.node,
          reason: `member ${m.name} reports no alarm (Status errors empty)${m.dbSize !== undefined ? `, DB ${formatBytes(m.dbSize)}` : ''}`,
          evidence: [m.ref],
        });
      }
    }
    return { findings, refutations };
  },
};

export default rule;
