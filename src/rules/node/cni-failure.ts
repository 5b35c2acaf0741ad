// Pod network not ready: kubelet's NetworkPluginNotReady and sandbox network failures. A node
// whose NetworkUnavailable condition is False and whose CNI agent pod runs rules it out.
import type { EvidenceRef, Finding, Refutation, Rule } from '../../types.js';
import { groupBy, nodeSubject, signalsOf, summarise } from '../lib.js';

const CNI_AGENT = /^(cilium|calico-node|kube-flannel|flannel|canal|weave-net|kube-router|antrea-agent|kube-ovn-cni)(-|$)/;

const rule: Rule = {
  id: 'node/cni-failure',
  failureMode: 'cni-failure',
  description: 'CNI not ready or sandbox network setup failing; healthy network condition and CNI agent rule it out.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const failures = groupBy(signalsOf(evidence, 'kubelet.cni-not-ready', 'kubelet.sandbox-network-failed'), (s) => s.node);
    for (const [node, list] of failures) {
      const s = summarise(list);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        severity: 'critical',
        message: `pod network on ${node} is not ready: ${s.count} CNI/sandbox network errors`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
      });
    }
    for (const n of evidence.nodes) {
      if (failures.has(n.name)) continue;
      const cond = n.conditions.find((c) => c.type === 'NetworkUnavailable');
      const agents = evidence.pods.filter((p) => p.node === n.name && CNI_AGENT.test(p.name));
      const agentBad = agents.some((p) => p.containers.some((c) => !c.init && (c.ready === false || c.waitingReason)));
      const healthy: EvidenceRef[] = [];
      const why: string[] = [];
      if (cond?.status === 'False') {
        healthy.push(n.ref);
        why.push(`NetworkUnavailable=False${cond.reason ? ` (${cond.reason})` : ''}`);
      }
      const cniNode = evidence.objects.find((o) => o.kind === 'CiliumNode' && o.name === n.name);
      if (cniNode) {
        healthy.push(cniNode.ref);
        why.push('CiliumNode present');
      }
      if (agents.length && !agentBad) {
        healthy.push(...agents.slice(0, 2).map((p) => p.ref));
        why.push(`CNI agent ${agents.map((p) => p.name).join(', ')} running`);
      }
      if (!healthy.length || agentBad || cond?.status === 'True') continue;
      refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: nodeSubject(n.name), node: n.name, reason: `${why.join('; ')}; no CNI errors from kubelet`, evidence: healthy });
    }
    return { findings, refutations };
  },
};

export default rule;
