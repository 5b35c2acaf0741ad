// Kubernetes objects (from YAML/JSON files or the live API) into normalised evidence.
// Lists may come without kind/apiVersion (talosctl support), so kinds are also inferred from shape.
import { isoFromRfc3339 } from '../util/time.js';
import type { ContainerState, EventInfo, EvidenceRef, KubeObject, NodeInfo, PodInfo, PodVolume } from '../types.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface KubeEvidence {
  nodes: NodeInfo[];
  pods: PodInfo[];
  events: EventInfo[];
  objects: KubeObject[];
}

export function inferKind(o: Obj, listKind?: string): string | undefined {
  if (typeof o.kind === 'string') return o.kind;
  if (listKind && listKind.endsWith('List') && listKind !== 'List') return listKind.slice(0, -4);
  if (o.involvedObject || o.regarding) return 'Event';
  if (o.status?.nodeInfo || o.spec?.podCIDR !== undefined || o.spec?.providerID !== undefined) return 'Node';
  if (o.spec?.containers) return 'Pod';
  if (o.spec?.attacher && o.spec?.source) return 'VolumeAttachment';
  return undefined;
}

/** Flattens List / arrays / single objects into individual objects with their kind. */
export function flattenObjects(root: unknown): Array<{ kind: string | undefined; obj: Obj; index: number }> {
  const out: Array<{ kind: string | undefined; obj: Obj; index: number }> = [];
  const visit = (o: unknown, listKind?: string, index = 0): void => {
    if (Array.isArray(o)) {
      o.forEach((x, i) => visit(x, listKind, i));
      return;
    }
    if (!o || typeof o !== 'object') return;
    const obj = o as Obj;
    if (Array.isArray(obj.items)) {
      obj.items.forEach((x: unknown, i: number) => visit(x, typeof obj.kind === 'string' ? obj.kind : undefined, i));
      return;
    }
    out.push({ kind: inferKind(obj, listKind), obj, index });
  };
  visit(root);
  return out;
}

const ROLE_PREFIX = 'node-role.kubernetes.io/';

export function nodeFrom(o: Obj, ref: EvidenceRef): NodeInfo {
  const labels: Record<string, string> = o.metadata?.labels ?? {};
  return {
    name: o.metadata?.name ?? '',
    addresses: (o.status?.addresses ?? []).map((a: Obj) => String(a.address)),
    conditions: (o.status?.conditions ?? []).map((c: Obj) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    roles: Object.keys(labels).filter((k) => k.startsWith(ROLE_PREFIX)).map((k) => k.slice(ROLE_PREFIX.length)),
    ref,
  };
}

function containerFrom(s: Obj, init: boolean): ContainerState {
  return {
    name: s.name,
    ready: s.ready,
    restartCount: Number(s.restartCount ?? 0),
    waitingReason: s.state?.waiting?.reason,
    waitingMessage: s.state?.waiting?.message,
    running: s.state?.running !== undefined,
    lastTerminatedReason: s.lastState?.terminated?.reason ?? s.state?.terminated?.reason,
    lastTerminatedExitCode: s.lastState?.terminated?.exitCode ?? s.state?.terminated?.exitCode,
    init,
  };
}

export function podFrom(o: Obj, ref: EvidenceRef): PodInfo {
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  const containers: ContainerState[] = [
    ...(status.initContainerStatuses ?? []).map((s: Obj) => containerFrom(s, true)),
    ...(status.containerStatuses ?? []).map((s: Obj) => containerFrom(s, false)),
  ];
  // A pod whose containers have no status yet still has containers: list them as waiting.
  if (!status.containerStatuses && Array.isArray(spec.containers)) {
    for (const c of spec.containers) containers.push({ name: c.name, restartCount: 0, init: false });
  }
  const volumes: PodVolume[] = (spec.volumes ?? []).map((v: Obj) => ({
    name: v.name,
    pvc: v.persistentVolumeClaim?.claimName,
    projectedServiceAccountToken: Array.isArray(v.projected?.sources) && v.projected.sources.some((s: Obj) => s.serviceAccountToken),
    csiDriver: v.csi?.driver,
  }));
  const owner = (o.metadata?.ownerReferences ?? [])[0];
  return {
    namespace: o.metadata?.namespace ?? 'default',
    name: o.metadata?.name ?? '',
    uid: o.metadata?.uid,
    node: spec.nodeName,
    phase: status.phase,
    containers,
    volumes,
    fsGroup: spec.securityContext?.fsGroup,
    fsGroupChangePolicy: spec.securityContext?.fsGroupChangePolicy,
    ownerKind: owner?.kind,
    ownerName: owner?.name,
    labels: o.metadata?.labels ?? {},
    createdAt: o.metadata?.creationTimestamp,
    ref,
  };
}

/** API timestamps ("…:00Z", MicroTime "…:00.123456Z") in the one ISO form logs use, so they sort together. */
const iso = (t: unknown): string | undefined => (typeof t === 'string' && t ? (isoFromRfc3339(t) ?? t) : undefined);

export function eventFrom(o: Obj, ref: EvidenceRef): EventInfo {
  const inv = o.involvedObject ?? o.regarding ?? {};
  return {
    namespace: inv.namespace ?? o.metadata?.namespace,
    objectKind: inv.kind,
    objectName: inv.name,
    type: o.type,
    reason: o.reason ?? '',
    message: o.message ?? o.note ?? '',
    count: o.count ?? o.deprecatedCount ?? o.series?.count,
    firstSeen: iso(o.firstTimestamp ?? o.deprecatedFirstTimestamp ?? o.eventTime),
    lastSeen: iso(o.lastTimestamp ?? o.deprecatedLastTimestamp ?? o.series?.lastObservedTime ?? o.eventTime),
    node: o.source?.host ?? o.deprecatedSource?.host ?? (o.reportingController === 'kubelet' ? o.reportingInstance : undefined),
    ref,
  };
}

export function objectRef(kind: string, o: Obj): string {
  const ns = o.metadata?.namespace;
  return `${kind}/${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`;
}

/** Sorts flattened objects into the evidence kinds. */
export function classifyObjects(items: Array<{ kind: string | undefined; obj: Obj; ref: EvidenceRef }>): KubeEvidence {
  const out: KubeEvidence = { nodes: [], pods: [], events: [], objects: [] };
  for (const { kind, obj, ref } of items) {
    if (kind === 'Node') out.nodes.push(nodeFrom(obj, ref));
    else if (kind === 'Pod') out.pods.push(podFrom(obj, ref));
    else if (kind === 'Event') out.events.push(eventFrom(obj, ref));
    else if (kind && obj.metadata?.name) {
      out.objects.push({
        kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        node: obj.spec?.nodeName ?? obj.spec?.nodeRef ?? undefined,
        body: obj,
        ref,
      });
    }
  }
  return out;
}
