// Volume attach/mount failures (FailedAttachVolume, Multi-Attach, MountDevice, unregistered CSI
// driver). Attached VolumeAttachments for a node and no such errors rule it out there.
import type { Finding, Refutation, Rule } from '../../types.js';
import { groupBy, nodeSubject, signalsOf, summarise, placedOnPodNode, podsNamed } from '../lib.js';

const rule: Rule = {
  id: 'node/csi-failure',
  failureMode: 'csi-failure',
  description: 'CSI attach/stage/publish failures; attached VolumeAttachments rule it out.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const failures = placedOnPodNode(evidence, signalsOf(evidence, 'kubelet.csi-failure'));
    const byNode = groupBy(failures, (s) => s.node);
    for (const [node, list] of byNode) {
      const s = summarise(list);
      const pods = podsNamed(list);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        severity: 'critical',
        message: `volumes on ${node} fail to attach or mount: ${s.count} CSI errors${pods.length ? ` (${pods.slice(0, 4).join(', ')})` : ''}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        pods,
      });
    }
    const attachments = groupBy(evidence.objects.filter((o) => o.kind === 'VolumeAttachment'), (o) => String((o.body.spec as { nodeName?: string } | undefined)?.nodeName ?? ''));
    for (const [node, list] of attachments) {
      if (!node || byNode.has(node)) continue;
      const attached = list.filter((o) => (o.body.status as { attached?: boolean } | undefined)?.attached === true);
      if (attached.length !== list.length) continue;
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        reason: `all ${list.length} volume attachment(s) on ${node} are attached and kubelet reports no attach/mount errors`,
        evidence: attached.slice(0, 4).map((o) => o.ref),
      });
    }
    return { findings, refutations };
  },
};

export default rule;
