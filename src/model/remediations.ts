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
  'etcd-network-check': text('etcd-network-check', 'Check the etcd peer network', 'Read-only checks.', [
    'Measure round-trip time and loss between members on the peer port (2380); p99 should stay under 150 ms.',
  ]),
  'time-sync': text('time-sync', 'Synchronise clocks', 'Low.', ['Fix NTP/chrony on every member; clock difference must stay well under a second.']),
  'etcd-member-recover': text('etcd-member-recover', 'Bring the etcd member back', 'Quorum is at risk while a member is down.', [
    'Check the member service and its logs; restart it; if its data is lost, remove and re-add the member.',
  ]),
  'cert-renew': text('cert-renew', 'Renew expired certificates', 'Control-plane restarts.', ['Renew the expired certificates (kubeadm certs renew / talosctl) and restart the components.']),
  'webhook-check': text('webhook-check', 'Fix or bypass the failing admission webhook', 'Bypassing skips its policy.', [
    'Check the webhook service endpoints; set a timeout and failurePolicy that fit; scale the webhook backend.',
  ]),
  'node-pressure-relief': text('node-pressure-relief', 'Relieve node pressure', 'Evictions may follow.', ['Free memory/disk/PIDs; set requests and limits; move heavy pods.']),
  'containerd-check': text('containerd-check', 'Check the container runtime', 'A runtime restart restarts no containers but stalls kubelet briefly.', [
    'Read the containerd log errors cited; check disk space under /var/lib/containerd; restart containerd if hung.',
  ]),
  'cni-check': text('cni-check', 'Check the CNI agent', 'Low.', ['Check the CNI agent pod on the node and its logs; ensure /etc/cni/net.d holds its config.']),
  'csi-check': text('csi-check', 'Check the CSI driver and attachments', 'Low.', [
    'Check the CSI node plugin pod on the node, VolumeAttachments and the storage backend; resolve Multi-Attach by detaching from the old node.',
  ]),
  'image-pull-check': text('image-pull-check', 'Fix the image pull', 'Low.', ['Check the image name/tag, registry credentials (imagePullSecrets) and registry reachability from the node.']),
  'oom-check': text('oom-check', 'Stop the OOM kills', 'Low.', ['Raise the memory limit or fix the leak; check node memory overcommit.']),
  'dns-check': text('dns-check', 'Fix cluster DNS', 'Low.', ['Check CoreDNS pods and the kube-dns service endpoints; test with a lookup from an affected pod.']),
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
