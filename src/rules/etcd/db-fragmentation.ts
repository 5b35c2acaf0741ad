// A member whose database file is much larger than the data in it: in-use / size below the
// ratio and more than the minimum reclaimable. From member status, else from the sizes that
// `finished scheduled compaction` logs (etcd 3.5.12+ / 3.4.31+).
import type { EvidenceRef, Finding, Refutation, Rule } from '../../types.js';
import { formatBytes } from '../../util/bytes.js';
import { memberForNode, memberSubject, signalsOf, summarise } from '../lib.js';

interface Sizes {
  dbSize: number;
  inUse: number;
  ref: EvidenceRef;
}

const rule: Rule = {
  id: 'etcd/db-fragmentation',
  failureMode: 'etcd-db-fragmentation',
  description: 'etcd members whose DB size is mostly free pages (in-use/size below the ratio, enough to reclaim).',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const compactions = signalsOf(evidence, 'etcd.compaction');
    const judged = new Set<string>();

    const judge = (subject: Finding['subject'], node: string | undefined, isLeader: boolean, sizes: Sizes, extra: EvidenceRef[], slowCompaction?: number): void => {
      const ratio = sizes.inUse / sizes.dbSize;
      const free = sizes.dbSize - sizes.inUse;
      const text = `${formatBytes(sizes.dbSize)} allocated, ${formatBytes(sizes.inUse)} in use (${Math.round(ratio * 100)}%)`;
      if (ratio < thresholds.fragmentationRatio && free > thresholds.fragmentationMinFreeBytes) {
        findings.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject,
          node,
          severity: isLeader ? 'critical' : 'warning',
          message: `etcd member ${subject.name}${isLeader ? ' (leader)' : ''} is ${Math.round((1 - ratio) * 100)}% fragmented: ${text}, ${formatBytes(free)} reclaimable by defragmentation${slowCompaction ? `; compaction took up to ${(slowCompaction / 1000).toFixed(2)}s` : ''}`,
          evidence: [sizes.ref, ...extra],
          data: { dbSize: sizes.dbSize, dbSizeInUse: sizes.inUse, inUseRatio: ratio, reclaimable: free, isLeader },
        });
      } else {
        refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject, node, reason: `not fragmented: ${text}`, evidence: [sizes.ref] });
      }
    };

    for (const m of evidence.etcdMembers) {
      if (m.dbSize === undefined || m.dbSizeInUse === undefined || m.dbSize <= 0) continue;
      judged.add(m.node ?? m.name);
      const mine = compactions.filter((c) => c.node !== undefined && c.node === m.node);
      const s = summarise(mine, 2);
      judge(memberSubject(m), m.node, m.isLeader === true, { dbSize: m.dbSize, inUse: m.dbSizeInUse, ref: m.ref }, s.evidence, s.maxMs);
    }
    // Members without a status: the latest compaction that logged sizes.
    const latestByNode = new Map<string, (typeof compactions)[number]>();
    for (const c of compactions) {
      if (!c.node || judged.has(c.node) || c.fields['current-db-size-bytes'] === undefined) continue;
      const prev = latestByNode.get(c.node);
      if (!prev || (c.time ?? '') >= (prev.time ?? '')) latestByNode.set(c.node, c);
    }
    for (const [node, c] of latestByNode) {
      const { subject, member } = memberForNode(evidence, node);
      const size = Number(c.fields['current-db-size-bytes']);
      const inUse = Number(c.fields['current-db-size-in-use-bytes'] ?? size);
      if (!(size > 0)) continue;
      const s = summarise(compactions.filter((x) => x.node === node), 1);
      judge(subject, node, member?.isLeader === true, { dbSize: size, inUse, ref: c.ref }, s.evidence, s.maxMs);
    }
    return { findings, refutations };
  },
};

export default rule;
