// kubelet recursively chowns a large volume because the pod sets fsGroup without
// fsGroupChangePolicy: OnRootMismatch (VolumePermissionChangeInProgress, "processed N files").
import type { Finding, PodInfo, Rule, SignalEvent } from '../../types.js';
import { podSubject, signalsOf, summarise, pushTo } from '../lib.js';
import { groupThousands } from '../../util/collate.js';

const POD_UID = /\/pods\/([0-9a-f-]{36})\//;

const rule: Rule = {
  id: 'kubelet/fsgroup-recursive-chown',
  failureMode: 'fsgroup-recursive-chown',
  description: 'Pods waiting while kubelet recursively changes ownership of a volume for fsGroup.',
  run({ evidence }) {
    const byUid = new Map(evidence.pods.filter((p) => p.uid).map((p) => [p.uid as string, p]));
    const byKey = new Map(evidence.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
    const groups = new Map<string, SignalEvent[]>();
    for (const s of signalsOf(evidence, 'kubelet.fsgroup-ownership')) {
      const uid = POD_UID.exec(String(s.fields.path ?? s.ref.excerpt))?.[1];
      const pod = s.pod ?? (uid ? byUid.get(uid) && key(byUid.get(uid) as PodInfo) : undefined);
      if (!pod) continue;
      pushTo(groups, pod, s);
    }
    const findings: Finding[] = [];
    for (const [pod, events] of groups) {
      const info = byKey.get(pod);
      const s = summarise(events);
      const files = Math.max(0, ...events.map((e) => Number(e.fields.files ?? 0)));
      const policy = info?.fsGroupChangePolicy;
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: podSubject(pod),
        node: info?.node ?? events.find((e) => e.node)?.node,
        severity: 'warning',
        message: `kubelet is recursively changing ownership of ${pod}'s volume for fsGroup${info?.fsGroup !== undefined ? ` ${info.fsGroup}` : ''}${files ? ` (${groupThousands(files)} files processed so far)` : ''}; fsGroupChangePolicy is ${policy ?? 'not set (Always)'}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...s.evidence, ...(info ? [info.ref] : [])],
        pods: [pod],
        data: { filesProcessed: files || undefined, fsGroup: info?.fsGroup, owner: info?.ownerKind ? `${info.ownerKind}/${info.ownerName}` : undefined },
      });
    }
    return { findings, refutations: [] };
  },
};

const key = (p: PodInfo): string => `${p.namespace}/${p.name}`;

export default rule;
