// Pods that stay in ContainerCreating, grouped per node: the symptom users report first.
import type { Finding, PodInfo, Rule } from '../../types.js';
import { groupBy, nodeSubject, podSubject } from '../lib.js';

const isStuck = (p: PodInfo): boolean =>
  p.displayStatus === 'ContainerCreating' || p.containers.some((c) => !c.init && c.waitingReason === 'ContainerCreating');

const rule: Rule = {
  id: 'symptom/pod-stuck-containercreating',
  failureMode: 'pod-stuck-containercreating',
  description: 'Pods whose containers wait in ContainerCreating, per node, noting when their only event is Scheduled.',
  run({ evidence }) {
    const stuck = evidence.pods.filter(isStuck);
    const findings: Finding[] = [];
    for (const [node, pods] of groupBy(stuck, (p) => p.node ?? '')) {
      const names = pods.map((p) => `${p.namespace}/${p.name}`);
      const eventsOf = (p: PodInfo) => evidence.events.filter((e) => e.objectKind === 'Pod' && e.objectName === p.name && (e.namespace ?? 'default') === p.namespace);
      const onlyScheduled = pods.filter((p) => {
        const ev = eventsOf(p);
        return ev.length > 0 && ev.every((e) => e.reason === 'Scheduled');
      });
      const where = node ? ` on ${node}` : '';
      const note = onlyScheduled.length ? `; ${onlyScheduled.length} of them with no event beyond Scheduled` : '';
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: node ? nodeSubject(node) : podSubject(names[0]),
        node: node || undefined,
        severity: 'critical',
        message: `${pods.length} pod(s) stuck in ContainerCreating${where}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}${note}`,
        count: pods.length,
        evidence: [...pods.slice(0, 6).map((p) => p.ref), ...onlyScheduled.slice(0, 2).flatMap((p) => eventsOf(p).slice(0, 1).map((e) => e.ref))],
        pods: names,
      });
    }
    return { findings, refutations: [] };
  },
};

export default rule;
