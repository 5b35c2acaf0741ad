// What to do about each root cause, built from the findings so that plans name real members,
// pods and workloads (ids are referenced by failure-modes.ts).
import type { EtcdMemberStatus, EvidenceSet, Finding, Remediation, RootCause } from '../types.js';
import { formatBytes } from '../util/bytes.js';

type Builder = (ctx: { findings: Finding[]; evidence: EvidenceSet; root: RootCause }) => Remediation | undefined;

const isTalos = (ev: EvidenceSet): boolean => ev.sources.some((s) => s.kind === 'talos-support-bundle' || s.kind === 'talosctl');

function memberOf(ev: EvidenceSet, f: Finding): EtcdMemberStatus | undefined {
  return ev.etcdMembers.find((m) => (f.subject.id && m.id === f.subject.id) || m.name === f.subject.name);
}

const etcdDefrag: Builder = ({ findings, evidence }) => {
  const frag = findings.filter((f) => f.failureMode === 'etcd-db-fragmentation');
  if (!frag.length) return undefined;
  const leaderFirst = (f: Finding): number => (f.data?.isLeader === true ? 1 : 0);
  const order = [...frag].sort((a, b) => leaderFirst(a) - leaderFirst(b) || Number(b.data?.reclaimable ?? 0) - Number(a.data?.reclaimable ?? 0));
  const talos = isTalos(evidence);
  const target = (f: Finding): string => {
    const m = memberOf(evidence, f);
    return (talos ? m?.endpoint : m?.endpoint) ?? m?.node ?? f.subject.name;
  };
  const steps: string[] = [
    'Preflight: every member healthy and a leader present (kubesleuth fix etcd-defrag checks this and refuses otherwise); take a snapshot first.',
  ];
  order.forEach((f, i) => {
    const inUse = Number(f.data?.dbSizeInUse ?? 0);
    const size = Number(f.data?.dbSize ?? 0);
    const cmd = talos ? `talosctl -n ${target(f)} etcd defrag` : `etcdctl --endpoints=${target(f)} defrag`;
    steps.push(
      `${i + 1}. Defragment ${f.subject.name}${f.data?.isLeader ? ' (the leader, last)' : ''}: ${formatBytes(size)} → about ${formatBytes(inUse)} (\`${cmd}\`); wait until it answers and has caught up, check raft term and leader unchanged.`,
    );
  });
  const fragmented = new Set(frag.map((f) => f.subject.name));
  for (const m of evidence.etcdMembers) {
    if (fragmented.has(m.name) || m.dbSize === undefined || m.dbSizeInUse === undefined) continue;
    steps.push(`Skip ${m.name}: not fragmented (${formatBytes(m.dbSizeInUse)} of ${formatBytes(m.dbSize)} in use, ${Math.round((m.dbSizeInUse / m.dbSize) * 100)}%).`);
  }
  steps.push('Verify: etcd status shows sizes shrunk, the same leader and raft term; slow-apply and ReadIndex warnings stop.');
  const command = talos
    ? `kubesleuth fix etcd-defrag --talosconfig ~/.talos/config --nodes ${order.map(target).join(',')}`
    : `kubesleuth fix etcd-defrag --etcd-endpoints ${order.map(target).join(',')}`;
  return {
    id: 'etcd-defrag',
    title: `Defragment etcd, one member at a time, leader last (${order.map((f) => f.subject.name).join(' → ')})`,
    risk: 'Each member blocks reads and writes while it defragments (seconds per few hundred MB); never defragment several at once.',
    steps,
    command,
  };
};

const fsGroupPolicy: Builder = ({ root, evidence }) => {
  const pod = root.subject.kind === 'Pod' ? evidence.pods.find((p) => p.name === root.subject.name && p.namespace === root.subject.namespace) : undefined;
  const owner = pod?.ownerKind ? `${pod.ownerKind.toLowerCase()}/${pod.ownerName}` : undefined;
  const patch = '{"spec":{"template":{"spec":{"securityContext":{"fsGroupChangePolicy":"OnRootMismatch"}}}}}';
  const ns = root.subject.namespace ?? 'default';
  const direct = owner && /^(deployment|statefulset|daemonset|replicaset)\//.test(owner);
  return {
    id: `fsgroup-on-root-mismatch:${ns}/${root.subject.name}`,
    title: `Set fsGroupChangePolicy: OnRootMismatch for ${ns}/${root.subject.name}`,
    risk: 'Low: ownership is then changed only when the volume root does not match; files created with other owners keep them.',
    steps: [
      'Add to the pod template: `securityContext: { fsGroup: <gid>, fsGroupChangePolicy: OnRootMismatch }`.',
      direct
        ? `Patch the owner: kubectl -n ${ns} patch ${owner} --type merge -p '${patch}'`
        : `The pod is created by ${owner ?? 'a controller'}: set the policy where that controller takes the pod security context.`,
      'Let the running ownership change finish or delete the pod once the policy is in place.',
    ],
    command: direct ? `kubectl -n ${ns} patch ${owner} --type merge -p '${patch}'` : undefined,
  };
};

const diskIsolation: Builder = ({ root, findings }) => {
  const f = findings.find((x) => x.failureMode === 'etcd-disk-contention' && x.subject.name === root.subject.name);
  const procs = (f?.data?.processes as Array<{ command: string; kind?: string }> | undefined) ?? [];
  const kinds = [...new Set(procs.map((p) => p.kind).filter(Boolean))];
  const movable = [...new Set(procs.filter((p) => p.kind && !/Ceph/.test(p.kind)).map((p) => p.command.split('/').pop() as string))];
  return {
    id: 'etcd-disk-isolation',
    title: `Isolate etcd's disk on ${root.subject.name} from ${kinds.join(', ') || 'other I/O-heavy workloads'}`,
    risk: 'Moving data or workloads needs planning; no step is automatic.',
    steps: [
      `Option A: put etcd's data (/var/lib/etcd) on a dedicated disk or partition, separate from ${kinds.includes('Ceph OSD') ? 'the Ceph OSD data' : 'the busy workloads'}.`,
      'Option B: throttle the heavy writers (storage daemon recovery/backfill limits, TSDB retention and compaction, recorder retention).',
      `Option C: move ${movable.length ? movable.join(', ') : 'the I/O-heavy workloads'} off ${root.subject.name} with node affinity or a taint on control-plane nodes.`,
      'Verify: `slow fdatasync` stops in the etcd log and WAL fsync p99 stays under 10 ms (etcd_disk_wal_fsync_duration_seconds).',
    ],
  };
};

const text = (id: string, title: string, risk: string, steps: string[]): Builder => () => ({ id, title, risk, steps });

const BUILDERS: Record<string, Builder> = {
  'etcd-defrag': etcdDefrag,
  'fsgroup-on-root-mismatch': fsGroupPolicy,
  'etcd-disk-isolation': diskIsolation,
  'etcd-disk-check': text('etcd-disk-check', "Check etcd's disk latency", 'Read-only checks.', [
    'Measure fsync latency on the etcd disk (fio with --fdatasync=1 and 2300-byte writes; p99 should be under 10 ms).',
    'Move etcd to SSD/NVMe storage not shared with other heavy writers.',
  ]),
  'etcd-quota-recover': text('etcd-quota-recover', 'Recover from etcd NOSPACE', 'Writes are refused until the alarm is disarmed.', [
    'Compact to the current revision, defragment every member (leader last), then `etcdctl alarm disarm`.',
    'Raise --quota-backend-bytes if the data legitimately grew; find what filled it (events, large objects).',
  ]),
  'etcd-churn-check': text('etcd-churn-check', 'Stop etcd leader churn', 'Read-only checks first.', [
    'Look for the cause of lost heartbeats: slow disk on the leader, network loss between members, CPU starvation.',
    'Tune --heartbeat-interval / --election-timeout only after the cause is fixed.',
  ]),
  'etcd-network-check': text('etcd-network-check', 'Check the network between etcd members', 'Read-only checks; tuning needs a rolling restart of etcd.', [
    'Measure round-trip time and loss between every pair of members on the peer port 2380 (`mtr -T -P 2380 <peer>` or `ping`); p99 should stay well under 150 ms and loss at 0.',
    "Look for what sits on the path: firewall or security-group changes (2380/tcp both ways), MTU mismatches (overlay, VPN, jumbo frames), saturated NICs, a member in another zone or region.",
    'Check the peer prober from etcd itself: `etcd_network_peer_round_trip_time_seconds` p99 per peer and `etcd_network_peer_sent_failures_total`; a peer that refuses connections is down, not slow (see etcd-member-down).',
    'Only when the latency is inherent (members far apart): raise --heartbeat-interval to about the RTT and --election-timeout to ~10x that, on every member.',
  ]),
  'time-sync': text('time-sync', 'Synchronise the clocks of the control-plane nodes', 'Low; a large clock step can make certificates look not yet valid or expired until it settles.', [
    'On every member, check the time service: `timedatectl` ("System clock synchronized: yes"), `chronyc tracking` / `chronyc sources`, or `talosctl -n <node> time`.',
    'Point all control-plane nodes at the same reachable NTP servers (UDP 123 must be open) and let chrony step the clock once (`chronyc makestep`).',
    'Verify: the etcd warnings "clock difference against peer" / "prober found high clock drift" stop within a minute.',
  ]),
  'etcd-member-recover': text('etcd-member-recover', 'Bring the etcd member back', 'Quorum is at risk while a member is down.', [
    'Check the member service and its logs; restart it; if its data is lost, remove and re-add the member.',
  ]),
  'cert-renew': text('cert-renew', 'Renew the expired certificates', 'The control-plane components restart to load the new certificates; take a backup of /etc/kubernetes/pki first.', [
    'List what expired: `kubeadm certs check-expiration` (RESIDUAL TIME `<invalid>`), or `openssl x509 -noout -enddate -in <cert>` for the file the error names; on Talos, `talosctl -n <node> get certificates`.',
    'kubeadm: `kubeadm certs renew all` on every control-plane node, then restart kube-apiserver, kube-controller-manager, kube-scheduler and etcd (move their manifests out of /etc/kubernetes/manifests and back), and copy the new admin.conf to ~/.kube/config.',
    "An expired kubelet client certificate (\"bootstrap client certificate … is expired\"): re-join the node or issue a new kubelet.conf (`kubeadm kubeconfig user --client-name system:node:<node> --org system:nodes`), restart kubelet and make sure rotateCertificates is on.",
    '"Not yet valid" means a clock is behind: fix time sync instead of renewing.',
  ]),
  'webhook-check': text('webhook-check', 'Repair or bypass the failing admission webhook', 'Deleting the webhook configuration or setting failurePolicy: Ignore skips its policy checks until it is restored.', [
    'Find the webhook and its service: `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o wide`, then the service it calls (`kubectl -n <ns> get svc,endpoints <svc>`): no endpoints means its pods are not running or not ready.',
    "Bring the webhook's backend back (its deployment, its logs); check that the apiserver can reach it (network policies, the CNI on control-plane nodes, its serving certificate).",
    'Keep it from blocking the cluster: a short timeoutSeconds (e.g. 5), failurePolicy Ignore for non-critical hooks, and a namespaceSelector/objectSelector that excludes kube-system.',
    'Emergency only: `kubectl delete validatingwebhookconfiguration <name>` (or patch failurePolicy to Ignore) and restore it from its chart afterwards.',
  ]),
  'node-pressure-relief': text('node-pressure-relief', 'Relieve node pressure', 'Evictions may follow.', ['Free memory/disk/PIDs; set requests and limits; move heavy pods.']),
  'containerd-check': text('containerd-check', 'Check the container runtime', 'A runtime restart restarts no containers but stalls kubelet briefly.', [
    'Read the containerd log errors cited; check disk space under /var/lib/containerd; restart containerd if hung.',
  ]),
  'cni-check': text('cni-check', 'Check the CNI agent', 'Low.', ['Check the CNI agent pod on the node and its logs; ensure /etc/cni/net.d holds its config.']),
  'csi-check': text('csi-check', 'Check the CSI driver and attachments', 'Low.', [
    'Check the CSI node plugin pod on the node, VolumeAttachments and the storage backend; resolve Multi-Attach by detaching from the old node.',
  ]),
  'image-pull-check': text('image-pull-check', 'Fix the image pull', 'Low.', [
    'Read the Failed event of the pod (`kubectl describe pod <pod>`): "not found" is a wrong name or tag, "unauthorized"/"denied" are credentials, timeouts and "no such host" are the registry unreachable from the node.',
    "Wrong name or tag: correct the image in the workload's spec. Credentials: create the registry secret and reference it as imagePullSecrets (or on the service account).",
    'Unreachable registry or rate limit: test from the node (`crictl pull <image>`), check proxy/DNS/firewall settings of the node, use a mirror or a pull-through cache.',
  ]),
  'oom-check': text('oom-check', 'Stop the OOM kills', 'Raising limits needs room on the node; moving pods reschedules them.', [
    'Compare the container\'s memory use with its limit: `kubectl top pod <pod> --containers`, `kubectl get pod <pod> -o jsonpath=\'{.spec.containers[*].resources}\'`.',
    'If the workload legitimately needs more: raise resources.limits.memory (and requests to match); for JVMs and similar runtimes, size the heap below the limit (-XX:MaxRAMPercentage).',
    'If use grows without bound: a leak — take a heap profile before the next kill.',
    'System-wide OOM ("Out of memory: Killed process" without a memory cgroup): the node is overcommitted — set requests on every pod, reserve memory for the system (kubelet --system-reserved/--kube-reserved, eviction thresholds) and move heavy pods.',
  ]),
  'dns-check': text('dns-check', 'Fix cluster DNS', 'Low; restarting CoreDNS briefly interrupts lookups.', [
    'Check CoreDNS: `kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide`, its logs (`kubectl -n kube-system logs -l k8s-app=kube-dns`), and that the kube-dns service has endpoints (`kubectl -n kube-system get endpoints kube-dns`).',
    'Test from an affected pod\'s node: `kubectl run dnstest --rm -it --image=busybox:1.36 --restart=Never -- nslookup kubernetes.default` (pin it with --overrides to that node).',
    'Timeouts with CoreDNS ready point at the path to it: kube-proxy or the CNI on the node, network policies blocking UDP/TCP 53, conntrack table full. "Still waiting on kubernetes" means CoreDNS cannot reach the apiserver; a loop means its upstream resolv.conf points back at itself.',
  ]),
};

export function remediationsFor(rootCauses: RootCause[], findings: Finding[], evidence: EvidenceSet): Remediation[] {
  const out = new Map<string, Remediation>();
  for (const root of rootCauses) {
    const ids: string[] = [];
    for (const id of root.remediation) {
      const build = BUILDERS[id];
      const r = build?.({ findings, evidence, root });
      if (!r) continue;
      if (!out.has(r.id)) out.set(r.id, r);
      ids.push(r.id);
    }
    root.remediation = ids;
  }
  return [...out.values()];
}
