// The failure-mode catalogue (shared/spec/failure-modes.md) as data. Ids are stable.
export type FailureKind = 'symptom' | 'mechanism' | 'cause';

export interface FailureMode {
  id: string;
  layer: 'symptom' | 'etcd' | 'control-plane' | 'node';
  /** symptom: what users see; mechanism: a link that is itself explained by something; cause: a place to fix. */
  kind: FailureKind;
  title: string;
  /** Remediation ids proposed when this is a root cause. */
  remediation: string[];
}

export const FAILURE_MODES: FailureMode[] = [
  { id: 'pod-stuck-containercreating', layer: 'symptom', kind: 'symptom', title: 'Pods stuck in ContainerCreating', remediation: [] },
  { id: 'pod-crashloop', layer: 'symptom', kind: 'symptom', title: 'Container crash-looping', remediation: [] },
  { id: 'node-not-ready', layer: 'symptom', kind: 'symptom', title: 'Node not Ready', remediation: [] },
  { id: 'apiserver-unavailable', layer: 'symptom', kind: 'symptom', title: 'API server unavailable', remediation: [] },
  { id: 'metrics-unavailable', layer: 'symptom', kind: 'symptom', title: 'Node metrics unavailable (kubectl top <unknown>)', remediation: [] },

  { id: 'etcd-db-fragmentation', layer: 'etcd', kind: 'cause', title: 'etcd database fragmented', remediation: ['etcd-defrag'] },
  { id: 'etcd-slow-disk', layer: 'etcd', kind: 'cause', title: 'etcd disk too slow to sync', remediation: ['etcd-disk-check'] },
  { id: 'etcd-disk-contention', layer: 'etcd', kind: 'cause', title: "Other I/O-heavy workloads on etcd's disk", remediation: ['etcd-disk-isolation'] },
  { id: 'etcd-slow-leader', layer: 'etcd', kind: 'mechanism', title: 'Slow etcd leader delays every linearizable request', remediation: [] },
  { id: 'etcd-quota-exceeded', layer: 'etcd', kind: 'cause', title: 'etcd database space quota exceeded (NOSPACE)', remediation: ['etcd-quota-recover'] },
  { id: 'etcd-leader-churn', layer: 'etcd', kind: 'mechanism', title: 'Frequent etcd leader elections', remediation: ['etcd-churn-check'] },
  { id: 'etcd-network-latency', layer: 'etcd', kind: 'cause', title: 'Slow or broken etcd peer links', remediation: ['etcd-network-check'] },
  { id: 'etcd-clock-drift', layer: 'etcd', kind: 'cause', title: 'Clock drift between etcd members', remediation: ['time-sync'] },
  { id: 'etcd-member-down', layer: 'etcd', kind: 'cause', title: 'etcd member down or unreachable', remediation: ['etcd-member-recover'] },

  { id: 'apiserver-etcd-timeouts', layer: 'control-plane', kind: 'mechanism', title: 'kube-apiserver requests time out waiting for etcd', remediation: [] },
  { id: 'apiserver-cert-expired', layer: 'control-plane', kind: 'cause', title: 'Expired or not-yet-valid certificate', remediation: ['cert-renew'] },
  { id: 'control-plane-crashloop', layer: 'control-plane', kind: 'mechanism', title: 'Control-plane component restarting on API timeouts', remediation: [] },
  { id: 'webhook-timeout', layer: 'control-plane', kind: 'cause', title: 'Admission webhook calls fail or time out', remediation: ['webhook-check'] },

  { id: 'sa-token-fetch-timeout', layer: 'node', kind: 'mechanism', title: 'Service-account token cannot be fetched', remediation: [] },
  { id: 'fsgroup-recursive-chown', layer: 'node', kind: 'cause', title: 'Recursive fsGroup ownership change of a large volume', remediation: ['fsgroup-on-root-mismatch'] },
  { id: 'kubelet-exec-probe-timeouts', layer: 'node', kind: 'mechanism', title: 'Exec probes / ExecSync time out', remediation: [] },
  { id: 'pleg-unhealthy', layer: 'node', kind: 'mechanism', title: 'Kubelet PLEG not healthy', remediation: [] },
  { id: 'node-pressure', layer: 'node', kind: 'cause', title: 'Node under memory, disk or PID pressure', remediation: ['node-pressure-relief'] },
  { id: 'containerd-failure', layer: 'node', kind: 'cause', title: 'Container runtime errors', remediation: ['containerd-check'] },
  { id: 'cni-failure', layer: 'node', kind: 'cause', title: 'CNI / pod network not ready', remediation: ['cni-check'] },
  { id: 'csi-failure', layer: 'node', kind: 'cause', title: 'Volume attach/mount (CSI) failure', remediation: ['csi-check'] },
  { id: 'image-pull-failure', layer: 'node', kind: 'cause', title: 'Image pull failure', remediation: ['image-pull-check'] },
  { id: 'oom-killed', layer: 'node', kind: 'cause', title: 'Out-of-memory kills', remediation: ['oom-check'] },
  { id: 'dns-failure', layer: 'node', kind: 'cause', title: 'Cluster DNS lookups fail', remediation: ['dns-check'] },
];

const BY_ID = new Map(FAILURE_MODES.map((f) => [f.id, f]));

export function failureMode(id: string): FailureMode {
  const f = BY_ID.get(id);
  if (!f) throw new Error(`unknown failure mode ${id}`);
  return f;
}

export function isFailureMode(id: string): boolean {
  return BY_ID.has(id);
}
