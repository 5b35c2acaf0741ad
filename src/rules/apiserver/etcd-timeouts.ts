// kube-apiserver requests timing out on etcd: handler timeouts, unwritable responses, the etcd
// client's DeadlineExceeded retries, and the apiserver dropping out of the `kubernetes` service
// endpoints (a node missing from "Resetting endpoints for master service").
import type { EvidenceRef, Finding, Refutation, Rule, SignalEvent } from '../../types.js';
import { groupBy, nodeSubject, signalsOf, summarise, pushTo } from '../lib.js';

const TIMEOUTS = ['apiserver.handler-timeout', 'apiserver.json-write-timeout', 'apiserver.etcd-deadline'];

const rule: Rule = {
  id: 'apiserver/etcd-timeouts',
  failureMode: 'apiserver-etcd-timeouts',
  description: 'kube-apiserver handler timeouts and etcd DeadlineExceeded retries, and apiservers dropped from the kubernetes endpoints.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    // Other etcd clients (etcd's own gateway, cilium, etcdctl) log the same `retrying of unary invoker
    // failed`: only lines from kube-apiserver's log (or a log of unknown origin) speak for it.
    const timeouts = signalsOf(evidence, ...TIMEOUTS).filter((s) => s.component === 'kube-apiserver');
    const dropped = droppedApiservers(evidence.signals, evidence);
    const nodes = new Set<string>([...timeouts.map((t) => t.node).filter((n): n is string => !!n), ...dropped.keys()]);
    const byNode = groupBy(timeouts, (t) => t.node);
    for (const node of nodes) {
      const events = byNode.get(node) ?? [];
      const s = summarise(events);
      const kinds = (id: string): number => events.filter((e) => e.signal === id).length;
      const drops = dropped.get(node) ?? [];
      const parts = [
        kinds('apiserver.handler-timeout') ? `${kinds('apiserver.handler-timeout')} handler timeouts` : '',
        kinds('apiserver.json-write-timeout') ? `${kinds('apiserver.json-write-timeout')} responses cut by the handler timeout` : '',
        kinds('apiserver.etcd-deadline') ? `${kinds('apiserver.etcd-deadline')} etcd requests failing with DeadlineExceeded` : '',
        drops.length ? `dropped from the kubernetes service endpoints ${drops.length} time(s)` : '',
      ].filter(Boolean);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        severity: events.length >= 5 || drops.length ? 'critical' : 'warning',
        message: `kube-apiserver on ${node} times out waiting for etcd: ${parts.join(', ')}`,
        count: s.count + drops.length,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...s.evidence, ...drops.slice(0, 2)],
      });
    }
    for (const stat of evidence.logStats) {
      if (stat.component !== 'kube-apiserver' || !stat.node || nodes.has(stat.node) || stat.lines < 20) continue;
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(stat.node),
        node: stat.node,
        reason: `no handler timeouts or etcd deadline errors in ${stat.lines} lines of kube-apiserver log`,
        evidence: [{ source: stat.source, excerpt: `${stat.lines} lines, ${stat.errorLines} errors, none etcd timeouts` }],
      });
    }
    return { findings, refutations };
  },
};

/** Nodes whose apiserver address is missing from a "Resetting endpoints" line while others list it. */
function droppedApiservers(signals: SignalEvent[], ev: Parameters<Rule['run']>[0]['evidence']): Map<string, EvidenceRef[]> {
  const resets = signals.filter((s) => s.signal === 'apiserver.endpoint-reset' && typeof s.fields.endpoints === 'string');
  const out = new Map<string, EvidenceRef[]>();
  if (!resets.length) return out;
  const ips = (r: SignalEvent): string[] => String(r.fields.endpoints).split(' ').filter(Boolean);
  const all = new Set<string>();
  for (const r of resets) for (const ip of ips(r)) all.add(ip);
  for (const r of resets) {
    const listed = new Set(ips(r));
    for (const ip of all) {
      if (listed.has(ip)) continue;
      const node = ev.nodes.find((n) => n.addresses.includes(ip))?.name ?? ip;
      pushTo(out, node, r.ref);
    }
  }
  return out;
}

export default rule;
