// The causal model as data: which failure mode can cause which, and under which condition the
// two findings are about the same thing. The reasoner walks these links from symptoms upwards.
//
// Conditions, judged between a cause finding C and an effect finding E:
//   same-node   C and E are on the same node (C.affects widens C's reach to further nodes)
//   reaches     E's node is among the nodes C.affects names (e.g. followers that waited on a slow leader)
//   same-member C and E are about the same etcd member
//   same-pod    C concerns a pod that E concerns
//   cluster     any C can cause any E (cluster-wide state such as etcd quota)
export type LinkCondition = 'same-node' | 'reaches' | 'same-member' | 'same-pod' | 'cluster';

export interface CausalLink {
  cause: string;
  effect: string;
  when: LinkCondition;
  /** Why the cause produces the effect, in words for reports. */
  because: string;
}

export const CAUSAL_LINKS: CausalLink[] = [
  // What users see
  { cause: 'sa-token-fetch-timeout', effect: 'pod-stuck-containercreating', when: 'same-node', because: 'the projected service-account token volume cannot be mounted, so the sandbox never starts' },
  { cause: 'fsgroup-recursive-chown', effect: 'pod-stuck-containercreating', when: 'same-pod', because: 'kubelet changes ownership of every file on the volume before the container may start' },
  { cause: 'csi-failure', effect: 'pod-stuck-containercreating', when: 'same-node', because: 'the pod waits for its volume to attach and mount' },
  { cause: 'cni-failure', effect: 'pod-stuck-containercreating', when: 'same-node', because: 'the pod sandbox gets no network' },
  { cause: 'containerd-failure', effect: 'pod-stuck-containercreating', when: 'same-node', because: 'the runtime cannot create the sandbox' },
  { cause: 'image-pull-failure', effect: 'pod-stuck-containercreating', when: 'same-pod', because: 'the image cannot be pulled' },
  { cause: 'node-pressure', effect: 'pod-stuck-containercreating', when: 'same-node', because: 'kubelet withholds resources under pressure' },
  { cause: 'pleg-unhealthy', effect: 'pod-stuck-containercreating', when: 'same-node', because: "kubelet's pod lifecycle loop is stalled" },

  { cause: 'control-plane-crashloop', effect: 'pod-crashloop', when: 'same-pod', because: 'the component exits or fails its liveness probe when its API calls time out' },
  { cause: 'oom-killed', effect: 'pod-crashloop', when: 'same-pod', because: 'the container is killed for exceeding memory' },
  { cause: 'kubelet-exec-probe-timeouts', effect: 'pod-crashloop', when: 'same-pod', because: 'failing probes make kubelet restart the container' },
  { cause: 'dns-failure', effect: 'pod-crashloop', when: 'same-node', because: 'the application exits when it cannot resolve its dependencies' },

  { cause: 'kubelet-exec-probe-timeouts', effect: 'metrics-unavailable', when: 'same-node', because: "kubelet's runtime calls are blocked, so its metrics endpoint does not answer in time" },
  { cause: 'node-not-ready', effect: 'metrics-unavailable', when: 'same-node', because: 'metrics-server cannot scrape a node that is not ready' },
  { cause: 'pleg-unhealthy', effect: 'metrics-unavailable', when: 'same-node', because: 'a stalled kubelet serves no fresh metrics' },

  { cause: 'pleg-unhealthy', effect: 'node-not-ready', when: 'same-node', because: 'kubelet reports NotReady when PLEG is unhealthy' },
  { cause: 'containerd-failure', effect: 'node-not-ready', when: 'same-node', because: 'kubelet reports NotReady when the runtime is down' },
  { cause: 'cni-failure', effect: 'node-not-ready', when: 'same-node', because: 'kubelet reports NotReady while the network plugin is not ready' },
  { cause: 'node-pressure', effect: 'node-not-ready', when: 'same-node', because: 'resource exhaustion stalls kubelet' },
  { cause: 'apiserver-etcd-timeouts', effect: 'node-not-ready', when: 'cluster', because: 'node status updates and lease renewals time out' },

  { cause: 'apiserver-etcd-timeouts', effect: 'apiserver-unavailable', when: 'same-node', because: 'requests wait on etcd until the handler times out' },
  { cause: 'apiserver-cert-expired', effect: 'apiserver-unavailable', when: 'cluster', because: 'TLS handshakes fail' },

  // Kubelet and control-plane mechanisms
  { cause: 'apiserver-etcd-timeouts', effect: 'sa-token-fetch-timeout', when: 'same-node', because: "kubelet's TokenRequest to the apiserver times out while the apiserver waits on etcd" },
  { cause: 'webhook-timeout', effect: 'sa-token-fetch-timeout', when: 'cluster', because: 'the TokenRequest waits on a failing admission webhook' },
  { cause: 'apiserver-etcd-timeouts', effect: 'control-plane-crashloop', when: 'same-node', because: "the component's informers, leader election and /livez wait on a slow local apiserver" },
  { cause: 'apiserver-cert-expired', effect: 'control-plane-crashloop', when: 'cluster', because: 'the component cannot authenticate to the apiserver' },
  { cause: 'etcd-disk-contention', effect: 'kubelet-exec-probe-timeouts', when: 'same-node', because: 'I/O-saturated daemons do not answer their exec health checks in time' },
  { cause: 'node-pressure', effect: 'kubelet-exec-probe-timeouts', when: 'same-node', because: 'an overloaded node runs exec probes slowly' },
  { cause: 'containerd-failure', effect: 'kubelet-exec-probe-timeouts', when: 'same-node', because: 'the runtime does not answer ExecSync' },
  { cause: 'containerd-failure', effect: 'pleg-unhealthy', when: 'same-node', because: 'PLEG relists through the runtime' },
  { cause: 'etcd-disk-contention', effect: 'pleg-unhealthy', when: 'same-node', because: 'container state reads stall on a saturated disk' },

  // etcd to the apiserver
  { cause: 'etcd-slow-leader', effect: 'apiserver-etcd-timeouts', when: 'reaches', because: 'every linearizable read waits for the leader to confirm its commit index (ReadIndex)' },
  { cause: 'etcd-slow-disk', effect: 'apiserver-etcd-timeouts', when: 'same-node', because: "the local member applies and persists writes slowly" },
  { cause: 'etcd-db-fragmentation', effect: 'apiserver-etcd-timeouts', when: 'same-node', because: 'the local member reads and compacts a bloated database' },
  { cause: 'etcd-quota-exceeded', effect: 'apiserver-etcd-timeouts', when: 'cluster', because: 'etcd refuses writes with "database space exceeded"' },
  { cause: 'etcd-member-down', effect: 'apiserver-etcd-timeouts', when: 'same-node', because: "the apiserver's local etcd member does not answer" },
  { cause: 'etcd-leader-churn', effect: 'apiserver-etcd-timeouts', when: 'cluster', because: 'requests stall during every election' },
  { cause: 'etcd-network-latency', effect: 'apiserver-etcd-timeouts', when: 'cluster', because: 'raft round trips between members are slow' },

  // Inside etcd
  { cause: 'etcd-db-fragmentation', effect: 'etcd-slow-leader', when: 'same-member', because: "the leader's bloated database makes its applies and compactions slow" },
  { cause: 'etcd-slow-disk', effect: 'etcd-slow-leader', when: 'same-member', because: "the leader's disk syncs slowly" },
  { cause: 'etcd-disk-contention', effect: 'etcd-slow-disk', when: 'same-node', because: "other workloads saturate etcd's disk" },
  { cause: 'etcd-slow-disk', effect: 'etcd-leader-churn', when: 'cluster', because: 'a leader that misses heartbeats loses leadership' },
  { cause: 'etcd-network-latency', effect: 'etcd-leader-churn', when: 'cluster', because: 'followers stop hearing the leader and call elections' },
  // No link from etcd-clock-drift: raft elections and heartbeats run on each member's monotonic
  // ticker, never on wall-clock comparison between members, so drift does not cause churn.
  { cause: 'etcd-member-down', effect: 'etcd-leader-churn', when: 'cluster', because: 'losing the leader forces an election' },
];

export function linksInto(effect: string): CausalLink[] {
  return CAUSAL_LINKS.filter((l) => l.effect === effect);
}
