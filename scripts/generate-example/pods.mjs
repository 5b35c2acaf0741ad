// Pod inventory of the cluster at ~10:40 UTC and builders for Pod objects.
import { Rng, isoSec, parseIso, SEC, MIN, HOUR } from './lib.mjs';
import { NODES, byName, T, VERSIONS, SCHED } from './scenario.mjs';

const rng = new Rng(0xb0d5);

export function cid() {
  return rng.hex(64);
}

const ROOK_OSD_LIVENESS = `
outp="$(ceph --admin-daemon /run/ceph/ceph-osd.2.asok status 2>&1)"
rc=$?
if [ $rc -ne 0 ] && [ ! -f /tmp/osd-sleep ]; then
\techo "ceph daemon health check failed with the following output:"
\techo "$outp" | sed -e 's/^/> /g'
\texit $rc
fi
`;
const ROOK_MON_LIVENESS = `
outp="$(ceph --admin-daemon /run/ceph/ceph-mon.c.asok mon_status 2>&1)"
rc=$?
if [ $rc -ne 0 ]; then
\techo "ceph daemon health check failed with the following output:"
\techo "$outp" | sed -e 's/^/> /g'
\texit $rc
fi
`;
export const PROBE_CMD = {
  osd2: ['env', '-i', 'sh', '-c', ROOK_OSD_LIVENESS],
  monc: ['env', '-i', 'sh', '-c', ROOK_MON_LIVENESS],
};

let ipCounters = { talos01: 20, talos02: 60, talos03: 30 };
function podIP(node) {
  const n = byName[node];
  const base = n.podCIDR.split('.').slice(0, 3).join('.');
  ipCounters[node] += rng.int(1, 7);
  return `${base}.${ipCounters[node]}`;
}

export const PODS = [];

// spec helpers ------------------------------------------------------------
function tokenVolume(name) {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

function defaultTolerations() {
  return [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
  ];
}

/**
 * opts: ns, name, node, created, owner {kind,name,uid?}, labels, containers [{name,image,ports,probes...}],
 *   state: 'running' | 'creating' | 'crashloop' | 'completed', startedAt, restarts, lastTerm,
 *   pvcs [{volName, claim, pv, handle, sizeGi}], fsGroup, sa, hostNetwork, priorityClassName, static
 */
export function addPod(o) {
  const uid = o.uid || rng.uuid();
  const tokenName = o.static || o.noToken ? null : `kube-api-access-${rng.k8sSuffix(5)}`;
  const node = byName[o.node];
  const ip = o.hostNetwork ? node.ip : o.state === 'creating' ? null : podIP(o.node);
  const containers = o.containers.map((c) => ({ ...c, id: o.state === 'creating' ? null : cid(), prevId: c.restarts ? cid() : null, imageID: c.imageID || `${c.image.split('@')[0].replace(/:[^/:]+$/, '')}@sha256:${rng.hex(64)}` }));
  if (o.owner && !o.owner.uid) o.owner = { ...o.owner, uid: rng.uuid() };
  const p = { ...o, uid, tokenName, ip, containers, nodeObj: node };
  PODS.push(p);
  return p;
}

export function podObject(p, asOf, { includeTypeMeta = true } = {}) {
  const node = p.nodeObj;
  const created = p.created;
  const labels = { ...(p.labels || {}) };
  const meta = {
    creationTimestamp: isoSec(created),
    labels,
    name: p.name,
    namespace: p.ns,
    resourceVersion: String(p.rv || 151000000 + Math.floor((created / 1e6) % 900000)),
    uid: p.uid,
  };
  if (p.generateName) meta.generateName = p.generateName;
  if (p.annotations) meta.annotations = p.annotations;
  if (p.owner) meta.ownerReferences = [{ apiVersion: p.owner.apiVersion || 'apps/v1', blockOwnerDeletion: true, controller: true, kind: p.owner.kind, name: p.owner.name, uid: p.owner.uid }];
  if (p.finalizers) meta.finalizers = p.finalizers;

  const volumes = [];
  for (const pvc of p.pvcs || []) volumes.push({ name: pvc.volName, persistentVolumeClaim: { claimName: pvc.claim } });
  for (const v of p.extraVolumes || []) volumes.push(v);
  if (p.tokenName) volumes.push(tokenVolume(p.tokenName));

  const specContainers = p.containers.map((c) => {
    const sc = {
      image: c.image,
      imagePullPolicy: c.pullPolicy || 'IfNotPresent',
      name: c.name,
      resources: c.resources || {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    };
    if (c.command) sc.command = c.command;
    if (c.args) sc.args = c.args;
    if (c.env) sc.env = c.env;
    if (c.ports) sc.ports = c.ports;
    if (c.livenessProbe) sc.livenessProbe = c.livenessProbe;
    if (c.readinessProbe) sc.readinessProbe = c.readinessProbe;
    if (c.startupProbe) sc.startupProbe = c.startupProbe;
    if (c.securityContext) sc.securityContext = c.securityContext;
    const mounts = [...(c.volumeMounts || [])];
    if (p.tokenName) mounts.push({ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: p.tokenName, readOnly: true });
    if (mounts.length) sc.volumeMounts = mounts;
    return sc;
  });

  const spec = {
    containers: specContainers,
    dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    enableServiceLinks: true,
    nodeName: node.name,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: p.priority || 0,
    restartPolicy: p.restartPolicy || 'Always',
    schedulerName: 'default-scheduler',
    securityContext: p.securityContext || {},
    serviceAccount: p.static ? undefined : p.sa || 'default',
    serviceAccountName: p.static ? undefined : p.sa || 'default',
    terminationGracePeriodSeconds: p.grace || 30,
    tolerations: p.tolerations || defaultTolerations(),
    volumes: volumes.length ? volumes : undefined,
  };
  if (p.hostNetwork) spec.hostNetwork = true;
  if (p.priorityClassName) spec.priorityClassName = p.priorityClassName;
  if (p.static) {
    delete spec.serviceAccount;
    delete spec.serviceAccountName;
    spec.enableServiceLinks = true;
  }

  // status
  const startTime = p.scheduledAt || created + 1 * SEC;
  const status = { hostIP: node.ip, hostIPs: [{ ip: node.ip }], qosClass: p.qos || 'BestEffort', startTime: isoSec(startTime) };
  const condTime = (t) => isoSec(t);
  if (p.state === 'creating') {
    status.phase = 'Pending';
    status.conditions = [
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), status: 'False', type: 'PodReadyToStartContainers' },
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), status: 'True', type: 'Initialized' },
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), message: `containers with unready status: [${p.containers.map((c) => c.name).join(' ')}]`, reason: 'ContainersNotReady', status: 'False', type: 'Ready' },
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), message: `containers with unready status: [${p.containers.map((c) => c.name).join(' ')}]`, reason: 'ContainersNotReady', status: 'False', type: 'ContainersReady' },
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), status: 'True', type: 'PodScheduled' },
    ];
    status.containerStatuses = p.containers.map((c) => ({
      image: c.image,
      imageID: '',
      lastState: {},
      name: c.name,
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      volumeMounts: containerMountsStatus(p, c),
    }));
  } else {
    const running = p.state !== 'completed';
    status.phase = p.state === 'completed' ? 'Succeeded' : 'Running';
    if (status.phase === 'Running' && p.ip) {
      status.podIP = p.ip;
      status.podIPs = [{ ip: p.ip }];
    }
    const readyAll = p.state === 'running';
    const started = p.startedAt || startTime + 8 * SEC;
    status.conditions = [
      { lastProbeTime: null, lastTransitionTime: condTime(startTime + 3 * SEC), status: running ? 'True' : 'False', type: 'PodReadyToStartContainers' },
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), status: 'True', type: 'Initialized' },
      readyAll
        ? { lastProbeTime: null, lastTransitionTime: condTime(p.readySince || started + 5 * SEC), status: 'True', type: 'Ready' }
        : { lastProbeTime: null, lastTransitionTime: condTime(p.readySince || started), message: `containers with unready status: [${p.containers.filter((c) => c.crash).map((c) => c.name).join(' ') || p.containers[0].name}]`, reason: 'ContainersNotReady', status: 'False', type: 'Ready' },
      readyAll
        ? { lastProbeTime: null, lastTransitionTime: condTime(p.readySince || started + 5 * SEC), status: 'True', type: 'ContainersReady' }
        : { lastProbeTime: null, lastTransitionTime: condTime(p.readySince || started), message: `containers with unready status: [${p.containers.filter((c) => c.crash).map((c) => c.name).join(' ') || p.containers[0].name}]`, reason: 'ContainersNotReady', status: 'False', type: 'ContainersReady' },
      { lastProbeTime: null, lastTransitionTime: condTime(startTime), status: 'True', type: 'PodScheduled' },
    ];
    status.containerStatuses = p.containers.map((c) => {
      const cs = {
        containerID: `containerd://${c.id}`,
        image: c.image.includes('@') ? c.image : c.image,
        imageID: c.imageID,
        lastState: {},
        name: c.name,
        ready: !c.crash && readyAll,
        restartCount: c.restarts || 0,
        started: !c.crash,
        state: {},
        volumeMounts: containerMountsStatus(p, c),
      };
      if (c.crash) {
        cs.state = { waiting: { message: `back-off 5m0s restarting failed container=${c.name} pod=${p.name}_${p.ns}(${p.uid})`, reason: 'CrashLoopBackOff' } };
        cs.lastState = { terminated: { containerID: `containerd://${c.id}`, exitCode: c.lastExit || 1, finishedAt: isoSec(c.lastFinished), reason: 'Error', startedAt: isoSec(c.lastStarted) } };
        cs.started = false;
      } else if (p.state === 'completed') {
        cs.state = { terminated: { containerID: `containerd://${c.id}`, exitCode: 0, finishedAt: isoSec(c.finishedAt), reason: 'Completed', startedAt: isoSec(c.startedAt || started) } };
        cs.started = false;
        cs.ready = false;
      } else {
        cs.state = { running: { startedAt: isoSec(c.startedAt || started) } };
        if (c.restarts && c.lastFinished) {
          cs.lastState = { terminated: { containerID: `containerd://${c.prevId}`, exitCode: c.lastExit ?? 137, finishedAt: isoSec(c.lastFinished), reason: c.lastReason || 'Error', startedAt: isoSec(c.lastStarted) } };
        }
      }
      if (c.allocatedResources) cs.allocatedResources = c.allocatedResources;
      return cs;
    });
  }
  if (p.qos) status.qosClass = p.qos;

  const obj = { metadata: meta, spec, status };
  if (includeTypeMeta) return { apiVersion: 'v1', kind: 'Pod', ...obj };
  return obj;
}

function containerMountsStatus(p, c) {
  const out = [];
  for (const m of c.volumeMounts || []) out.push({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) });
  if (p.tokenName) out.push({ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: p.tokenName, readOnly: true, recursiveReadOnly: 'Disabled' });
  return out.length ? out : undefined;
}

// ---------------------------------------------------------------- inventory
const day = 24 * HOUR;
const t = (s) => parseIso(s);

function httpProbe(path, port, scheme = 'HTTP', extra = {}) {
  return { failureThreshold: 3, httpGet: { path, port, scheme }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, ...extra };
}

function dsOwner(name) {
  return { kind: 'DaemonSet', name };
}
function rsOwner(name) {
  return { kind: 'ReplicaSet', name };
}

export const K8S_IMG = (c) => `registry.k8s.io/${c}:${VERSIONS.k8s}`;

// static control plane pods --------------------------------------------------
export const STATIC = {};
for (const n of NODES) {
  const isNew = n.name === 'talos02';
  const apiStart = isNew ? t('2026-02-21T03:13:02Z') : n.boot + 95 * SEC;
  STATIC[`apiserver-${n.name}`] = addPod({
    ns: 'kube-system',
    name: `kube-apiserver-${n.name}`,
    node: n.name,
    created: isNew ? t('2026-02-20T05:05:31Z') : n.boot + 70 * SEC,
    static: true,
    hostNetwork: true,
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    qos: 'Burstable',
    owner: { apiVersion: 'v1', kind: 'Node', name: n.name },
    labels: { 'app.kubernetes.io/component': 'control-plane', 'app.kubernetes.io/managed-by': 'Talos', 'app.kubernetes.io/name': 'kube-apiserver', 'app.kubernetes.io/version': VERSIONS.k8s, component: 'kube-apiserver', 'k8s-app': 'kube-apiserver', tier: 'control-plane' },
    tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    containers: [
      {
        name: 'kube-apiserver',
        image: K8S_IMG('kube-apiserver'),
        command: ['/usr/local/bin/kube-apiserver'],
        resources: { requests: { cpu: '200m', memory: '512Mi' } },
        restarts: isNew ? 2 : 0,
        startedAt: apiStart,
        lastStarted: isNew ? t('2026-02-20T21:40:19Z') : undefined,
        lastFinished: isNew ? t('2026-02-21T03:12:49Z') : undefined,
        lastExit: 137,
        lastReason: 'Error',
      },
    ],
    startedAt: apiStart,
  });
  STATIC[`cm-${n.name}`] = addPod({
    ns: 'kube-system',
    name: `kube-controller-manager-${n.name}`,
    node: n.name,
    created: isNew ? t('2026-02-20T05:05:31Z') : n.boot + 70 * SEC,
    static: true,
    hostNetwork: true,
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    qos: 'Burstable',
    owner: { apiVersion: 'v1', kind: 'Node', name: n.name },
    labels: { 'app.kubernetes.io/component': 'control-plane', 'app.kubernetes.io/managed-by': 'Talos', 'app.kubernetes.io/name': 'kube-controller-manager', 'app.kubernetes.io/version': VERSIONS.k8s, component: 'kube-controller-manager', 'k8s-app': 'kube-controller-manager', tier: 'control-plane' },
    tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    containers: [{ name: 'kube-controller-manager', image: K8S_IMG('kube-controller-manager'), command: ['/usr/local/bin/kube-controller-manager'], resources: { requests: { cpu: '50m', memory: '256Mi' } }, startedAt: n.boot + 96 * SEC }],
  });
  const schedContainer = {
    name: 'kube-scheduler',
    image: K8S_IMG('kube-scheduler'),
    command: ['/usr/local/bin/kube-scheduler'],
    resources: { requests: { cpu: '10m', memory: '64Mi' } },
    restarts: isNew ? SCHED.restarts : 1,
    startedAt: n.boot + 4 * 60 * SEC,
    lastStarted: n.boot + 92 * SEC,
    lastFinished: n.boot + 3 * 60 * SEC,
    lastExit: 1,
    livenessProbe: { failureThreshold: 3, httpGet: { host: 'localhost', path: '/livez', port: 10259, scheme: 'HTTPS' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
    readinessProbe: { failureThreshold: 3, httpGet: { host: 'localhost', path: '/readyz', port: 10259, scheme: 'HTTPS' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
    startupProbe: { failureThreshold: 3, httpGet: { host: 'localhost', path: '/livez', port: 10259, scheme: 'HTTPS' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
  };
  if (isNew) {
    Object.assign(schedContainer, { crash: true, lastStarted: t('2026-02-22T10:32:18Z'), lastFinished: t('2026-02-22T10:33:29Z'), lastExit: 1 });
  }
  STATIC[`sched-${n.name}`] = addPod({
    ns: 'kube-system',
    name: `kube-scheduler-${n.name}`,
    node: n.name,
    created: isNew ? t('2026-02-20T05:05:31Z') : n.boot + 70 * SEC,
    static: true,
    hostNetwork: true,
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    qos: 'Burstable',
    state: isNew ? 'crashloop' : 'running',
    readySince: isNew ? t('2026-02-22T10:33:29Z') : undefined,
    owner: { apiVersion: 'v1', kind: 'Node', name: n.name },
    securityContext: { runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
    labels: { 'app.kubernetes.io/component': 'control-plane', 'app.kubernetes.io/managed-by': 'Talos', 'app.kubernetes.io/name': 'kube-scheduler', 'app.kubernetes.io/version': VERSIONS.k8s, component: 'kube-scheduler', 'k8s-app': 'kube-scheduler', tier: 'control-plane' },
    tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    containers: [schedContainer],
  });
}
for (const k of Object.keys(STATIC)) {
  const p = STATIC[k];
  p.state = p.state || 'running';
  p.annotations = { 'kubernetes.io/config.hash': rng.hex(32), 'kubernetes.io/config.mirror': rng.hex(32), 'kubernetes.io/config.seen': isoSec(p.created).replace('Z', '.000000000Z'), 'kubernetes.io/config.source': 'file', 'talos.dev/config-version': '2', 'talos.dev/secrets-version': '1' };
}

// cilium & friends ------------------------------------------------------------
export const CILIUM = {};
const ciliumNames = { talos01: 'cilium-8xk2p', talos02: 'cilium-tq9wn', talos03: 'cilium-v5lhd' };
const envoyNames = { talos01: 'cilium-envoy-2m7fz', talos02: 'cilium-envoy-k48rb', talos03: 'cilium-envoy-xw6ns' };
for (const n of NODES) {
  const isNew = n.name === 'talos02';
  const start = isNew ? n.boot + 58 * SEC : n.boot + 41 * SEC;
  CILIUM[n.name] = addPod({
    ns: 'kube-system',
    name: ciliumNames[n.name],
    generateName: 'cilium-',
    node: n.name,
    created: isNew ? t('2026-02-20T05:04:41Z') : t('2026-02-14T08:58:12Z'),
    owner: dsOwner('cilium'),
    hostNetwork: true,
    sa: 'cilium',
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    qos: 'Burstable',
    state: 'running',
    labels: { 'app.kubernetes.io/name': 'cilium-agent', 'app.kubernetes.io/part-of': 'cilium', 'controller-revision-hash': '7c9f6d8b5c', 'k8s-app': 'cilium', 'pod-template-generation': '14' },
    containers: [
      {
        name: 'cilium-agent',
        image: `quay.io/cilium/cilium:${VERSIONS.cilium}@sha256:${'3d1f0c6e8a4b'.padEnd(64, '7')}`,
        command: ['cilium-agent'],
        args: ['--config-dir=/tmp/cilium/config-map'],
        resources: { requests: { cpu: '100m', memory: '10Mi' } },
        livenessProbe: { failureThreshold: 10, httpGet: { host: '127.0.0.1', httpHeaders: [{ name: 'brief', value: 'true' }], path: '/healthz', port: 9879, scheme: 'HTTP' }, periodSeconds: 30, successThreshold: 1, timeoutSeconds: 5 },
        readinessProbe: { failureThreshold: 3, httpGet: { host: '127.0.0.1', httpHeaders: [{ name: 'brief', value: 'true' }], path: '/healthz', port: 9879, scheme: 'HTTP' }, periodSeconds: 30, successThreshold: 1, timeoutSeconds: 5 },
        startedAt: start,
      },
    ],
    startedAt: start,
    initContainers: ['config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries'],
  });
  addPod({
    ns: 'kube-system',
    name: envoyNames[n.name],
    generateName: 'cilium-envoy-',
    node: n.name,
    created: isNew ? t('2026-02-20T05:04:41Z') : t('2026-02-14T08:58:12Z'),
    owner: dsOwner('cilium-envoy'),
    hostNetwork: true,
    sa: 'cilium-envoy',
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    state: 'running',
    labels: { 'app.kubernetes.io/name': 'cilium-envoy', 'app.kubernetes.io/part-of': 'cilium', 'controller-revision-hash': '5b7d9c4f86', 'k8s-app': 'cilium-envoy', name: 'cilium-envoy', 'pod-template-generation': '9' },
    containers: [{ name: 'cilium-envoy', image: `quay.io/cilium/cilium-envoy:v1.35.9-1767701587-ee6d1dc7b4b8f6fbd1b4fa1e1a3b4d6b7e6c1f02@sha256:${'9a4c'.padEnd(64, 'e')}`, command: ['/usr/bin/cilium-envoy-starter'], startedAt: isNew ? n.boot + 61 * SEC : n.boot + 44 * SEC }],
  });
}
addPod({
  ns: 'kube-system', name: 'cilium-operator-6d8f9b7c54-9nq2h', generateName: 'cilium-operator-6d8f9b7c54-', node: 'talos03', created: t('2026-02-14T09:27:05Z'), owner: rsOwner('cilium-operator-6d8f9b7c54'), hostNetwork: true, sa: 'cilium-operator', priority: 2000000000, priorityClassName: 'system-cluster-critical', state: 'running',
  labels: { 'app.kubernetes.io/name': 'cilium-operator', 'app.kubernetes.io/part-of': 'cilium', 'io.cilium/app': 'operator', name: 'cilium-operator', 'pod-template-hash': '6d8f9b7c54' },
  containers: [{ name: 'cilium-operator', image: `quay.io/cilium/operator-generic:${VERSIONS.cilium}@sha256:${'5e2a'.padEnd(64, 'c')}`, command: ['cilium-operator-generic'] }],
});
export const COREDNS = [
  addPod({ ns: 'kube-system', name: 'coredns-7d9c6b8f47-4hx9m', generateName: 'coredns-7d9c6b8f47-', node: 'talos01', created: t('2026-02-14T09:13:40Z'), owner: rsOwner('coredns-7d9c6b8f47'), sa: 'coredns', priority: 2000000000, priorityClassName: 'system-cluster-critical', state: 'running', qos: 'Burstable', labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '7d9c6b8f47' }, containers: [{ name: 'coredns', image: `registry.k8s.io/coredns/coredns:v${VERSIONS.coredns}`, args: ['-conf', '/etc/coredns/Corefile'], resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } } }] }),
  addPod({ ns: 'kube-system', name: 'coredns-7d9c6b8f47-wl5tz', generateName: 'coredns-7d9c6b8f47-', node: 'talos03', created: t('2026-02-14T09:26:55Z'), owner: rsOwner('coredns-7d9c6b8f47'), sa: 'coredns', priority: 2000000000, priorityClassName: 'system-cluster-critical', state: 'running', qos: 'Burstable', labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '7d9c6b8f47' }, containers: [{ name: 'coredns', image: `registry.k8s.io/coredns/coredns:v${VERSIONS.coredns}`, args: ['-conf', '/etc/coredns/Corefile'], resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } } }] }),
];
export const METRICS_SERVER = addPod({
  ns: 'kube-system', name: 'metrics-server-5f7c8d9b6-rx8tq', generateName: 'metrics-server-5f7c8d9b6-', node: 'talos01', created: t('2026-02-14T09:14:22Z'), owner: rsOwner('metrics-server-5f7c8d9b6'), sa: 'metrics-server', priority: 2000000000, priorityClassName: 'system-cluster-critical', state: 'running', qos: 'Burstable',
  labels: { 'app.kubernetes.io/instance': 'metrics-server', 'app.kubernetes.io/name': 'metrics-server', 'pod-template-hash': '5f7c8d9b6' },
  containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.8.0', args: ['--secure-port=10250', '--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'], resources: { requests: { cpu: '100m', memory: '200Mi' } } }],
});

// rook-ceph ------------------------------------------------------------------
function rookPod(name, node, created, containerName, image, extra = {}) {
  return addPod({ ns: 'rook-ceph', name, node, created, owner: rsOwner(name.replace(/-[a-z0-9]{5}$/, '')), sa: extra.sa || 'rook-ceph-default', state: 'running', qos: extra.qos || 'Burstable', labels: extra.labels || { app: containerName }, containers: [{ name: containerName, image, ...(extra.c || {}) }], ...extra.pod });
}
const CEPH_IMG = 'quay.io/ceph/ceph:v19.2.3';
export const OSD2 = addPod({
  ns: 'rook-ceph', name: 'rook-ceph-osd-2-7b9f6c8d4-p2mjx', generateName: 'rook-ceph-osd-2-7b9f6c8d4-', node: 'talos02', created: t('2026-02-20T05:31:12Z'), owner: rsOwner('rook-ceph-osd-2-7b9f6c8d4'), sa: 'rook-ceph-osd', state: 'running', qos: 'Burstable', priorityClassName: 'system-node-critical', priority: 2000001000, hostNetwork: false,
  labels: { app: 'rook-ceph-osd', 'app.kubernetes.io/component': 'cephclusters.ceph.rook.io', 'app.kubernetes.io/instance': '2', 'app.kubernetes.io/managed-by': 'rook-ceph-operator', 'app.kubernetes.io/name': 'ceph-osd', 'app.kubernetes.io/part-of': 'rook-ceph', 'ceph-osd-id': '2', ceph_daemon_id: '2', ceph_daemon_type: 'osd', failure_domain: 'talos02', osd: '2', 'pod-template-hash': '7b9f6c8d4', portable: 'false', rook_cluster: 'rook-ceph', 'topology-location-host': 'talos02', 'topology-location-root': 'default' },
  containers: [{ name: 'osd', image: CEPH_IMG, command: ['ceph-osd'], restarts: 2, lastStarted: t('2026-02-21T16:02:51Z'), lastFinished: t('2026-02-22T09:51:37Z'), lastExit: 0, lastReason: 'Completed', startedAt: t('2026-02-22T09:51:40Z'), resources: { limits: { memory: '4Gi' }, requests: { cpu: '500m', memory: '4Gi' } },
    livenessProbe: { exec: { command: PROBE_CMD.osd2 }, failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 },
    startupProbe: { exec: { command: PROBE_CMD.osd2 }, failureThreshold: 720, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 } }],
});
export const MONC = addPod({
  ns: 'rook-ceph', name: 'rook-ceph-mon-c-5c8f7d9b6-fk7s4', generateName: 'rook-ceph-mon-c-5c8f7d9b6-', node: 'talos02', created: t('2026-02-20T05:26:47Z'), owner: rsOwner('rook-ceph-mon-c-5c8f7d9b6'), sa: 'rook-ceph-default', state: 'running', qos: 'Burstable', priorityClassName: 'system-node-critical', priority: 2000001000,
  labels: { app: 'rook-ceph-mon', 'app.kubernetes.io/component': 'cephclusters.ceph.rook.io', 'app.kubernetes.io/instance': 'c', 'app.kubernetes.io/managed-by': 'rook-ceph-operator', 'app.kubernetes.io/name': 'ceph-mon', 'app.kubernetes.io/part-of': 'rook-ceph', ceph_daemon_id: 'c', ceph_daemon_type: 'mon', mon: 'c', mon_cluster: 'rook-ceph', 'pod-template-hash': '5c8f7d9b6', rook_cluster: 'rook-ceph' },
  containers: [{ name: 'mon', image: CEPH_IMG, command: ['ceph-mon'], resources: { limits: { memory: '2Gi' }, requests: { cpu: '250m', memory: '1Gi' } },
    livenessProbe: { exec: { command: PROBE_CMD.monc }, failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 },
    startupProbe: { exec: { command: PROBE_CMD.monc }, failureThreshold: 6, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 } }],
});
rookPod('rook-ceph-osd-0-6f8c9d7b5-x4rtn', 'talos01', t('2025-12-03T11:02:17Z'), 'osd', CEPH_IMG, { labels: { app: 'rook-ceph-osd', 'ceph-osd-id': '0', osd: '0', rook_cluster: 'rook-ceph' } });
rookPod('rook-ceph-osd-1-84c7b9f6d-2wq8z', 'talos03', t('2025-12-03T11:03:40Z'), 'osd', CEPH_IMG, { labels: { app: 'rook-ceph-osd', 'ceph-osd-id': '1', osd: '1', rook_cluster: 'rook-ceph' } });
rookPod('rook-ceph-mon-a-6c9d8f7b4-lq2vd', 'talos01', t('2025-12-03T10:58:02Z'), 'mon', CEPH_IMG, { labels: { app: 'rook-ceph-mon', mon: 'a', rook_cluster: 'rook-ceph' } });
rookPod('rook-ceph-mon-b-7d8b9c6f5-gh5kw', 'talos03', t('2025-12-03T10:59:31Z'), 'mon', CEPH_IMG, { labels: { app: 'rook-ceph-mon', mon: 'b', rook_cluster: 'rook-ceph' } });
rookPod('rook-ceph-mgr-a-5d7f8c9b6-jn4xp', 'talos01', t('2026-02-14T09:20:33Z'), 'mgr', CEPH_IMG, { labels: { app: 'rook-ceph-mgr', mgr: 'a', rook_cluster: 'rook-ceph' } });
rookPod('rook-ceph-mgr-b-6b9c7d8f5-c8zmr', 'talos03', t('2026-02-14T09:33:09Z'), 'mgr', CEPH_IMG, { labels: { app: 'rook-ceph-mgr', mgr: 'b', rook_cluster: 'rook-ceph' } });
rookPod('rook-ceph-operator-7c6d9f8b5-m2xkl', 'talos01', t('2026-02-14T09:18:50Z'), 'rook-ceph-operator', 'docker.io/rook/ceph:v1.18.8', { sa: 'rook-ceph-system', labels: { app: 'rook-ceph-operator', 'pod-template-hash': '7c6d9f8b5' } });
export const CEPH_EXPORTER = {};
for (const n of NODES) {
  CEPH_EXPORTER[n.name] = rookPod(`rook-ceph-exporter-${n.name}-${rng.k8sSuffix(9)}-${rng.k8sSuffix(5)}`, n.name, n.name === 'talos02' ? t('2026-02-20T05:31:40Z') : t('2026-02-14T09:30:02Z'), 'ceph-exporter', CEPH_IMG, { labels: { app: 'rook-ceph-exporter', 'kubernetes.io/hostname': n.name, node_name: n.name, rook_cluster: 'rook-ceph' } });
  rookPod(`rook-ceph-crashcollector-${n.name}-${rng.k8sSuffix(9)}-${rng.k8sSuffix(5)}`, n.name, n.name === 'talos02' ? t('2026-02-20T05:31:38Z') : t('2026-02-14T09:29:58Z'), 'ceph-crash', CEPH_IMG, { labels: { app: 'rook-ceph-crashcollector', ceph_daemon_type: 'crashcollector', node_name: n.name, rook_cluster: 'rook-ceph' } });
  addPod({ ns: 'rook-ceph', name: `csi-rbdplugin-${rng.k8sSuffix(5)}`, generateName: 'csi-rbdplugin-', node: n.name, created: n.name === 'talos02' ? t('2026-02-20T05:05:02Z') : t('2026-02-14T09:19:41Z'), owner: dsOwner('csi-rbdplugin'), hostNetwork: true, sa: 'rook-csi-rbd-plugin-sa', state: 'running', priority: 2000001000, priorityClassName: 'system-node-critical', labels: { app: 'csi-rbdplugin', contains: 'csi-rbdplugin-metrics', 'controller-revision-hash': '6f7b8c9d4d', 'pod-template-generation': '6' }, containers: [{ name: 'driver-registrar', image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0' }, { name: 'csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:v3.15.0' }] });
}
addPod({ ns: 'rook-ceph', name: 'csi-rbdplugin-provisioner-5b8c9d7f6-t7kqw', generateName: 'csi-rbdplugin-provisioner-5b8c9d7f6-', node: 'talos01', created: t('2026-02-14T09:19:44Z'), owner: rsOwner('csi-rbdplugin-provisioner-5b8c9d7f6'), sa: 'rook-csi-rbd-provisioner-sa', state: 'running', labels: { app: 'csi-rbdplugin-provisioner', contains: 'csi-rbdplugin-metrics', 'pod-template-hash': '5b8c9d7f6' }, containers: [{ name: 'csi-provisioner', image: 'registry.k8s.io/sig-storage/csi-provisioner:v5.2.0' }, { name: 'csi-attacher', image: 'registry.k8s.io/sig-storage/csi-attacher:v4.8.1' }, { name: 'csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:v3.15.0' }] });
addPod({ ns: 'rook-ceph', name: 'csi-rbdplugin-provisioner-5b8c9d7f6-8hvzn', generateName: 'csi-rbdplugin-provisioner-5b8c9d7f6-', node: 'talos03', created: t('2026-02-14T09:32:20Z'), owner: rsOwner('csi-rbdplugin-provisioner-5b8c9d7f6'), sa: 'rook-csi-rbd-provisioner-sa', state: 'running', labels: { app: 'csi-rbdplugin-provisioner', contains: 'csi-rbdplugin-metrics', 'pod-template-hash': '5b8c9d7f6' }, containers: [{ name: 'csi-provisioner', image: 'registry.k8s.io/sig-storage/csi-provisioner:v5.2.0' }, { name: 'csi-attacher', image: 'registry.k8s.io/sig-storage/csi-attacher:v4.8.1' }, { name: 'csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:v3.15.0' }] });

// monitoring -------------------------------------------------------------------
export const PROMETHEUS = addPod({
  ns: 'monitoring', name: 'prometheus-kube-prometheus-stack-prometheus-0', node: 'talos02', created: t('2026-02-21T12:20:44Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prometheus-kube-prometheus-stack-prometheus' }, sa: 'kube-prometheus-stack-prometheus', state: 'running', qos: 'Burstable', securityContext: { fsGroup: 2000, runAsGroup: 2000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  labels: { app: 'prometheus', 'app.kubernetes.io/instance': 'kube-prometheus-stack-prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/version': '3.9.1', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'prometheus-kube-prometheus-stack-prometheus-6b9d8c7f54', operator: 'prometheus', prometheus: 'kube-prometheus-stack-prometheus', 'statefulset.kubernetes.io/pod-name': 'prometheus-kube-prometheus-stack-prometheus-0' },
  pvcs: [{ volName: 'prometheus-kube-prometheus-stack-prometheus-db', claim: 'prometheus-kube-prometheus-stack-prometheus-db-prometheus-kube-prometheus-stack-prometheus-0', pv: `pvc-${rng.uuid()}`, sizeGi: 50 }],
  containers: [
    { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v3.9.1', resources: { limits: { memory: '3Gi' }, requests: { cpu: '250m', memory: '1500Mi' } }, volumeMounts: [{ mountPath: '/prometheus', name: 'prometheus-kube-prometheus-stack-prometheus-db', subPath: 'prometheus-db' }] },
    { name: 'config-reloader', image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.88.0' },
  ],
});
export const NODE_EXPORTER = {};
const neNames = { talos01: 'kube-prometheus-stack-prometheus-node-exporter-5wq7r', talos02: 'kube-prometheus-stack-prometheus-node-exporter-jc2dk', talos03: 'kube-prometheus-stack-prometheus-node-exporter-h8m4x' };
for (const n of NODES) {
  const broken = n.name === 'talos03';
  NODE_EXPORTER[n.name] = addPod({
    ns: 'monitoring', name: neNames[n.name], generateName: 'kube-prometheus-stack-prometheus-node-exporter-', node: n.name, created: n.name === 'talos02' ? t('2026-02-20T05:04:41Z') : t('2026-01-18T14:07:33Z'), owner: dsOwner('kube-prometheus-stack-prometheus-node-exporter'), hostNetwork: true, sa: 'kube-prometheus-stack-prometheus-node-exporter', state: broken ? 'crashloop' : 'running', qos: 'BestEffort',
    readySince: broken ? t('2026-02-22T10:36:52Z') : undefined,
    labels: { 'app.kubernetes.io/component': 'metrics', 'app.kubernetes.io/instance': 'kube-prometheus-stack', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/part-of': 'prometheus-node-exporter', 'app.kubernetes.io/version': '1.10.2', 'controller-revision-hash': '69d7c8b5f4', 'helm.sh/chart': 'prometheus-node-exporter-4.49.1', jobLabel: 'node-exporter', 'pod-template-generation': '3', release: 'kube-prometheus-stack' },
    containers: [{ name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.10.2', args: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root', '--path.udev.data=/host/root/run/udev/data', '--web.listen-address=[$(HOST_IP)]:9100', '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)', '--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$'],
      ...(broken ? { crash: true, restarts: 9412, lastStarted: t('2026-02-22T10:36:51Z'), lastFinished: t('2026-02-22T10:36:52Z'), lastExit: 1 } : {}) }],
  });
}
addPod({ ns: 'monitoring', name: 'kube-prometheus-stack-kube-state-metrics-7b8c6d9f5-nx2wq', generateName: 'kube-prometheus-stack-kube-state-metrics-7b8c6d9f5-', node: 'talos03', created: t('2026-02-14T09:35:18Z'), owner: rsOwner('kube-prometheus-stack-kube-state-metrics-7b8c6d9f5'), sa: 'kube-prometheus-stack-kube-state-metrics', state: 'running', labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'pod-template-hash': '7b8c6d9f5' }, containers: [{ name: 'kube-state-metrics', image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.17.0' }] });
addPod({ ns: 'monitoring', name: 'alertmanager-kube-prometheus-stack-alertmanager-0', node: 'talos01', created: t('2026-02-14T09:36:02Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'alertmanager-kube-prometheus-stack-alertmanager' }, sa: 'kube-prometheus-stack-alertmanager', state: 'running', labels: { 'app.kubernetes.io/name': 'alertmanager', alertmanager: 'kube-prometheus-stack-alertmanager' }, containers: [{ name: 'alertmanager', image: 'quay.io/prometheus/alertmanager:v0.30.1' }, { name: 'config-reloader', image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.88.0' }] });
addPod({ ns: 'monitoring', name: 'grafana-7c9d8b6f54-8kq2w', generateName: 'grafana-7c9d8b6f54-', node: 'talos03', created: t('2026-02-14T09:35:50Z'), owner: rsOwner('grafana-7c9d8b6f54'), sa: 'grafana', state: 'running', labels: { 'app.kubernetes.io/instance': 'grafana', 'app.kubernetes.io/name': 'grafana', 'pod-template-hash': '7c9d8b6f54' }, containers: [{ name: 'grafana', image: 'docker.io/grafana/grafana:12.3.1' }] });
addPod({ ns: 'monitoring', name: 'loki-0', node: 'talos03', created: t('2026-02-14T09:36:40Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'loki' }, sa: 'loki', state: 'running', labels: { 'app.kubernetes.io/name': 'loki', 'statefulset.kubernetes.io/pod-name': 'loki-0' }, containers: [{ name: 'loki', image: 'docker.io/grafana/loki:3.6.3' }] });
export const PROMTAIL = {};
for (const n of NODES) {
  PROMTAIL[n.name] = addPod({ ns: 'monitoring', name: `promtail-${rng.k8sSuffix(5)}`, generateName: 'promtail-', node: n.name, created: n.name === 'talos02' ? t('2026-02-20T05:04:41Z') : t('2026-01-18T14:07:40Z'), owner: dsOwner('promtail'), sa: 'promtail', state: 'running', labels: { 'app.kubernetes.io/instance': 'promtail', 'app.kubernetes.io/name': 'promtail', 'controller-revision-hash': '7f9b6c8d5c', 'pod-template-generation': '2' }, containers: [{ name: 'promtail', image: 'docker.io/grafana/promtail:3.5.1', startedAt: n.name === 'talos02' ? t('2026-02-21T11:47:20Z') : undefined, restarts: n.name === 'talos02' ? 1 : 0, lastStarted: t('2026-02-20T05:07:02Z'), lastFinished: t('2026-02-21T11:47:15Z'), lastExit: 137, lastReason: 'OOMKilled' }] });
}

// home / media workloads ---------------------------------------------------------
export const FRIGATE = addPod({ ns: 'home', name: 'frigate-6f9c8d7b54-wq4zj', generateName: 'frigate-6f9c8d7b54-', node: 'talos02', created: t('2026-02-21T11:02:05Z'), owner: rsOwner('frigate-6f9c8d7b54'), sa: 'default', state: 'running', qos: 'Burstable', labels: { 'app.kubernetes.io/instance': 'frigate', 'app.kubernetes.io/name': 'frigate', 'pod-template-hash': '6f9c8d7b54' },
  pvcs: [{ volName: 'config', claim: 'frigate-config', pv: `pvc-${rng.uuid()}`, sizeGi: 5 }, { volName: 'media', claim: 'frigate-media', pv: `pvc-${rng.uuid()}`, sizeGi: 500 }],
  containers: [{ name: 'frigate', image: 'ghcr.io/blakeblackshear/frigate:0.16.3', resources: { limits: { memory: '4Gi' }, requests: { cpu: '1', memory: '1Gi' } }, volumeMounts: [{ mountPath: '/config', name: 'config' }, { mountPath: '/media/frigate', name: 'media' }] }] });
addPod({ ns: 'home', name: 'home-assistant-0', node: 'talos01', created: t('2026-02-14T09:40:12Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'home-assistant' }, state: 'running', labels: { 'app.kubernetes.io/name': 'home-assistant' }, containers: [{ name: 'home-assistant', image: 'ghcr.io/home-assistant/home-assistant:2026.2.2' }] });
addPod({ ns: 'home', name: 'mosquitto-0', node: 'talos03', created: t('2026-02-14T09:40:31Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'mosquitto' }, state: 'running', labels: { 'app.kubernetes.io/name': 'mosquitto' }, containers: [{ name: 'mosquitto', image: 'docker.io/library/eclipse-mosquitto:2.0.22' }] });
addPod({ ns: 'media', name: 'photoprism-0', node: 'talos01', created: t('2026-02-14T09:41:07Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'photoprism' }, state: 'running', securityContext: { fsGroup: 1000, runAsGroup: 1000, runAsUser: 1000 }, labels: { 'app.kubernetes.io/name': 'photoprism' }, containers: [{ name: 'photoprism', image: 'docker.io/photoprism/photoprism:250707' }] });
addPod({ ns: 'media', name: 'jellyfin-5c7d9f8b6-zr2tn', generateName: 'jellyfin-5c7d9f8b6-', node: 'talos03', created: t('2026-02-14T09:41:40Z'), owner: rsOwner('jellyfin-5c7d9f8b6'), state: 'running', labels: { 'app.kubernetes.io/name': 'jellyfin', 'pod-template-hash': '5c7d9f8b6' }, containers: [{ name: 'jellyfin', image: 'docker.io/jellyfin/jellyfin:10.11.5' }] });
addPod({ ns: 'volsync-system', name: 'volsync-6b8d7c9f5-2xkvn', generateName: 'volsync-6b8d7c9f5-', node: 'talos03', created: t('2026-02-14T09:38:15Z'), owner: rsOwner('volsync-6b8d7c9f5'), sa: 'volsync', state: 'running', labels: { 'app.kubernetes.io/name': 'volsync', 'pod-template-hash': '6b8d7c9f5' }, containers: [{ name: 'manager', image: 'quay.io/backube/volsync:0.14.0' }] });
addPod({ ns: 'flux-system', name: 'kustomize-controller-7f8c9b6d54-k9wzq', generateName: 'kustomize-controller-7f8c9b6d54-', node: 'talos01', created: t('2026-02-14T09:16:40Z'), owner: rsOwner('kustomize-controller-7f8c9b6d54'), sa: 'kustomize-controller', state: 'running', labels: { app: 'kustomize-controller', 'pod-template-hash': '7f8c9b6d54' }, containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/kustomize-controller:v1.7.3' }] });
addPod({ ns: 'flux-system', name: 'source-controller-6d9b8c7f45-pl2xs', generateName: 'source-controller-6d9b8c7f45-', node: 'talos03', created: t('2026-02-14T09:29:02Z'), owner: rsOwner('source-controller-6d9b8c7f45'), sa: 'source-controller', state: 'running', labels: { app: 'source-controller', 'pod-template-hash': '6d9b8c7f45' }, containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/source-controller:v1.7.4' }] });
addPod({ ns: 'flux-system', name: 'helm-controller-5c8d9f7b64-fj6tx', generateName: 'helm-controller-5c8d9f7b64-', node: 'talos01', created: t('2026-02-14T09:16:41Z'), owner: rsOwner('helm-controller-5c8d9f7b64'), sa: 'helm-controller', state: 'running', labels: { app: 'helm-controller', 'pod-template-hash': '5c8d9f7b64' }, containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/helm-controller:v1.4.5' }] });
addPod({ ns: 'cert-manager', name: 'cert-manager-6c8b9d7f5-4lqvd', generateName: 'cert-manager-6c8b9d7f5-', node: 'talos03', created: t('2026-02-14T09:30:40Z'), owner: rsOwner('cert-manager-6c8b9d7f5'), sa: 'cert-manager', state: 'running', labels: { app: 'cert-manager', 'pod-template-hash': '6c8b9d7f5' }, containers: [{ name: 'cert-manager-controller', image: 'quay.io/jetstack/cert-manager-controller:v1.19.2' }] });
addPod({ ns: 'database', name: 'postgres-1', node: 'talos01', created: t('2026-02-14T09:44:02Z'), owner: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', name: 'postgres' }, sa: 'postgres', state: 'running', labels: { 'cnpg.io/cluster': 'postgres', 'cnpg.io/instanceName': 'postgres-1', 'cnpg.io/instanceRole': 'primary', role: 'primary' }, containers: [{ name: 'postgres', image: 'ghcr.io/cloudnative-pg/postgresql:17.7-standard-trixie' }] });
addPod({ ns: 'database', name: 'postgres-2', node: 'talos03', created: t('2026-02-14T09:46:55Z'), owner: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', name: 'postgres' }, sa: 'postgres', state: 'running', labels: { 'cnpg.io/cluster': 'postgres', 'cnpg.io/instanceName': 'postgres-2', 'cnpg.io/instanceRole': 'replica', role: 'replica' }, containers: [{ name: 'postgres', image: 'ghcr.io/cloudnative-pg/postgresql:17.7-standard-trixie' }] });

// the 09:30 backup job on talos02 that did start (after one failed token fetch)
export const PG_BACKUP = addPod({ ns: 'database', name: 'pg-dump-29529690-h2kxw', generateName: 'pg-dump-29529690-', node: 'talos02', created: t('2026-02-22T09:30:00Z'), owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'pg-dump-29529690' }, restartPolicy: 'OnFailure', state: 'completed', labels: { 'batch.kubernetes.io/controller-uid': rng.uuid(), 'batch.kubernetes.io/job-name': 'pg-dump-29529690', 'controller-uid': rng.uuid(), 'job-name': 'pg-dump-29529690' },
  containers: [{ name: 'pg-dump', image: 'ghcr.io/cloudnative-pg/postgresql:17.7-standard-trixie', command: ['/bin/sh', '-c', 'pg_dumpall -h postgres-rw.database.svc -U postgres | gzip > /backup/pg-$(date +%F-%H%M).sql.gz'], startedAt: t('2026-02-22T09:31:19Z'), finishedAt: t('2026-02-22T09:33:02Z') }] });

// ---------------------------------------------------------------- stuck pods (ContainerCreating on talos02)
export const STUCK = [];
function stuck(o) {
  const p = addPod({ ...o, node: 'talos02', state: 'creating' });
  STUCK.push(p);
  return p;
}
export const PHOTOPRISM_PV = `pvc-${rng.uuid()}`;
export const VOLSYNC = stuck({
  ns: 'media', name: 'volsync-src-photoprism-gsvtg', generateName: 'volsync-src-photoprism-', created: t('2026-02-22T10:00:04Z'), owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'volsync-src-photoprism' }, sa: 'volsync-src-photoprism', restartPolicy: 'OnFailure', qos: 'BestEffort',
  labels: { 'app.kubernetes.io/created-by': 'volsync', 'batch.kubernetes.io/controller-uid': rng.uuid(), 'batch.kubernetes.io/job-name': 'volsync-src-photoprism', 'controller-uid': rng.uuid(), 'job-name': 'volsync-src-photoprism' },
  annotations: { 'volsync.backube/privileged-movers': 'false' },
  securityContext: { fsGroup: 1000, runAsGroup: 1000, runAsUser: 1000 },
  pvcs: [
    { volName: 'data', claim: 'volsync-photoprism-src', pv: PHOTOPRISM_PV, sizeGi: 400, big: true },
    { volName: 'cache', claim: 'volsync-src-photoprism-cache', pv: `pvc-${rng.uuid()}`, sizeGi: 8 },
  ],
  extraVolumes: [{ name: 'restic-secret', secret: { defaultMode: 384, secretName: 'volsync-photoprism' } }, { emptyDir: {}, name: 'tempdir' }],
  containers: [{ name: 'restic', image: 'quay.io/backube/volsync:0.14.0', command: ['/mover-restic/entry.sh'], args: ['backup'], env: [{ name: 'FORGET_OPTIONS', value: '--keep-daily 7 --keep-weekly 4' }, { name: 'DATA_DIR', value: '/data' }, { name: 'RESTIC_CACHE_DIR', value: '/cache' }], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true }, volumeMounts: [{ mountPath: '/cache', name: 'cache' }, { mountPath: '/data', name: 'data' }, { mountPath: '/mnt/restic-secret', name: 'restic-secret' }, { mountPath: '/tmp', name: 'tempdir' }] }],
});
stuck({ ns: 'media', name: 'jellyseerr-6c9d7b8f5d-k2x7q', generateName: 'jellyseerr-6c9d7b8f5d-', created: t('2026-02-22T10:00:41Z'), owner: rsOwner('jellyseerr-6c9d7b8f5d'), labels: { 'app.kubernetes.io/instance': 'jellyseerr', 'app.kubernetes.io/name': 'jellyseerr', 'pod-template-hash': '6c9d7b8f5d' }, pvcs: [{ volName: 'config', claim: 'jellyseerr-config', pv: `pvc-${rng.uuid()}`, sizeGi: 2 }], containers: [{ name: 'app', image: 'ghcr.io/fallenbagel/jellyseerr:2.7.3', ports: [{ containerPort: 5055, name: 'http', protocol: 'TCP' }], volumeMounts: [{ mountPath: '/app/config', name: 'config' }] }] });
stuck({ ns: 'downloads', name: 'qbittorrent-7f6b9c5d48-wz8rn', generateName: 'qbittorrent-7f6b9c5d48-', created: t('2026-02-22T10:01:12Z'), owner: rsOwner('qbittorrent-7f6b9c5d48'), labels: { 'app.kubernetes.io/instance': 'qbittorrent', 'app.kubernetes.io/name': 'qbittorrent', 'pod-template-hash': '7f6b9c5d48' }, pvcs: [{ volName: 'config', claim: 'qbittorrent-config', pv: `pvc-${rng.uuid()}`, sizeGi: 1 }], containers: [{ name: 'app', image: 'ghcr.io/home-operations/qbittorrent:5.1.4', ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }], volumeMounts: [{ mountPath: '/config', name: 'config' }] }] });
stuck({ ns: 'default', name: 'homepage-5d8f7c6b9-tq4jx', generateName: 'homepage-5d8f7c6b9-', created: t('2026-02-22T10:02:30Z'), owner: rsOwner('homepage-5d8f7c6b9'), sa: 'homepage', labels: { 'app.kubernetes.io/instance': 'homepage', 'app.kubernetes.io/name': 'homepage', 'pod-template-hash': '5d8f7c6b9' }, containers: [{ name: 'homepage', image: 'ghcr.io/gethomepage/homepage:v1.8.0', ports: [{ containerPort: 3000, name: 'http', protocol: 'TCP' }] }] });
stuck({ ns: 'monitoring', name: 'grafana-7c9d8b6f54-h5mlv', generateName: 'grafana-7c9d8b6f54-', created: t('2026-02-22T10:04:02Z'), owner: rsOwner('grafana-7c9d8b6f54'), sa: 'grafana', labels: { 'app.kubernetes.io/instance': 'grafana', 'app.kubernetes.io/name': 'grafana', 'pod-template-hash': '7c9d8b6f54' }, containers: [{ name: 'grafana', image: 'docker.io/grafana/grafana:12.3.1', ports: [{ containerPort: 3000, name: 'grafana', protocol: 'TCP' }] }] });
stuck({ ns: 'home', name: 'esphome-0', created: t('2026-02-22T10:17:55Z'), owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'esphome' }, labels: { 'app.kubernetes.io/instance': 'esphome', 'app.kubernetes.io/name': 'esphome', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'esphome-7b6c9d8f5', 'statefulset.kubernetes.io/pod-name': 'esphome-0' }, pvcs: [{ volName: 'config', claim: 'config-esphome-0', pv: `pvc-${rng.uuid()}`, sizeGi: 5 }], containers: [{ name: 'app', image: 'ghcr.io/esphome/esphome:2026.2.1', volumeMounts: [{ mountPath: '/config', name: 'config' }] }] });

for (const p of PODS) {
  if (!p.state) p.state = 'running';
  for (const pvc of p.pvcs || []) {
    pvc.handle = pvc.handle || `0001-0009-rook-ceph-0000000000000002-${rng.uuid()}`;
    pvc.globalHash = rng.hex(64);
    pvc.vaName = `csi-${rng.hex(64)}`;
  }
}

export function podsOn(node) {
  return PODS.filter((p) => p.node === node);
}
