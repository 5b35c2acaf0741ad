// Kubernetes objects and command outputs: nodes.yaml, systemPods.yaml, kubectl-get-pods.yaml,
// kubectl-get-events.txt, ciliumnodes.yaml, volumeattachments.yaml, talosctl-etcd-status.txt, kubectl-top-nodes.txt
import { Rng, isoSec, humanizeBytes, tabwrite, SEC, MIN, HOUR, parseIso } from './lib.mjs';
import { toYaml } from './yaml.mjs';
import { T, NODES, byName, VERSIONS, ETCD, SCHED } from './scenario.mjs';
import { PODS, STATIC, STUCK, VOLSYNC, OSD2, podObject } from './pods.mjs';

const rng = new Rng(0x0b1ec7);

// ------------------------------------------------------------------------------------------- nodes
function nodeObject(n, withTypeMeta) {
  const hb = T.collect - rng.int(2, 40) * SEC;
  const ready = (t) => isoSec(t);
  const attached = PODS.filter((p) => p.node === n.name && p.pvcs).flatMap((p) => p.pvcs.map((v) => `kubernetes.io/csi/rook-ceph.rbd.csi.ceph.com^${v.handle}`));
  const obj = {
    metadata: {
      annotations: {
        'cluster.talos.dev/node-id': rng.hex(43).replace(/[^a-zA-Z0-9]/g, 'x'),
        'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'rook-ceph.cephfs.csi.ceph.com': n.name, 'rook-ceph.rbd.csi.ceph.com': n.name }),
        'networking.talos.dev/assigned-prefixes': '',
        'node.alpha.kubernetes.io/ttl': '0',
        'talos.dev/owned-labels': '["node-role.kubernetes.io/control-plane"]',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: isoSec(n.created),
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'topology.rook.io/chassis': n.name,
      },
      name: n.name,
      resourceVersion: String(152040000 + rng.int(0, 9999)),
      uid: rng.uuid(),
    },
    spec: {},
    status: {
      addresses: [
        { address: n.ip, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      allocatable: { cpu: '15950m', 'ephemeral-storage': '490821325723', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '65014412Ki', pods: '110' },
      capacity: { cpu: '16', 'ephemeral-storage': '532589376Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '65413260Ki', pods: '110' },
      conditions: [
        { lastHeartbeatTime: ready(n.boot + 70 * SEC), lastTransitionTime: ready(n.boot + 70 * SEC), message: 'Cilium is running on this node', reason: 'CiliumIsUp', status: 'False', type: 'NetworkUnavailable' },
        { lastHeartbeatTime: ready(hb), lastTransitionTime: ready(n.boot + 40 * SEC), message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
        { lastHeartbeatTime: ready(hb), lastTransitionTime: ready(n.boot + 40 * SEC), message: 'kubelet has no disk pressure', reason: 'KubeletHasNoDiskPressure', status: 'False', type: 'DiskPressure' },
        { lastHeartbeatTime: ready(hb), lastTransitionTime: ready(n.boot + 40 * SEC), message: 'kubelet has sufficient PID available', reason: 'KubeletHasSufficientPID', status: 'False', type: 'PIDPressure' },
        { lastHeartbeatTime: ready(hb), lastTransitionTime: ready(n.boot + 72 * SEC), message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      features: { supplementalGroupsPolicy: true },
      images: [
        { names: [`registry.k8s.io/kube-apiserver@sha256:${rng.hex(64)}`, K8S('kube-apiserver')], sizeBytes: 29012312 },
        { names: [`quay.io/ceph/ceph@sha256:${rng.hex(64)}`, 'quay.io/ceph/ceph:v19.2.3'], sizeBytes: 583921776 },
        { names: [`quay.io/cilium/cilium@sha256:${rng.hex(64)}`], sizeBytes: 251908441 },
        { names: [`registry.k8s.io/kube-scheduler@sha256:${rng.hex(64)}`, K8S('kube-scheduler')], sizeBytes: 19731104 },
      ],
      nodeInfo: {
        architecture: 'amd64',
        bootID: n.bootId,
        containerRuntimeVersion: `containerd://${VERSIONS.containerd.slice(1)}`,
        kernelVersion: VERSIONS.kernel,
        kubeProxyVersion: '',
        kubeletVersion: VERSIONS.k8s,
        machineID: n.machineId,
        operatingSystem: 'linux',
        osImage: `Talos (${VERSIONS.talos})`,
        swap: {},
        systemUUID: n.systemUUID,
      },
      runtimeHandlers: [
        { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'runc' },
        { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: '' },
      ],
      volumesAttached: attached.length ? attached.map((a) => ({ devicePath: '', name: a })) : undefined,
      volumesInUse: attached.length ? [...attached].sort() : undefined,
    },
  };
  if (withTypeMeta) return { apiVersion: 'v1', kind: 'Node', ...obj };
  return obj;
}
function K8S(c) {
  return `registry.k8s.io/${c}:${VERSIONS.k8s}`;
}

// the k8s json serializer in YAML mode on a typed List: no apiVersion/kind (go-talos-support collectors)
export function nodesYaml() {
  return toYaml({ items: NODES.map((n) => nodeObject(n, false)), metadata: { resourceVersion: '152041870' } });
}

export function systemPodsYaml(tl) {
  const items = PODS.filter((p) => p.ns === 'kube-system').map((p) => {
    if (p === STATIC['sched-talos02']) {
      // by the time the bundle was collected the scheduler had been restarted once more
      const c = p.containers[0];
      const clone = { ...p, state: 'running', readySince: tl.schedCurrent.start + 11 * SEC, containers: [{ ...c, crash: false, restarts: SCHED.restarts + 1, startedAt: tl.schedCurrent.start, id: tl.schedCurrent.id, prevId: c.id, lastStarted: c.lastStarted, lastFinished: c.lastFinished, lastExit: 1, lastReason: 'Error' }] };
      const o = podObject(clone, T.collect, { includeTypeMeta: false });
      o.status.conditions.find((x) => x.type === 'Ready').status = 'False';
      o.status.containerStatuses[0].ready = false;
      o.status.containerStatuses[0].started = true;
      return o;
    }
    return podObject(p, T.collect, { includeTypeMeta: false });
  });
  return toYaml({ items, metadata: { resourceVersion: '152041902' } });
}

export function getPodsYaml() {
  const items = [...PODS].sort((a, b) => (a.ns === b.ns ? (a.name < b.name ? -1 : 1) : a.ns < b.ns ? -1 : 1)).map((p) => podObject(p, T.getPods));
  return toYaml({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

// ------------------------------------------------------------------------------------------- events
function humanDuration(us) {
  const s = Math.floor(us / SEC);
  if (s < 0) return '<invalid>';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  return `${h}h`;
}

export function eventsTable(tl) {
  const now = T.getEvents;
  const ev = [];
  const add = (ns, last, type, reason, obj, msg, tag) => ev.push({ ns, last, type, reason, obj, msg, tag });
  const replicaset = (p) => p.owner && p.owner.kind === 'ReplicaSet' ? p.owner.name : null;
  for (const p of STUCK) {
    add(p.ns, p.created + 600 * 1000, 'Normal', 'Scheduled', `pod/${p.name}`, `Successfully assigned ${p.ns}/${p.name} to talos02`, 'event-scheduled-only');
    if (p.owner.kind === 'Job') add(p.ns, p.created, 'Normal', 'SuccessfulCreate', `job/${p.owner.name}`, `Created pod: ${p.name}`);
    if (p.owner.kind === 'ReplicaSet') {
      add(p.ns, p.created, 'Normal', 'SuccessfulCreate', `replicaset/${p.owner.name}`, `Created pod: ${p.name}`);
      const dep = p.owner.name.replace(/-[a-z0-9]+$/, '');
      add(p.ns, p.created - 200 * 1000, 'Normal', 'ScalingReplicaSet', `deployment/${dep}`, `Scaled up replica set ${p.owner.name} from 0 to 1`);
    }
    if (p.owner.kind === 'StatefulSet') add(p.ns, p.created, 'Normal', 'SuccessfulCreate', `statefulset/${p.owner.name}`, `create Pod ${p.name} in StatefulSet ${p.owner.name} successful`);
  }
  // fsGroup recursive ownership change on the volsync volume (events reach the API only now and then)
  const ch = tl.chown;
  const rel = `${ch.pod.uid}/volumes/kubernetes.io~csi/${ch.pvc.pv}/mount`;
  add(VOLSYNC.ns, ch.first, 'Warning', 'VolumePermissionChangeInProgress', `pod/${VOLSYNC.name}`, `Setting volume ownership for ${rel} is taking longer than expected, consider using OnRootMismatch - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods`, 'event-volume-permission');
  ch.progress.forEach((pr, i) => {
    if (i % 3 === 2 || i === ch.progress.length - 1) add(VOLSYNC.ns, pr.t, 'Warning', 'VolumePermissionChangeInProgress', `pod/${VOLSYNC.name}`, `Setting volume ownership for ${rel}, processed ${pr.files} files.`, pr.files === 565718 ? 'event-volume-permission-565718' : 'event-volume-permission-progress');
  });
  // kube-scheduler-talos02 crash loop (aggregated events, last seen)
  const sched = STATIC['sched-talos02'];
  const last = tl.schedCycles[tl.schedCycles.length - 1];
  add('kube-system', last.end - 9 * SEC, 'Warning', 'Unhealthy', `pod/${sched.name}`, 'Liveness probe failed: Get "https://localhost:10259/livez": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', 'event-scheduler-liveness');
  add('kube-system', last.end - 14 * SEC, 'Warning', 'Unhealthy', `pod/${sched.name}`, 'Readiness probe failed: Get "https://localhost:10259/readyz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', 'event-scheduler-readiness');
  add('kube-system', last.end - 100 * 1000, 'Normal', 'Killing', `pod/${sched.name}`, 'Container kube-scheduler failed liveness probe, will be restarted', 'event-scheduler-killing');
  add('kube-system', now - 23 * SEC, 'Warning', 'BackOff', `pod/${sched.name}`, `Back-off restarting failed container kube-scheduler in pod ${sched.name}_kube-system(${sched.uid})`, 'event-scheduler-backoff');
  add('kube-system', last.start, 'Normal', 'Pulled', `pod/${sched.name}`, `Container image "${K8S('kube-scheduler')}" already present on machine`);
  add('kube-system', last.start + 100 * 1000, 'Normal', 'Created', `pod/${sched.name}`, 'Created container: kube-scheduler');
  add('kube-system', last.start + 300 * 1000, 'Normal', 'Started', `pod/${sched.name}`, 'Started container kube-scheduler');
  // ceph osd.2 restart at 09:51
  add('rook-ceph', tl.osdRestart, 'Normal', 'Killing', `pod/${OSD2.name}`, 'Container osd failed liveness probe, will be restarted', 'event-osd-killing');
  add('rook-ceph', tl.osdNewStart - 500 * 1000, 'Normal', 'Pulled', `pod/${OSD2.name}`, 'Container image "quay.io/ceph/ceph:v19.2.3" already present on machine');
  add('rook-ceph', tl.osdNewStart - 300 * 1000, 'Normal', 'Created', `pod/${OSD2.name}`, 'Created container: osd');
  add('rook-ceph', tl.osdNewStart, 'Normal', 'Started', `pod/${OSD2.name}`, 'Started container osd');
  // pre-existing node-exporter crash loop on talos03
  add('monitoring', now - 41 * SEC, 'Warning', 'BackOff', 'pod/kube-prometheus-stack-prometheus-node-exporter-h8m4x', 'Back-off restarting failed container node-exporter in pod kube-prometheus-stack-prometheus-node-exporter-h8m4x_monitoring(' + PODS.find((p) => p.name === 'kube-prometheus-stack-prometheus-node-exporter-h8m4x').uid + ')', 'event-nodeexporter-backoff');
  // ordinary cluster chatter
  for (const [mins, ks, dur] of [[4, 'apps', '2.87s'], [14, 'apps', '3.12s'], [24, 'apps', '2.44s'], [34, 'apps', '2.97s'], [7, 'infrastructure', '1.19s'], [37, 'infrastructure', '1.42s']]) {
    add('flux-system', now - mins * MIN - rng.int(0, 50) * SEC, 'Normal', 'ReconciliationSucceeded', `kustomization/${ks}`, `Reconciliation finished in ${dur}, next run in 10m0s`);
  }
  add('home', parseIso('2026-02-22T10:17:55Z'), 'Normal', 'SuccessfulDelete', 'statefulset/esphome', 'delete Pod esphome-0 in StatefulSet esphome successful');
  add('media', parseIso('2026-02-22T10:00:03Z'), 'Normal', 'SuccessfulCreate', 'replicationsource/photoprism', 'Created job volsync-src-photoprism');
  for (const hms of ['09:45:00', '10:15:00']) {
    const t = parseIso(`2026-02-22T${hms}Z`);
    const jn = `pg-wal-check-${29529645 + (hms === '09:45:00' ? 60 : 90)}`;
    add('database', t, 'Normal', 'SuccessfulCreate', 'cronjob/pg-wal-check', `Created job ${jn}`);
    add('database', t + 9 * SEC, 'Normal', 'SawCompletedJob', 'cronjob/pg-wal-check', `Saw completed job: ${jn}, condition: Complete`);
    add('database', t + 8 * SEC, 'Normal', 'Completed', `job/${jn}`, 'Job completed');
  }
  ev.sort((a, b) => (a.ns === b.ns ? (a.obj === b.obj ? a.last - b.last : a.obj < b.obj ? -1 : 1) : a.ns < b.ns ? -1 : 1));
  const rows = [['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']];
  const tags = [];
  for (const e of ev) {
    rows.push([e.ns, humanDuration(now - e.last), e.type, e.reason, e.obj, e.msg.replace(/\n/g, '\\n')]);
    if (e.tag) tags.push({ tag: e.tag, line: rows.length });
  }
  return { text: tabwrite(rows), tags };
}

// ------------------------------------------------------------------------------------------- cilium nodes
export function ciliumNodesYaml() {
  const items = NODES.map((n) => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNode',
    metadata: {
      creationTimestamp: isoSec(n.created + 30 * SEC),
      generation: rng.int(3, 40),
      labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' },
      name: n.name,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: rng.uuid() }],
      resourceVersion: String(152030000 + rng.int(0, 9999)),
      uid: rng.uuid(),
    },
    spec: {
      addresses: [
        { ip: n.ip, type: 'InternalIP' },
        { ip: n.ciliumHostIp, type: 'CiliumInternalIP' },
      ],
      'alibaba-cloud': {},
      azure: {},
      bootid: n.bootId,
      encryption: {},
      eni: {},
      health: { ipv4: n.healthIp },
      ingress: {},
      ipam: { podCIDRs: [n.podCIDR], pools: {} },
    },
    status: { 'alibaba-cloud': {}, azure: {}, eni: {}, ipam: { 'operator-status': {} } },
  }));
  return toYaml({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

export function volumeAttachmentsYaml() {
  const items = [];
  for (const p of PODS.filter((x) => x.pvcs)) {
    for (const v of p.pvcs) {
      items.push({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: {
          annotations: { 'csi.alpha.kubernetes.io/node-id': p.node },
          creationTimestamp: isoSec(p.created + rng.int(1, 4) * SEC),
          finalizers: ['external-attacher/rook-ceph-rbd-csi-ceph-com'],
          name: v.vaName,
          resourceVersion: String(151990000 + rng.int(0, 60000)),
          uid: rng.uuid(),
        },
        spec: { attacher: 'rook-ceph.rbd.csi.ceph.com', nodeName: p.node, source: { persistentVolumeName: v.pv } },
        status: { attached: true },
      });
    }
  }
  items.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  return toYaml({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

// ------------------------------------------------------------------------------------------- command outputs
export function etcdStatusText() {
  const rows = [['NODE', 'MEMBER', 'DB SIZE', 'IN USE', 'LEADER', 'RAFT INDEX', 'RAFT TERM', 'RAFT APPLIED INDEX', 'LEARNER', 'PROTOCOL', 'STORAGE', 'ERRORS']];
  const idx = Math.floor(ETCD.raft0 + ((T.etcdStatus - T.winStart) / SEC) * ETCD.raftRate);
  const leaderId = byName[ETCD.leader].etcdId;
  NODES.forEach((n, i) => {
    const s = ETCD.status[n.name];
    const ratio = ((s.inUse / s.dbSize) * 100).toFixed(2);
    const ri = idx + i * 3;
    rows.push([n.ip, n.etcdId, humanizeBytes(s.dbSize), `${humanizeBytes(s.inUse)} (${ratio}%)`, leaderId, String(ri), String(ETCD.term), String(ri - (n.name === 'talos02' ? 2 : 0)), 'false', VERSIONS.etcd, VERSIONS.etcdStorage, '']);
  });
  return tabwrite(rows);
}

export function topNodesText() {
  const rows = [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']];
  rows.push(['talos01', '2214m', '13%', '31022Mi', '48%']);
  rows.push(['talos03', '1687m', '10%', '27410Mi', '43%']);
  rows.push(['talos02', '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return tabwrite(rows);
}
