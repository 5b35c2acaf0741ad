// A member's disk cannot sync fast enough: `slow fdatasync` (over 1s) in its WAL, or the leader
// missing heartbeats "likely from slow disk".
import type { Finding, Refutation, Rule } from '../../types.js';
import { fmtMs, groupBy, memberForNode, slowDiskSignals, summarise } from '../lib.js';

const rule: Rule = {
  id: 'etcd/slow-disk',
  failureMode: 'etcd-slow-disk',
  description: 'slow fdatasync and heartbeat-late-from-slow-disk warnings of an etcd member.',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const slow = slowDiskSignals(evidence, thresholds);
    const byNode = groupBy(slow, (s) => s.node);
    for (const [node, events] of byNode) {
      const { subject } = memberForNode(evidence, node);
      const s = summarise(events);
      const syncs = events.filter((e) => e.signal === 'etcd.slow-fdatasync');
      const beats = events.length - syncs.length;
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject,
        node,
        severity: s.count >= 3 || (s.maxMs ?? 0) >= 2 * thresholds.slowFdatasyncMs ? 'critical' : 'warning',
        message: `etcd on ${node} cannot sync its WAL fast enough: ${[
          syncs.length ? `${syncs.length} slow fdatasync (up to ${fmtMs(s.maxMs)}, expected under ${fmtMs(thresholds.slowFdatasyncMs)})` : '',
          beats ? `${beats} late heartbeats blamed on slow disk` : '',
        ].filter(Boolean).join(', ')}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        data: { maxFdatasyncMs: s.maxMs },
      });
    }
    for (const stat of evidence.logStats) {
      if (stat.component !== 'etcd' || !stat.node || byNode.has(stat.node) || stat.lines < 50) continue;
      const { subject } = memberForNode(evidence, stat.node);
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject,
        node: stat.node,
        reason: `no slow fdatasync in ${stat.lines} lines of etcd log${stat.firstTime ? ` (${stat.firstTime} to ${stat.lastTime})` : ''}`,
        evidence: [{ source: stat.source, excerpt: `${stat.lines} lines, ${stat.warnLines} warnings, none slow fdatasync` }],
      });
    }
    return { findings, refutations };
  },
};

export default rule;
