// Clusters for the test API server, in the shapes the real API server returns.
//
// plantedCluster(): three nodes; on w2 pods stuck in ContainerCreating whose projected
// service-account tokens cannot be fetched (FailedMount … failed to fetch token: Timeout), the
// control-plane static pods on cp1 with their logs (kube-scheduler restarted, so it has a previous
// log), no metrics for w2. Canary secrets are planted in pod env/args/annotations, an event, the
// logs, a Secret and a ConfigMap: none may reach a bundle or a report.
//
// scaleCluster(): n nodes, pods and events of the same shapes, for bench/scale.ts.
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const CANARY = 'kubesleuthcanary';

/** A private key whose body holds a canary (so a leak is visible as text). */
export const CANARY_PEM = [
  '-----BEGIN EC PRIVATE KEY-----',
  `MHcCAQEEI${CANARY}PEMbodyAAAAoGCCqGSM49AwEHoUQDQgAEexampleexampleexample`,
  'exampleexampleexampleexampleexampleexampleexampleexample==',
  '-----END EC PRIVATE KEY-----',
].join('\n');
/** A JWT-shaped service-account token whose signature holds a canary. */
export const CANARY_JWT = `eyJhbGciOiJSUzI1NiIsImtpZCI6ImNhbmFyeSJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtIn0.${CANARY}JWTsignature0123`;

/** Strings that must appear nowhere in a bundle or a report (literal and as they would be encoded). */
export function canaryNeedles(): string[] {
  return [CANARY, Buffer.from(CANARY).toString('base64').slice(0, 20), Buffer.from(CANARY_PEM).toString('base64').slice(20, 60), 'kubesleuth-test-token'];
}

const T0 = Date.parse('2026-02-22T10:00:00Z');
const iso = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', 'Z');

let uidN = 0;
const uid = (): string => {
  uidN++;
  const h = uidN.toString(16).padStart(12, '0');
  return `6b1c9a3e-4d2f-4a8b-9c1e-${h}`;
};

export function node(name: string, ip: string, roles: string[], ready = true): Obj {
  return {
    metadata: {
      name,
      uid: uid(),
      resourceVersion: '48001',
      creationTimestamp: iso(-60 * 24 * 9),
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...Object.fromEntries(roles.map((r) => [`node-role.kubernetes.io/${r}`, ''])),
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: `10.244.${ip.split('.')[3]}.0/24`, podCIDRs: [`10.244.${ip.split('.')[3]}.0/24`] },
    status: {
      capacity: { cpu: '4', 'ephemeral-storage': '101430960Ki', memory: '16301100Ki', pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': '93478772582', memory: '16198700Ki', pods: '110' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(39), lastTransitionTime: iso(-9000), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: iso(39), lastTransitionTime: iso(-9000), reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: iso(39), lastTransitionTime: iso(-9000), reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        ready
          ? { type: 'Ready', status: 'True', lastHeartbeatTime: iso(39), lastTransitionTime: iso(-9000), reason: 'KubeletReady', message: 'kubelet is posting ready status' }
          : { type: 'Ready', status: 'Unknown', lastHeartbeatTime: iso(10), lastTransitionTime: iso(11), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: 'b1946ac92492d2347c6235b4d2611184', systemUUID: 'b1946ac9-2492-d234-7c62-35b4d2611184', bootID: 'e0f1a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b',
        kernelVersion: '6.12.13', osImage: 'Ubuntu 24.04.1 LTS', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.31.4',
        kubeProxyVersion: 'v1.31.4', operatingSystem: 'linux', architecture: 'amd64',
      },
      images: [{ names: ['registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097', 'registry.k8s.io/pause:3.10'], sizeBytes: 320368 }],
    },
  };
}

interface PodSpecIn {
  ns: string;
  name: string;
  node: string;
  containers?: Array<{ name: string; image: string; args?: string[]; command?: string[]; env?: Obj[] }>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state: 'running' | 'creating' | 'crashloop';
  restarts?: number;
  owner?: { kind: string; name: string };
  created?: number;
  staticPod?: boolean;
}

export function pod(p: PodSpecIn): Obj {
  const containers = p.containers ?? [{ name: 'app', image: 'ghcr.io/example/app:1.4.2' }];
  const token = `kube-api-access-${p.name.slice(-5)}`;
  const ip = p.state === 'creating' ? undefined : `10.244.${p.node.length}.${(p.name.length * 7) % 250}`;
  const state = (): Obj =>
    p.state === 'running'
      ? { running: { startedAt: iso(-120) } }
      : p.state === 'creating'
        ? { waiting: { reason: 'ContainerCreating' } }
        : { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${containers[0].name} pod=${p.name}_${p.ns}(${'x'})` } };
  return {
    metadata: {
      name: p.name,
      namespace: p.ns,
      uid: uid(),
      resourceVersion: '47120',
      creationTimestamp: iso(p.created ?? -30),
      labels: p.labels ?? { app: p.name.split('-')[0] },
      ...(p.annotations ? { annotations: p.annotations } : {}),
      ...(p.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: uid(), controller: true, blockOwnerDeletion: true }] } : {}),
      managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: iso(-30), fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} }, subresource: 'status' }],
    },
    spec: {
      ...(p.staticPod ? {} : {
        volumes: [{
          name: token,
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
            defaultMode: 420,
          },
        }],
      }),
      containers: containers.map((c) => ({
        name: c.name,
        image: c.image,
        ...(c.command ? { command: c.command } : {}),
        ...(c.args ? { args: c.args } : {}),
        ...(c.env ? { env: c.env } : {}),
        resources: {},
        ...(p.staticPod ? {} : { volumeMounts: [{ name: token, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }),
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: p.staticPod ? undefined : 'default',
      nodeName: p.node,
      ...(p.staticPod ? { hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000 } : {}),
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: p.state === 'creating' ? 'Pending' : 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: p.state === 'creating' ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: iso(p.created ?? -30) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: iso(p.created ?? -30) },
        { type: 'Ready', status: p.state === 'running' ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: iso(p.created ?? -30), ...(p.state === 'running' ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` }) },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(p.created ?? -30) },
      ],
      hostIP: p.node === 'cp1' ? '10.0.0.10' : p.node === 'w1' ? '10.0.0.11' : '10.0.0.12',
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      startTime: iso(p.created ?? -30),
      containerStatuses: containers.map((c) => ({
        name: c.name,
        state: state(),
        ...(p.restarts ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(-12), finishedAt: iso(-11), containerID: 'containerd://4f2a' } } } : { lastState: {} }),
        ready: p.state === 'running',
        restartCount: p.restarts ?? 0,
        image: c.image,
        imageID: p.state === 'creating' ? '' : `${c.image.split(':')[0]}@sha256:0a3c2b1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b`,
        ...(p.state === 'creating' ? {} : { containerID: 'containerd://9c1e7d3f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d' }),
        started: p.state === 'running',
      })),
      qosClass: 'BestEffort',
    },
  };
}

export function event(e: {
  ns: string; pod: string; reason: string; message: string; type?: string; count?: number; first: number; last: number; host?: string; component?: string;
}): Obj {
  return {
    metadata: { name: `${e.pod}.${(0x17f3a0000000 + uidN++).toString(16)}`, namespace: e.ns, uid: uid(), resourceVersion: '47300', creationTimestamp: iso(e.first) },
    involvedObject: { kind: 'Pod', namespace: e.ns, name: e.pod, uid: uid(), apiVersion: 'v1', resourceVersion: '47110', ...(e.component === 'kubelet' ? { fieldPath: 'spec.containers{app}' } : {}) },
    reason: e.reason,
    message: e.message,
    source: { component: e.component ?? 'kubelet', ...(e.host ? { host: e.host } : {}) },
    firstTimestamp: iso(e.first),
    lastTimestamp: iso(e.last),
    count: e.count ?? 1,
    type: e.type ?? 'Normal',
    eventTime: null,
    reportingComponent: e.component ?? 'kubelet',
    reportingInstance: e.host ?? '',
  };
}

const klog = (level: string, minutes: number, file: string, msg: string): string => {
  const d = new Date(T0 + minutes * 60_000);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const t = d.toISOString().slice(11, 23) + '123';
  return `${level}${mm}${dd} ${t}       1 ${file}] ${msg}`;
};

export interface PlantedCluster {
  fixture: import('../../harness/kube-api-server.js').KubeFixture;
  stuckPods: string[];
}

export function plantedCluster(): PlantedCluster {
  const nodes = [node('cp1', '10.0.0.10', ['control-plane']), node('w1', '10.0.0.11', []), node('w2', '10.0.0.12', [])];
  const cp = (component: string, restarts = 0, args: string[] = []): Obj =>
    pod({
      ns: 'kube-system', name: `${component}-cp1`, node: 'cp1', staticPod: true, state: 'running', restarts, created: -60 * 24 * 9,
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.hash': '2b1f4e1d6a4c0f9e8d7c6b5a49382716' },
      containers: [{ name: component, image: `registry.k8s.io/${component}:v1.31.4`, command: [component, ...args] }],
    });
  const stuck = ['shop/web-7d4b9c8f6-k2x7q', 'shop/cart-5f8d7c6b9-tq4jx', 'media/encoder-0'];
  const pods = [
    cp('kube-apiserver', 0, ['--advertise-address=10.0.0.10', '--etcd-servers=https://127.0.0.1:2379', '--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--token-auth-file=/etc/kubernetes/known-tokens.csv', `--oidc-client-secret=${CANARY}-arg-oidc`]),
    cp('kube-scheduler', 3, ['--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true']),
    cp('kube-controller-manager', 0, ['--kubeconfig=/etc/kubernetes/controller-manager.conf', '--use-service-account-credentials=true']),
    cp('etcd', 0, ['--data-dir=/var/lib/etcd', '--listen-client-urls=https://127.0.0.1:2379']),
    pod({ ns: 'kube-system', name: 'coredns-7c65d6cfc9-8xkzw', node: 'w1', state: 'running', owner: { kind: 'ReplicaSet', name: 'coredns-7c65d6cfc9' }, labels: { 'k8s-app': 'kube-dns' } }),
    pod({
      ns: 'shop', name: 'db-0', node: 'w1', state: 'running', owner: { kind: 'StatefulSet', name: 'db' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0' }, spec: { containers: [{ name: 'postgres', env: [{ name: 'POSTGRES_PASSWORD', value: `${CANARY}-lastapplied` }] }] } }),
      },
      containers: [{
        name: 'postgres', image: 'docker.io/library/postgres:16.4',
        env: [
          { name: 'POSTGRES_PASSWORD', value: `${CANARY}-env` },
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
          { name: 'BACKUP_URL', value: `s3://backup:${CANARY}-url@minio.shop.svc:9000/db` },
          { name: 'APP_CONFIG', value: `{"listen":":8080","apiKey":"${CANARY}-json"}` },
        ],
        args: ['--token', `${CANARY}-flag`, '--max-connections=200'],
      }],
    }),
    ...stuck.map((k, i) => {
      const [ns, name] = k.split('/');
      return pod({ ns, name, node: 'w2', state: 'creating', created: 5 + i, owner: { kind: name.endsWith('-0') ? 'StatefulSet' : 'ReplicaSet', name: name.replace(/-[^-]+$/, '') } });
    }),
    pod({ ns: 'shop', name: 'web-7d4b9c8f6-m9p2d', node: 'w1', state: 'running', owner: { kind: 'ReplicaSet', name: 'web-7d4b9c8f6' } }),
  ];
  const events = [
    ...stuck.flatMap((k, i) => {
      const [ns, name] = k.split('/');
      return [
        event({ ns, pod: name, reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to w2`, first: 5 + i, last: 5 + i, component: 'default-scheduler' }),
        event({
          ns, pod: name, reason: 'FailedMount', type: 'Warning', host: 'w2', count: 14 - i, first: 7 + i, last: 38,
          message: `MountVolume.SetUp failed for volume "kube-api-access-${name.slice(-5)}" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded`,
        }),
      ];
    }),
    event({ ns: 'shop', pod: 'db-0', reason: 'Pulled', message: `Container image "docker.io/library/postgres:16.4" already present on machine; pulled with token ${CANARY_JWT}`, first: -20, last: -20, host: 'w1' }),
  ];
  const apiserverLog = [
    klog('I', 0, 'server.go:181', 'Version: v1.31.4'),
    klog('W', 8, 'logging.go:55', '[core] [Channel #5 SubChannel #6]grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1:2379", }. Err: connection error: desc = "transport: authentication handshake failed: context deadline exceeded"'),
    klog('E', 9, 'timeout.go:142', '"Timeout or abort while handling" method="POST" URI="/api/v1/namespaces/shop/serviceaccounts/default/token" auditID="9b2f6f0e-55d1-4f7c-8f41-3c0b2f1e6a77"'),
    klog('I', 10, 'httplog.go:134', `"HTTP" verb="GET" URI="/api/v1/namespaces/shop/pods" latency="2.1ms" userAgent="kubectl/v1.31.4" audit-ID="4e1f" srcIP="10.0.0.5:51022" resp=200 headers="Authorization: Bearer ${CANARY}bearer0123456789"`),
    klog('I', 11, 'authentication.go:73', `"Unable to authenticate the request" err="[invalid bearer token, token lookup failed]" token="${CANARY_JWT}"`),
    '{"level":"info","ts":"2026-02-22T10:12:00.000Z","msg":"oidc configured","client_secret":"' + CANARY + '-zap"}',
    'loading serving key:',
    ...CANARY_PEM.split('\n'),
    klog('I', 12, 'controller.go:615', 'quota admission added evaluator for: leases.coordination.k8s.io'),
  ].join('\n') + '\n';
  const schedulerPrevious = [
    klog('I', -13, 'serving.go:386', 'Generated self-signed cert in-memory'),
    klog('E', -12, 'leaderelection.go:429', 'Failed to update lock optimitically: Put "https://10.0.0.10:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s": context deadline exceeded, falling back to slow path'),
    klog('E', -11, 'server.go:267', '"Leaderelection lost"'),
  ].join('\n') + '\n';
  const fixture = {
    nodes,
    pods,
    events,
    endpoints: [{
      metadata: { name: 'kubernetes', namespace: 'default', uid: uid(), resourceVersion: '204', creationTimestamp: iso(-60 * 24 * 9), labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '10.0.0.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    }],
    endpointSlices: [{
      metadata: { name: 'kubernetes', namespace: 'default', uid: uid(), resourceVersion: '205', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.10'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    }, {
      metadata: { name: 'other-abcde', namespace: 'default', uid: uid(), resourceVersion: '206', labels: { 'kubernetes.io/service-name': 'other' } },
      addressType: 'IPv4', endpoints: [], ports: [],
    }],
    leases: [
      ...nodes.map((n) => ({ metadata: { name: n.metadata.name, namespace: 'kube-node-lease', uid: uid(), resourceVersion: '48100', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.metadata.name, uid: n.metadata.uid }] }, spec: { holderIdentity: n.metadata.name, leaseDurationSeconds: 40, renewTime: '2026-02-22T10:39:58.000000Z' } })),
      { metadata: { name: 'kube-scheduler', namespace: 'kube-system', uid: uid(), resourceVersion: '48110' }, spec: { holderIdentity: 'cp1_4b1e1c1a-2f0b-4c55-8a21-9ad1e3c4b5f6', leaseDurationSeconds: 15, acquireTime: '2026-02-22T09:49:00.000000Z', renewTime: '2026-02-22T10:39:59.000000Z', leaseTransitions: 4 } },
    ],
    volumeAttachments: [{
      metadata: { name: 'csi-3b9c0e4f8a1d2c7e6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c', uid: uid(), resourceVersion: '47500', creationTimestamp: iso(6) },
      spec: { attacher: 'rbd.csi.ceph.com', nodeName: 'w2', source: { persistentVolumeName: 'pvc-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' } },
      status: { attached: true, attachmentMetadata: {} },
    }],
    csiNodes: nodes.map((n) => ({ metadata: { name: n.metadata.name, uid: uid(), resourceVersion: '48002' }, spec: { drivers: [{ name: 'rbd.csi.ceph.com', nodeID: n.metadata.name, topologyKeys: null }] } })),
    ciliumNodes: nodes.map((n) => ({
      metadata: { name: n.metadata.name, uid: uid(), resourceVersion: '48003', labels: { 'kubernetes.io/hostname': n.metadata.name } },
      spec: { addresses: [{ ip: n.status.addresses[0].address, type: 'InternalIP' }], ipam: { podCIDRs: n.spec.podCIDRs } },
      status: { ipam: { 'operator-status': {} } },
    })),
    nodeMetrics: [
      { metadata: { name: 'cp1', creationTimestamp: iso(40) }, timestamp: iso(39), window: '20.043s', usage: { cpu: '812345678n', memory: '5132396Ki' } },
      { metadata: { name: 'w1', creationTimestamp: iso(40) }, timestamp: iso(39), window: '20.043s', usage: { cpu: '1543210987n', memory: '7340032Ki' } },
    ],
    secrets: [{ metadata: { name: 'db-credentials', namespace: 'shop' }, type: 'Opaque', data: { password: Buffer.from(`${CANARY}-secret`).toString('base64') }, stringData: { plain: `${CANARY}-secret-plain` } }],
    configMaps: [{ metadata: { name: 'app', namespace: 'shop' }, data: { 'settings.yaml': `password: ${CANARY}-configmap` } }],
    logs: {
      'kube-system/kube-apiserver-cp1/kube-apiserver': apiserverLog,
      'kube-system/kube-scheduler-cp1/kube-scheduler': `${klog('I', 30, 'serving.go:386', 'Generated self-signed cert in-memory')}\n${klog('I', 31, 'leaderelection.go:254', 'attempting to acquire leader lease kube-system/kube-scheduler...')}\n`,
      'kube-system/kube-scheduler-cp1/kube-scheduler#previous': schedulerPrevious,
      'kube-system/kube-controller-manager-cp1/kube-controller-manager': `${klog('I', 1, 'controllermanager.go:197', '"Starting" version="v1.31.4"')}\n`,
      'kube-system/etcd-cp1/etcd': [
        '{"level":"info","ts":"2026-02-22T10:00:01.000000Z","caller":"embed/etcd.go:309","msg":"starting an etcd server","etcd-version":"3.5.16"}',
        '{"level":"warn","ts":"2026-02-22T10:09:00.514Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"1.513405337s","expected-duration":"100ms","prefix":"","request":"header:<ID:7587886214345634521 > lease_grant:<ttl:3660-second id:694d8f1b1c2e3a4f>","response":"size:41"}',
      ].join('\n') + '\n',
    },
  };
  return { fixture, stuckPods: stuck };
}

/** n nodes, pods spread over them (one in 40 stuck in ContainerCreating), events about the pods. */
export function scaleCluster(nodeCount: number, podCount: number, eventCount: number): import('../../harness/kube-api-server.js').KubeFixture {
  const nodes = Array.from({ length: nodeCount }, (_, i) => node(`node-${String(i).padStart(4, '0')}`, `10.${1 + Math.floor(i / 250)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`, i < 3 ? ['control-plane'] : []));
  const pods: Obj[] = [];
  for (let i = 0; i < podCount; i++) {
    const n = nodes[i % nodeCount].metadata.name;
    const ns = `team-${i % 50}`;
    pods.push(pod({ ns, name: `svc${i % 400}-6d9f8c7b5d-${i.toString(36).padStart(5, '0')}`, node: n, state: i % 40 === 7 ? 'creating' : 'running', owner: { kind: 'ReplicaSet', name: `svc${i % 400}-6d9f8c7b5d` } }));
  }
  const events: Obj[] = [];
  for (let i = 0; i < eventCount; i++) {
    const p = pods[(i * 7) % pods.length];
    const stuck = p.status.phase === 'Pending';
    events.push(
      event({
        ns: p.metadata.namespace, pod: p.metadata.name, host: p.spec.nodeName, first: -60 + (i % 100), last: -60 + (i % 100) + 1,
        ...(stuck
          ? { reason: 'FailedMount', type: 'Warning', message: `MountVolume.SetUp failed for volume "kube-api-access-${p.metadata.name.slice(-5)}" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded` }
          : i % 3 === 0
            ? { reason: 'Pulled', message: 'Container image "ghcr.io/example/app:1.4.2" already present on machine' }
            : i % 3 === 1
              ? { reason: 'Created', message: 'Created container app' }
              : { reason: 'Started', message: 'Started container app' }),
      }),
    );
  }
  return { nodes, pods, events, endpoints: [], endpointSlices: [], leases: [], volumeAttachments: [], csiNodes: [], nodeMetrics: [] };
}
