// kubelet's pod lifecycle event generator stalls: its relist of every container through the
// runtime has not finished within 3 minutes (`PLEG is not healthy: pleg was last seen active
// 3m5.3s ago; threshold is 3m0s`), and kubelet reports the node NotReady with that message.
// A node whose Ready condition is True, or NotReady for another stated reason, rules it out.
import type { Finding, NodeInfo, Refutation, Rule, SignalEvent } from '../../types.js';
import { formatMs, parseGoDuration } from '../../util/duration.js';
import { clusterSubject, groupBy, nodeSubject, signalsOf, summarise } from '../lib.js';

const PLEG = /PLEG is not healthy/;
/** kubelet's relist threshold: a clean kubelet log must cover at least this span. */
const RELIST_THRESHOLD_MS = 3 * 60_000;
const MIN_CLEAN_LINES = 50;

const rule: Rule = {
  id: 'kubelet/pleg-unhealthy',
  failureMode: 'pleg-unhealthy',
  description: 'kubelet PLEG not healthy (relist stalled over 3 minutes), from kubelet logs, events and the Ready condition message.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const byNode = groupBy(signalsOf(evidence, 'kubelet.pleg-unhealthy'), (s) => s.node ?? '');
    const conditionNodes = evidence.nodes.filter((n) => n.conditions.some((c) => c.type === 'Ready' && c.status !== 'True' && PLEG.test(c.message ?? '')));
    const nodes = new Set<string>([...byNode.keys(), ...conditionNodes.map((n) => n.name)]);
    for (const node of nodes) {
      const events: SignalEvent[] = byNode.get(node) ?? [];
      const info = evidence.nodes.find((n) => n.name === node);
      const cond = info?.conditions.find((c) => c.type === 'Ready' && PLEG.test(c.message ?? ''));
      const s = summarise(events);
      const stalled = Math.max(s.maxMs ?? 0, plegAge(cond?.message));
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: node ? nodeSubject(node) : clusterSubject(),
        node: node || undefined,
        severity: 'critical',
        message:
          `kubelet${node ? ` on ${node}` : ''}: PLEG is not healthy${stalled ? `, last relist ${formatMs(stalled)} ago (threshold 3m)` : ''}` +
          `${events.length ? `; ${s.count} report(s) in its log/events` : ''}${cond ? `; the node is ${cond.status === 'False' ? 'NotReady' : 'Unknown'} for it` : ''}`,
        count: s.count + (cond ? 1 : 0),
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...s.evidence, ...(info && cond ? [info.ref] : [])],
        data: { stalledMs: stalled || undefined },
      });
    }
    for (const n of evidence.nodes) {
      if (nodes.has(n.name)) continue;
      const r = healthy(n);
      if (r) refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: nodeSubject(n.name), node: n.name, reason: r, evidence: [n.ref] });
    }
    const refuted = new Set(refutations.map((r) => r.node));
    for (const stat of evidence.logStats) {
      if (stat.component !== 'kubelet' || !stat.node || nodes.has(stat.node) || refuted.has(stat.node) || stat.lines < MIN_CLEAN_LINES) continue;
      if (!stat.firstTime || !stat.lastTime || Date.parse(stat.lastTime) - Date.parse(stat.firstTime) < RELIST_THRESHOLD_MS) continue;
      refuted.add(stat.node);
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(stat.node),
        node: stat.node,
        reason: `no PLEG warning in ${stat.lines} lines of kubelet log from ${stat.firstTime} to ${stat.lastTime}`,
        evidence: [{ source: stat.source, excerpt: `${stat.lines} lines, no "PLEG is not healthy"` }],
      });
    }
    return { findings, refutations };
  },
};

/** Why a node's Ready condition says PLEG is fine, if it does. */
function healthy(n: NodeInfo): string | undefined {
  const ready = n.conditions.find((c) => c.type === 'Ready');
  if (!ready) return undefined;
  if (ready.status === 'True') return `${n.name} is Ready (kubelet reports NotReady while PLEG is unhealthy)`;
  // Unknown: kubelet stopped posting status, so the condition says nothing about PLEG.
  if (ready.status === 'False' && ready.message && !PLEG.test(ready.message)) return `${n.name} is NotReady for another reason: ${ready.message.slice(0, 160)}`;
  return undefined;
}

function plegAge(message: string | undefined): number {
  return parseGoDuration(/last seen active (\S+?) ago/.exec(message ?? '')?.[1]) ?? 0;
}

export default rule;
