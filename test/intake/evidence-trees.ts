/** Small, real-looking evidence layouts for intake tests: a `talosctl support` bundle, a
 *  `kubectl cluster-info dump` folder and a pasted excerpt. Lines follow the upstream log calls. */
import { fixtureText } from '../parse/fixture.js';
import type { Tree } from './tree.js';

export const SLOW_FDATASYNC = '{"level":"warn","ts":"2026-02-22T01:05:01.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.044022245s","expected-duration":"1s"}';
export const SLOW_APPLY =
  '{"level":"warn","ts":"2026-02-22T09:05:03.213763+0800","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"960.514ms","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/registry/leases/kube-node-lease/talos02\\" ","response":"range_response_count:1 size:549"}';
export const READINDEX = '{"level":"warn","ts":"2026-02-22T01:05:04.002Z","caller":"etcdserver/v3_server.go:921","msg":"waiting for ReadIndex response took too long, retrying","sent-request-id":7587876541412387361,"retry-timeout":"500ms"}';
const ETCD_INFO = '{"level":"info","ts":"2026-02-22T01:04:00.000Z","caller":"etcdserver/server.go:2068","msg":"published local member to cluster through raft","local-member-id":"c1f4e08d2b7a3956"}';
const KUBELET_TOKEN =
  '{"ts":1771722305123.4,"caller":"nestedpendingoperations/nestedpendingoperations.go:348","msg":"Operation for \\"{volumeName:kubernetes.io/projected/9d3c-kube-api-access-9xk2p podName:9d3c nodeName:}\\" failed. No retries permitted until 2026-02-22 01:07:07.1 +0000 UTC m=+158400.1 (durationBeforeRetry 2m2s). Error: MountVolume.SetUp failed for volume \\"kube-api-access-9xk2p\\" (UniqueName: \\"kubernetes.io/projected/9d3c-kube-api-access-9xk2p\\") pod \\"web-7d4b9c8f5d-x2x9k\\" (UID: \\"9d3c\\") : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded","err":null}';
const KUBELET_INFO = '{"ts":1771722300000.1,"caller":"kubelet/kubelet.go:2412","msg":"SyncLoop (PLEG): event for pod","v":2}';
const LEASE_KLOG = 'W0222 01:04:58.512345       1 lease.go:265] Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.16]';
const SCHED_KLOG = 'E0222 01:03:10.000120       1 run.go:72] "command failed" err="handlers are not fully synchronized: context canceled"';
export const cri = (iso: string, stream: 'stdout' | 'stderr', line: string): string => `${iso} ${stream} F ${line}`;

const NODES_YAML = `items:
${[['talos01', '10.20.0.14'], ['talos02', '10.20.0.15'], ['talos03', '10.20.0.16']]
  .map(([name, ip]) => `- metadata:
    labels:
      kubernetes.io/hostname: ${name}
      node-role.kubernetes.io/control-plane: ""
    name: ${name}
  spec:
    podCIDR: 10.244.${name.slice(-1)}.0/24
  status:
    addresses:
    - address: ${ip}
      type: InternalIP
    - address: ${name}
      type: Hostname
    conditions:
    - status: "True"
      type: Ready
    nodeInfo:
      kubeletVersion: v1.32.2`)
  .join('\n')}
metadata:
  resourceVersion: "9120034"
`;

const SYSTEM_PODS_YAML = `items:
- metadata:
    name: kube-scheduler-talos02
    namespace: kube-system
  spec:
    containers:
    - name: kube-scheduler
    nodeName: talos02
  status:
    containerStatuses:
    - name: kube-scheduler
      ready: false
      restartCount: 468
      state:
        waiting:
          reason: CrashLoopBackOff
    phase: Running
metadata:
  resourceVersion: "9120035"
`;

/** A `talosctl support --nodes 10.20.0.14,10.20.0.15` bundle: node folders named by IP. */
export function talosSupportTree(): Tree {
  return {
    'kubernetesResources/nodes.yaml': NODES_YAML,
    'kubernetesResources/systemPods.yaml': SYSTEM_PODS_YAML,
    '10.20.0.14/service-logs/etcd.log': `${ETCD_INFO}\n`,
    '10.20.0.14/service-logs/etcd.state': 'ID: etcd\nState: Running\n',
    '10.20.0.14/kubernetes-logs/kube-system/kube-apiserver.log': `${cri('2026-02-22T01:04:58.512400000Z', 'stderr', LEASE_KLOG)}\n`,
    '10.20.0.15/service-logs/etcd.log': [ETCD_INFO, SLOW_FDATASYNC, SLOW_APPLY, READINDEX].join('\n') + '\n',
    '10.20.0.15/service-logs/kubelet.log': [KUBELET_INFO, KUBELET_TOKEN].join('\n') + '\n',
    '10.20.0.15/kubernetes-logs/kube-system/kube-scheduler-exited.log': `${cri('2026-02-22T01:03:10.000200000Z', 'stderr', SCHED_KLOG)}\n`,
    '10.20.0.15/processes': fixtureText('support-processes.txt'),
    '10.20.0.15/io': fixtureText('support-io.txt'),
    '10.20.0.15/summary': 'Client:\n\tTag:         v1.9.4\n\tSHA:         0f2a1c3d\n\tOS/Arch:     linux/amd64\nServer:\n\tNODE:        10.20.0.15\n\tTag:         v1.9.4\n',
    '10.20.0.15/mounts': 'NODE         FILESYSTEM       SIZE(GB)   USED(GB)   AVAILABLE(GB)   PERCENT USED   MOUNTED ON\n10.20.0.15   /dev/nvme0n1p6   510.89     402.11     108.78          78.71%         /var\n',
    '10.20.0.15/resources/members.etcd.talos.dev.yaml': 'metadata:\n    namespace: etcd\n    type: EtcdMembers.etcd.talos.dev\n    id: members\nspec:\n    memberIds:\n        - c1f4e08d2b7a3956\n',
  };
}

const API_HANDLER = 'E0222 01:05:09.100000       1 timeout.go:142] "Timeout or abort while handling" method="POST" URI="/api/v1/namespaces/default/serviceaccounts/default/token" auditID="3b6c1f0e-4f55-4b4e-9d6a-0c4f1f2e6a77"';
const API_WRITE = 'E0222 01:05:09.101010       1 writers.go:122] apiserver was unable to write a JSON response: http: Handler timeout';

const list = (kind: string, items: unknown[]): string => `${JSON.stringify({ kind, apiVersion: 'v1', metadata: { resourceVersion: '9120034' }, items }, null, 4)}\n`;

/** A `kubectl cluster-info dump --output-directory=dump` folder. */
export function clusterInfoDumpTree(): Tree {
  const node = (name: string, ip: string) => ({ metadata: { name, labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { podCIDR: '10.244.0.0/24' }, status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.2' } } });
  return {
    'nodes.json': list('NodeList', [node('talos01', '10.20.0.14'), node('talos02', '10.20.0.15')]),
    'kube-system/pods.json': list('PodList', [
      { metadata: { name: 'kube-apiserver-talos01', namespace: 'kube-system' }, spec: { nodeName: 'talos01', containers: [{ name: 'kube-apiserver' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'kube-apiserver', ready: true, restartCount: 3, state: { running: {} } }] } },
    ]),
    'kube-system/events.json': list('EventList', []),
    'kube-system/kube-apiserver-talos01/logs.txt': [
      '==== START logs for container kube-apiserver of pod kube-system/kube-apiserver-talos01 ====',
      'I0222 01:04:00.000001       1 controller.go:615] quota admission added evaluator for: leases.coordination.k8s.io',
      API_HANDLER,
      API_WRITE,
      '==== END logs for container kube-apiserver of pod kube-system/kube-apiserver-talos01 ====',
      '',
    ].join('\n'),
    'default/pods.json': list('PodList', [
      { metadata: { name: 'web-7d4b9c8f5d-x2x9k', namespace: 'default' }, spec: { nodeName: 'talos02', containers: [{ name: 'web' }] }, status: { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } },
    ]),
    'default/events.json': list('EventList', [
      {
        metadata: { name: 'web-7d4b9c8f5d-x2x9k.17f5a0e4c1b2d3e4', namespace: 'default' },
        involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-7d4b9c8f5d-x2x9k' },
        reason: 'FailedMount',
        message: 'MountVolume.SetUp failed for volume "kube-api-access-9xk2p" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded',
        source: { component: 'kubelet' },
        firstTimestamp: '2026-02-22T00:55:12Z',
        lastTimestamp: '2026-02-22T01:05:12Z',
        count: 6,
        type: 'Warning',
      },
    ]),
    'default/web-7d4b9c8f5d-x2x9k/logs.txt': '==== START logs for container web of pod default/web-7d4b9c8f5d-x2x9k ====\nRequest log error: container "web" in pod "web-7d4b9c8f5d-x2x9k" is waiting to start: ContainerCreating\n==== END logs for container web of pod default/web-7d4b9c8f5d-x2x9k ====\n',
  };
}

/** What someone pastes into an issue: prose, fenced command outputs with prompts, log lines. */
export function pastedExcerpt(): string {
  return [
    '## talos02 pods stuck in ContainerCreating',
    '',
    'etcd status right now:',
    '```',
    '$ talosctl -n 10.20.0.14,10.20.0.15,10.20.0.16 etcd status',
    fixtureText('talosctl-etcd-status-v1.10.txt').trimEnd(),
    '```',
    '',
    '```console',
    '$ kubectl get nodes -o wide',
    fixtureText('kubectl-get-nodes-wide.txt').trimEnd(),
    '$ kubectl get pods -A -o wide',
    fixtureText('kubectl-get-pods-wide.txt').trimEnd(),
    '```',
    '',
    'and `talosctl -n 10.20.0.15 logs etcd`:',
    '```',
    `10.20.0.15: ${SLOW_FDATASYNC}`,
    `10.20.0.15: ${SLOW_APPLY}`,
    '```',
    '',
  ].join('\n');
}
