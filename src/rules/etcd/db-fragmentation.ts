// A member whose database file is much larger than the data in it: in-use / size below the
// ratio and more than the minimum reclaimable. From member status, else from Prometheus
// (etcd_mvcc_db_total_size_in_bytes and …_in_use_in_bytes), else from the sizes that `finished
// scheduled compaction` logs (etcd 3.5.12+ / 3.4.31+). With Prometheus history: how fast the file
// grows and when it reaches the quota, and a defragmentation seen as a drop in the size with the
// fsync and commit latencies before and after it.
import type { EvidenceRef, EvidenceSet, Finding, MetricSeries, Refutation, Rule, Thresholds } from '../../types.js';
import { cite, isoOf, largestDrop, last, mean, memberOf, metricSeries, sibling, slopePerHour } from '../../collect/prometheus/evidence.js';
import { formatBytes } from '../../util/bytes.js';
import { memberForNode, memberSubject, signalsOf, summarise } from '../lib.js';

interface Sizes {
  dbSize: number;
  inUse: number;
  ref: EvidenceRef;
}

/** What the metric history of one member adds: trend, time to quota, a defragmentation. */
interface Trend {
  text: string[];
  evidence: EvidenceRef[];
  data: Record<string, unknown>;
}

const HOUR = 3_600_000;

const rule: Rule = {
  id: 'etcd/db-fragmentation',
  failureMode: 'etcd-db-fragmentation',
  description: 'etcd members whose DB size is mostly free pages (in-use/size below the ratio, enough to reclaim).',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const compactions = signalsOf(evidence, 'etcd.compaction');
    const judged = new Set<string>();
    const totals = metricSeries(evidence, 'etcd-db-total-bytes');

    const judge = (subject: Finding['subject'], node: string | undefined, isLeader: boolean, sizes: Sizes, extra: EvidenceRef[], slowCompaction?: number, trend?: Trend): void => {
      const ratio = sizes.inUse / sizes.dbSize;
      const free = sizes.dbSize - sizes.inUse;
      const text = `${formatBytes(sizes.dbSize)} allocated, ${formatBytes(sizes.inUse)} in use (${Math.round(ratio * 100)}%)`;
      const more = trend?.text.length ? `; ${trend.text.join('; ')}` : '';
      if (ratio < thresholds.fragmentationRatio && free > thresholds.fragmentationMinFreeBytes) {
        findings.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject,
          node,
          severity: isLeader ? 'critical' : 'warning',
          message: `etcd member ${subject.name}${isLeader ? ' (leader)' : ''} is ${Math.round((1 - ratio) * 100)}% fragmented: ${text}, ${formatBytes(free)} reclaimable by defragmentation${slowCompaction ? `; compaction took up to ${(slowCompaction / 1000).toFixed(2)}s` : ''}${more}`,
          evidence: [sizes.ref, ...extra, ...(trend?.evidence ?? [])],
          data: { dbSize: sizes.dbSize, dbSizeInUse: sizes.inUse, inUseRatio: ratio, reclaimable: free, isLeader, ...trend?.data },
        });
      } else {
        refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject, node, reason: `not fragmented: ${text}${more}`, evidence: [sizes.ref, ...(trend?.evidence ?? [])] });
      }
    };
    /** The DB size series of a member, by its node or name. */
    const totalOf = (node: string | undefined, name: string, id?: string): MetricSeries | undefined =>
      totals.find((s) => (id !== undefined && s.memberId === id) || (node !== undefined && s.node === node) || s.member === name);

    for (const m of evidence.etcdMembers) {
      if (m.dbSize === undefined || m.dbSizeInUse === undefined || m.dbSize <= 0) continue;
      judged.add(m.node ?? m.name);
      const mine = compactions.filter((c) => c.node !== undefined && c.node === m.node);
      const s = summarise(mine, 2);
      const total = totalOf(m.node, m.name, m.id);
      const trend = total ? trendOf(evidence, total, thresholds) : undefined;
      judge(memberSubject(m), m.node, m.isLeader === true, { dbSize: m.dbSize, inUse: m.dbSizeInUse, ref: m.ref }, s.evidence, s.maxMs, trend);
    }
    // Members without a status: the latest sizes Prometheus holds.
    for (const total of totals) {
      const { subject, member, node } = memberOf(evidence, total);
      const key = node ?? subject.name;
      if (judged.has(key)) continue;
      const inUseSeries = sibling(evidence, 'etcd-db-in-use-bytes', total)[0];
      const size = last(total);
      const inUse = inUseSeries ? last(inUseSeries) : undefined;
      if (!size || !inUse || !(size[1] > 0)) continue;
      judged.add(key);
      const mine = compactions.filter((c) => c.node !== undefined && c.node === node);
      const s = summarise(mine, 2);
      const ratio = inUse[1] / size[1];
      const sizesRef = cite(total, `DB size ${formatBytes(size[1])} at ${isoOf(size[0])}`, size[0]);
      const inUseRef = cite(inUseSeries, `in use ${formatBytes(inUse[1])} (${Math.round(ratio * 100)}%) at ${isoOf(inUse[0])}`, inUse[0]);
      const leader = sibling(evidence, 'etcd-is-leader', total).some((x) => last(x)?.[1] === 1);
      judge(subject, node, member?.isLeader ?? leader, { dbSize: size[1], inUse: inUse[1], ref: sizesRef }, [inUseRef, ...s.evidence], s.maxMs, trendOf(evidence, total, thresholds));
    }
    // Members without a status or metrics: the latest compaction that logged sizes.
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

const ms = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : Math.round(seconds * 100_000) / 100);
const fmt = (v: number | undefined): string => (v === undefined ? '?' : v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v >= 10 ? Math.round(v) : v.toFixed(1)}ms`);

/**
 * The history of one member's DB size: growth per hour since the last drop (and of its free
 * part), hours until the quota at that pace, and the largest drop (a defragmentation) with the
 * WAL fsync and backend commit p99 on either side of it.
 */
function trendOf(ev: EvidenceSet, total: MetricSeries, thresholds: Thresholds): Trend | undefined {
  const text: string[] = [];
  const evidence: EvidenceRef[] = [];
  const data: Record<string, unknown> = {};
  const now = last(total);
  if (!now) return undefined;
  const drop = largestDrop(total);
  const since = drop ? drop.at : -Infinity;
  const span = now[0] - (total.samples.find((p) => p[0] >= since)?.[0] ?? now[0]);

  if (span >= 10 * 60_000 || (drop === undefined && span >= 60_000)) {
    const growth = slopePerHour(total, since);
    const inUse = sibling(ev, 'etcd-db-in-use-bytes', total)[0];
    const inUseGrowth = inUse ? slopePerHour(inUse, since) : undefined;
    if (growth !== undefined) {
      data.growthBytesPerHour = Math.round(growth);
      if (inUseGrowth !== undefined) data.freeGrowthBytesPerHour = Math.round(growth - inUseGrowth);
      const quota = sibling(ev, 'etcd-quota-bytes', total)[0];
      const q = quota ? last(quota)?.[1] : undefined;
      if (q) {
        data.quotaBytes = q;
        data.quotaUse = now[1] / q;
        if (now[1] / q > thresholds.quotaUseRatio) text.push(`at ${Math.round((now[1] / q) * 100)}% of its ${formatBytes(q)} quota`);
      }
      if (growth > 0 && Math.abs(growth) * (span / HOUR) >= 1_000_000) {
        const hours = q && q > now[1] ? (q - now[1]) / growth : undefined;
        if (hours !== undefined) data.hoursToQuota = Math.round(hours * 10) / 10;
        text.push(
          `the file grew ${formatBytes(growth)}/h over ${Math.round(span / 60_000)} min` +
            (inUseGrowth !== undefined ? ` (${formatBytes(Math.max(0, growth - inUseGrowth))}/h of it free pages)` : '') +
            (hours !== undefined ? `, reaching the ${formatBytes(q as number)} quota in about ${hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours)} h`}` : ''),
        );
        evidence.push(cite(total, `DB size growing ${formatBytes(growth)}/h${hours !== undefined ? `, quota in ${Math.round(hours)} h` : ''}`, now[0]));
      }
    }
  }
  if (drop) {
    // Latency on either side: the same length of time, up to 30 minutes, skipping the rate window around the drop.
    const side = Math.min(30 * 60_000, drop.at - total.samples[0][0], now[0] - drop.at);
    const d: Record<string, unknown> = { at: isoOf(drop.at), dbSizeBefore: drop.before, dbSizeAfter: drop.after };
    const parts: string[] = [];
    for (const [name, key, label] of [
      ['etcd-wal-fsync-p99', 'fsyncP99', 'WAL fsync p99'],
      ['etcd-backend-commit-p99', 'commitP99', 'backend commit p99'],
    ] as const) {
      const s = sibling(ev, name, total)[0];
      if (!s || side <= 0) continue;
      const before = ms(mean(s, drop.at - side, drop.at - 1));
      const after = ms(mean(s, drop.at + 1, drop.at + side));
      if (before === undefined && after === undefined) continue;
      d[`${key}BeforeMs`] = before;
      d[`${key}AfterMs`] = after;
      parts.push(`${label} ${fmt(before)} before, ${fmt(after)} after`);
      evidence.push(cite(s, `${label} averaged ${fmt(before)} in the ${Math.round(side / 60_000)} min before ${isoOf(drop.at)} and ${fmt(after)} after`, drop.at));
    }
    data.defrag = d;
    text.push(`defragmented (or restored) by ${isoOf(drop.at)}: ${formatBytes(drop.before)} → ${formatBytes(drop.after)}${parts.length ? `, ${parts.join(', ')}` : ''}`);
    evidence.unshift(cite(total, `DB size fell from ${formatBytes(drop.before)} to ${formatBytes(drop.after)} at ${isoOf(drop.at)}`, drop.at));
  }
  return text.length || Object.keys(data).length ? { text, evidence, data } : undefined;
}

export default rule;
