// Cluster DNS failing: lookups that time out or fail against the DNS service (`lookup db on
// 10.96.0.10:53: read udp …: i/o timeout`, `dial udp 10.96.0.10:53: i/o timeout`, `server
// misbehaving`, `Temporary failure in name resolution`, EAI_AGAIN), and CoreDNS itself not ready,
// crash-looping or failing upstream. NXDOMAIN (`no such host`) is an answer, not a failure. Lines
// of kubelet and containerd use the node's own resolver (image pulls) and do not count.
// CoreDNS pods all Ready, with no failed lookups, rule it out on every node.
import type { EvidenceSet, Finding, PodInfo, Refutation, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, groupBy, nodeSubject, signalsOf, summarise, podsNamed } from '../lib.js';

const NODE_RESOLVER = new Set(['kubelet', 'containerd']);
const isCoreDns = (p: PodInfo): boolean => p.namespace === 'kube-system' && (p.labels['k8s-app'] === 'kube-dns' || /^(coredns|kube-dns)-/.test(p.name));
const notReady = (p: PodInfo): boolean =>
  p.phase === 'Failed' || p.phase === 'Pending' || (p.displayStatus !== undefined && p.displayStatus !== 'Running') || p.containers.some((c) => !c.init && (c.ready === false || !!c.waitingReason));

const rule: Rule = {
  id: 'node/dns-failure',
  failureMode: 'dns-failure',
  description: 'Failed cluster DNS lookups (timeouts, SERVFAIL, EAI_AGAIN) per node, and CoreDNS not ready or failing; Ready CoreDNS pods rule it out.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const lookups = signalsOf(evidence, 'dns.lookup-failed').filter((s) => !NODE_RESOLVER.has(s.component) && s.component !== 'coredns');
    // A CoreDNS line can match both definitions: one signal per line.
    const coredns = [...new Map(signalsOf(evidence, 'coredns.unhealthy', 'dns.lookup-failed').filter((s) => s.component === 'coredns' || s.signal === 'coredns.unhealthy').map((s) => [s.ref, s])).values()];
    const dnsPods = evidence.pods.filter(isCoreDns);
    const badPods = dnsPods.filter(notReady);
    const allNodes = knownNodes(evidence);

    // Lookups failing on a node (the client's node), pods named where the log says.
    const placed = groupBy(lookups, (s) => s.node);
    for (const [node, events] of placed) {
      const s = summarise(events);
      const pods = podsNamed(events);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        severity: 'critical',
        message: `DNS lookups fail on ${node}: ${describe(events)}${pods.length ? ` in ${pods.slice(0, 4).join(', ')}` : ''}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        pods,
        data: { hosts: hostsOf(events), servers: serversOf(events) },
      });
    }
    // CoreDNS down or failing, and lookups from an unknown node: the cluster's DNS.
    const unplaced = lookups.filter((s) => !s.node);
    if (badPods.length || coredns.length || unplaced.length) {
      const events = [...coredns, ...unplaced];
      const s = summarise(events);
      const notReadyWaits = coredns.filter((e) => /Still waiting on|plugin\/loop/.test(e.message ?? e.ref.excerpt)).length;
      const parts = [
        badPods.length ? `CoreDNS pod(s) not ready: ${badPods.map((p) => `${p.name}${p.displayStatus && p.displayStatus !== 'Running' ? ` (${p.displayStatus})` : p.containers.find((c) => c.waitingReason) ? ` (${p.containers.find((c) => c.waitingReason)?.waitingReason})` : ''}`).join(', ')}` : '',
        notReadyWaits ? `CoreDNS reports itself not ready or looping ${notReadyWaits} time(s)` : '',
        coredns.length - notReadyWaits > 0 ? `${coredns.length - notReadyWaits} CoreDNS query errors (${describe(coredns.filter((e) => !/Still waiting on|plugin\/loop/.test(e.message ?? e.ref.excerpt)))})` : '',
        unplaced.length ? `${unplaced.length} failed lookups: ${describe(unplaced)}` : '',
      ].filter(Boolean);
      const pods = podsNamed(unplaced);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: clusterSubject(),
        severity: badPods.length || notReadyWaits || unplaced.length ? 'critical' : 'warning',
        message: `cluster DNS is failing: ${parts.join('; ')}`,
        count: s.count + badPods.length,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...badPods.slice(0, 3).map((p) => p.ref), ...s.evidence],
        // Every node resolves through CoreDNS, so its failure reaches all of them.
        affects: badPods.length || notReadyWaits ? allNodes : [],
        pods,
        data: { corednsNotReady: badPods.map((p) => p.name), hosts: hostsOf(events), servers: serversOf(events) },
      });
    }
    if (!findings.length && dnsPods.length) {
      const reason = `CoreDNS pods ${dnsPods.map((p) => p.name).join(', ')} are Ready and no lookup failed`;
      for (const node of allNodes) refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: nodeSubject(node), node, reason, evidence: dnsPods.slice(0, 3).map((p) => p.ref) });
      if (!allNodes.length) refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: clusterSubject(), reason, evidence: dnsPods.slice(0, 3).map((p) => p.ref) });
    }
    return { findings, refutations };
  },
};

function knownNodes(ev: EvidenceSet): string[] {
  return [...new Set([...ev.nodes.map((n) => n.name), ...ev.pods.map((p) => p.node).filter((n): n is string => !!n)])].sort();
}

const hostsOf = (events: SignalEvent[]): string[] => [...new Set(events.map((e) => e.fields.host).filter((h): h is string => typeof h === 'string'))];
const serversOf = (events: SignalEvent[]): string[] => [...new Set(events.map((e) => e.fields.server).filter((h): h is string => typeof h === 'string'))];

function describe(events: SignalEvent[]): string {
  const hosts = hostsOf(events);
  const servers = serversOf(events);
  const kinds = new Set<string>();
  for (const e of events) {
    const t = e.message ?? e.ref.excerpt;
    if (/i\/o timeout|timed out|no servers could be reached/.test(t)) kinds.add('timeouts');
    else if (/server misbehaving|SERVFAIL/.test(t)) kinds.add('SERVFAIL');
    else if (/EAI_AGAIN|Temporary failure in name resolution/.test(t)) kinds.add('temporary resolver failures');
    else if (/connection refused/.test(t)) kinds.add('refused');
  }
  return `${events.length} ${[...kinds].join('/') || 'failure'}${hosts.length ? ` resolving ${hosts.slice(0, 3).join(', ')}` : ''}${servers.length ? ` via ${servers.slice(0, 2).join(', ')}` : ''}`;
}

export default rule;
