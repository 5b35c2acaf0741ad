import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyObjects, eventFrom, flattenObjects, inferKind, nodeFrom, objectRef, podFrom } from '../../src/parse/kube-objects.js';
import type { EvidenceRef } from '../../src/types.js';

const ref: EvidenceRef = { source: 'x', excerpt: 'x' };

// As the typed client serialises them (talosctl support kubernetesResources/*.yaml): items without kind/apiVersion.
const NODE = {
  metadata: { name: 'talos02', labels: { 'kubernetes.io/hostname': 'talos02', 'node-role.kubernetes.io/control-plane': '' } },
  spec: { podCIDR: '10.244.1.0/24' },
  status: {
    addresses: [{ address: '10.20.0.15', type: 'InternalIP' }, { address: 'talos02', type: 'Hostname' }],
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    nodeInfo: { kubeletVersion: 'v1.32.2', osImage: 'Talos (v1.9.4)' },
  },
};
const POD = {
  metadata: { name: 'web-7d4b9c8f5d-x2x9k', namespace: 'default', uid: '9d3c', creationTimestamp: '2026-02-22T00:53:00Z', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d4b9c8f5d' }], labels: { app: 'web' } },
  spec: {
    nodeName: 'talos02',
    securityContext: { fsGroup: 1000, fsGroupChangePolicy: 'Always' },
    containers: [{ name: 'web', image: 'nginx:1.27' }],
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
      { name: 'kube-api-access-9xk2p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }] } },
    ],
  },
  status: {
    phase: 'Pending',
    containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
  },
};
const EVENT_V1 = {
  metadata: { name: 'web-7d4b9c8f5d-x2x9k.17f5a0e4c1b2d3e4', namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-7d4b9c8f5d-x2x9k' },
  reason: 'FailedMount',
  message: 'MountVolume.SetUp failed for volume "kube-api-access-9xk2p" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded',
  source: { component: 'kubelet', host: 'talos02' },
  firstTimestamp: '2026-02-22T00:55:12Z',
  lastTimestamp: '2026-02-22T01:05:12Z',
  count: 6,
  type: 'Warning',
};
const EVENT_EVENTS_V1 = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'kube-scheduler-talos02.17f5', namespace: 'kube-system' },
  regarding: { kind: 'Pod', namespace: 'kube-system', name: 'kube-scheduler-talos02' },
  reason: 'BackOff',
  note: 'Back-off restarting failed container kube-scheduler in pod kube-scheduler-talos02_kube-system(3f0c)',
  reportingController: 'kubelet',
  reportingInstance: 'talos02',
  deprecatedCount: 468,
  deprecatedFirstTimestamp: '2026-02-20T05:00:00Z',
  deprecatedLastTimestamp: '2026-02-22T01:04:00Z',
  type: 'Warning',
};

describe('inferKind', () => {
  it('takes kind when present, else the list kind, else the shape', () => {
    assert.equal(inferKind({ kind: 'Lease' }), 'Lease');
    assert.equal(inferKind({ metadata: {} }, 'NodeList'), 'Node');
    assert.equal(inferKind({ metadata: {} }, 'List'), undefined);
    assert.equal(inferKind(NODE), 'Node');
    assert.equal(inferKind(POD), 'Pod');
    assert.equal(inferKind(EVENT_V1), 'Event');
    assert.equal(inferKind({ spec: { attacher: 'rook-ceph.rbd.csi.ceph.com', source: { persistentVolumeName: 'pvc-1' }, nodeName: 'talos02' } }), 'VolumeAttachment');
    assert.equal(inferKind({ data: { a: 'b' } }), undefined);
  });
});

describe('flattenObjects', () => {
  it('flattens lists, arrays and single objects', () => {
    const flat = flattenObjects({ kind: 'PodList', items: [POD, POD] });
    assert.deepEqual(flat.map((f) => [f.kind, f.index]), [['Pod', 0], ['Pod', 1]]);
    assert.deepEqual(flattenObjects([NODE, 'junk', null, EVENT_V1]).map((f) => f.kind), ['Node', 'Event']);
    assert.deepEqual(flattenObjects({ items: [NODE] }).map((f) => f.kind), ['Node']);
    assert.deepEqual(flattenObjects('text'), []);
  });
});

describe('nodeFrom / podFrom / eventFrom', () => {
  it('reads a node\'s addresses, conditions and roles', () => {
    assert.deepEqual(nodeFrom(NODE, ref), {
      name: 'talos02',
      addresses: ['10.20.0.15', 'talos02'],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      roles: ['control-plane'],
      ref,
    });
  });

  it('reads a pod\'s node, container states, volumes and fsGroup', () => {
    const p = podFrom(POD, ref);
    assert.equal(p.node, 'talos02');
    assert.equal(p.phase, 'Pending');
    assert.deepEqual(p.containers, [{ name: 'web', ready: false, restartCount: 0, waitingReason: 'ContainerCreating', waitingMessage: undefined, running: false, lastTerminatedReason: undefined, lastTerminatedExitCode: undefined, init: false }]);
    assert.deepEqual(p.volumes, [
      { name: 'data', pvc: 'web-data', projectedServiceAccountToken: false, csiDriver: undefined },
      { name: 'kube-api-access-9xk2p', pvc: undefined, projectedServiceAccountToken: true, csiDriver: undefined },
    ]);
    assert.equal(p.fsGroup, 1000);
    assert.equal(p.fsGroupChangePolicy, 'Always');
    assert.equal(p.ownerKind, 'ReplicaSet');
    assert.equal(p.createdAt, '2026-02-22T00:53:00Z');
  });

  it('lists containers of a pod without statuses yet', () => {
    const p = podFrom({ metadata: { name: 'x' }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } }, ref);
    assert.equal(p.namespace, 'default');
    assert.deepEqual(p.containers.map((c) => c.name), ['a', 'b']);
  });

  it('reads core/v1 and events.k8s.io/v1 events alike', () => {
    const a = eventFrom(EVENT_V1, ref);
    assert.deepEqual([a.namespace, a.objectKind, a.objectName, a.reason, a.count, a.firstSeen, a.lastSeen, a.node, a.type], ['default', 'Pod', 'web-7d4b9c8f5d-x2x9k', 'FailedMount', 6, '2026-02-22T00:55:12.000Z', '2026-02-22T01:05:12.000Z', 'talos02', 'Warning']);
    const b = eventFrom(EVENT_EVENTS_V1, ref);
    assert.deepEqual([b.namespace, b.objectKind, b.objectName, b.reason, b.count, b.firstSeen, b.lastSeen, b.node], ['kube-system', 'Pod', 'kube-scheduler-talos02', 'BackOff', 468, '2026-02-20T05:00:00.000Z', '2026-02-22T01:04:00.000Z', 'talos02']);
    assert.ok(b.message.startsWith('Back-off restarting failed container'));
  });
});

describe('classifyObjects', () => {
  it('sorts nodes, pods and events, keeps other named objects and drops unnamed unknowns', () => {
    const lease = { kind: 'Lease', metadata: { name: 'talos02', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'talos02' } };
    const va = { kind: 'VolumeAttachment', metadata: { name: 'csi-1' }, spec: { attacher: 'rook-ceph.rbd.csi.ceph.com', nodeName: 'talos02', source: {} } };
    const k = classifyObjects([
      { kind: 'Node', obj: NODE, ref },
      { kind: 'Pod', obj: POD, ref },
      { kind: 'Event', obj: EVENT_V1, ref },
      { kind: 'Lease', obj: lease, ref },
      { kind: 'VolumeAttachment', obj: va, ref },
      { kind: undefined, obj: { metadata: { name: 'mystery' } }, ref },
    ]);
    assert.deepEqual([k.nodes.length, k.pods.length, k.events.length], [1, 1, 1]);
    assert.deepEqual(k.objects.map((o) => [o.kind, o.namespace, o.name, o.node]), [['Lease', 'kube-node-lease', 'talos02', undefined], ['VolumeAttachment', undefined, 'csi-1', 'talos02']]);
  });

  it('cites objects by kind/namespace/name', () => {
    assert.equal(objectRef('Pod', POD), 'Pod/default/web-7d4b9c8f5d-x2x9k');
    assert.equal(objectRef('Node', NODE), 'Node/talos02');
    assert.equal(objectRef('Object', {}), 'Object/?');
  });
});
