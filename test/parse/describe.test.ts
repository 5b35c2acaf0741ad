import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectContent } from '../../src/intake/detect.js';
import { looksLikeDescribe, parseDescribe, podInMessage } from '../../src/parse/describe.js';
import { fixtureLines, refIn } from './fixture.js';

describe('parseDescribe: kubectl describe pod', () => {
  const lines = fixtureLines('kubectl-describe-pods.txt');
  const d = parseDescribe(lines, refIn('describe.txt'));

  it('reads every pod of one paste, with namespace, node (not its IP), phase and owner', () => {
    assert.deepEqual(
      d.pods.map((p) => [p.namespace, p.name, p.node, p.phase, p.ownerKind, p.ownerName]),
      [
        ['payments', 'ledger-7f9c6d5b8-hx2lp', 'talos02', 'Running', 'ReplicaSet', 'ledger-7f9c6d5b8'],
        ['shop', 'cart-6b8f9d7c5-2mxkq', 'worker-2', 'Pending', 'ReplicaSet', 'cart-6b8f9d7c5'],
      ],
    );
    assert.deepEqual(d.pods[0].labels, { 'app.kubernetes.io/name': 'ledger', 'pod-template-hash': '7f9c6d5b8' });
    assert.deepEqual(d.nodes, []);
  });

  it('reads each container: waiting reason, last termination (OOMKilled, 137), ready, restarts', () => {
    const [ledger, sidecar] = d.pods[0].containers;
    assert.deepEqual(ledger, {
      name: 'ledger', restartCount: 14, init: false, running: false, waitingReason: 'CrashLoopBackOff',
      lastTerminatedReason: 'OOMKilled', lastTerminatedExitCode: 137, ready: false,
    });
    assert.deepEqual(sidecar, { name: 'sidecar', restartCount: 0, init: false, running: true, ready: true });
    assert.deepEqual(d.pods[1].containers.map((c) => [c.name, c.waitingReason, c.ready, c.restartCount]), [['cart', 'ContainerCreating', false, 0]]);
  });

  it('reads volumes: the projected service-account token, a PVC, a CSI driver', () => {
    assert.deepEqual(d.pods[0].volumes, [{ name: 'config' }, { name: 'data', pvc: 'ledger-data' }, { name: 'kube-api-access-7xq2k', projectedServiceAccountToken: true }]);
    assert.deepEqual(d.pods[1].volumes, [{ name: 'cache', csiDriver: 'ebs.csi.aws.com' }, { name: 'kube-api-access-p9w4d', projectedServiceAccountToken: true }]);
  });

  it('cites the line that says most (the waiting reason), naming the pod', () => {
    const ref = d.pods[0].ref;
    assert.equal(ref.line, lines.findIndex((l) => /^\s+Reason:\s+CrashLoopBackOff$/.test(l)) + 1);
    assert.equal(ref.object, 'Pod/payments/ledger-7f9c6d5b8-hx2lp');
    assert.match(ref.excerpt, /^Pod\/payments\/ledger-7f9c6d5b8-hx2lp: Reason:\s+CrashLoopBackOff$/);
  });

  it('reads the Events table: the pod as involved object, its namespace and node, counts from "x231 over 52m"', () => {
    const ev = d.events.filter((e) => e.objectName === 'ledger-7f9c6d5b8-hx2lp');
    assert.deepEqual(
      ev.map((e) => [e.namespace, e.objectKind, e.node, e.type, e.reason, e.count]),
      [
        ['payments', 'Pod', 'talos02', 'Normal', 'Pulled', 15],
        ['payments', 'Pod', 'talos02', 'Warning', 'BackOff', 231],
      ],
    );
    assert.equal(ev[1].message, 'Back-off restarting failed container ledger in pod ledger-7f9c6d5b8-hx2lp_payments(3f0c2d1e-aaaa-4bbb-8ccc-123456789abc)');
    assert.equal(ev[1].ref.line, lines.findIndex((l) => l.includes('Warning  BackOff')) + 1);
    const cart = d.events.filter((e) => e.objectName === 'cart-6b8f9d7c5-2mxkq');
    assert.deepEqual(cart.map((e) => [e.reason, e.count, e.node]), [['Scheduled', undefined, 'worker-2'], ['FailedCreatePodSandBox', 7, 'worker-2']]);
  });

  it('takes the pod uid from a kubelet message that names it name_namespace(uid)', () => {
    assert.equal(d.pods[0].uid, '3f0c2d1e-aaaa-4bbb-8ccc-123456789abc');
    assert.equal(d.pods[1].uid, undefined);
  });

  it('reads older kubectl: From "kubelet, <node>", an Events line <none>, a Terminated current state', () => {
    const old = [
      'Name:           web-0',
      'Namespace:      default',
      'Node:           <none>',
      'Status:         Failed',
      'Containers:',
      '  web:',
      '    State:          Terminated',
      '      Reason:       Error',
      '      Exit Code:    2',
      '    Ready:          False',
      '    Restart Count:  0',
      'Events:',
      '  Type     Reason   Age   From               Message',
      '  ----     ------   ----  ----               -------',
      '  Warning  Failed   3m    kubelet, worker-7  Error: failed to start container "web": OCI runtime create failed:',
      'container_linux.go:349: starting container process caused "exec: \\"/srv/web\\": permission denied": unknown',
    ];
    const r = parseDescribe(old, refIn('old.txt'), 101);
    assert.equal(r.pods[0].node, undefined);
    assert.deepEqual(r.pods[0].containers[0], { name: 'web', restartCount: 0, init: false, running: false, lastTerminatedReason: 'Error', lastTerminatedExitCode: 2, ready: false });
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0].node, 'worker-7');
    assert.equal(r.events[0].ref.line, 115);
    assert.match(r.events[0].message, /OCI runtime create failed: container_linux\.go:349: .*permission denied": unknown$/);
    assert.deepEqual(parseDescribe(['Name: a', 'Namespace: b', 'Node: c/1.2.3.4', 'Events:  <none>'], refIn('x')).events, []);
  });

  it('marks init containers', () => {
    const r = parseDescribe(
      ['Name:  p', 'Namespace:  ns', 'Node:  n1/10.0.0.1', 'Init Containers:', '  migrate:', '    State:  Waiting', '      Reason:  PodInitializing', '    Ready:  False', '    Restart Count:  3', 'Containers:', '  app:', '    State:  Waiting', '      Reason:  PodInitializing'],
      refIn('x'),
    );
    assert.deepEqual(r.pods[0].containers.map((c) => [c.name, c.init, c.waitingReason, c.restartCount]), [['migrate', true, 'PodInitializing', 3], ['app', false, 'PodInitializing', 0]]);
  });
});

describe('parseDescribe: kubectl describe node', () => {
  const lines = fixtureLines('kubectl-describe-node.txt');
  const d = parseDescribe(lines, refIn('node.txt'));

  it('reads name, roles, addresses and every condition with reason and message', () => {
    assert.equal(d.nodes.length, 1);
    const n = d.nodes[0];
    assert.equal(n.name, 'talos02');
    assert.deepEqual(n.roles, ['control-plane']);
    assert.deepEqual(n.addresses, ['10.20.0.15', 'talos02']);
    assert.deepEqual(n.conditions, [
      { type: 'NetworkUnavailable', status: 'False', reason: 'CiliumIsUp', message: 'Cilium is running on this node' },
      { type: 'MemoryPressure', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      { type: 'DiskPressure', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      { type: 'PIDPressure', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
    ]);
    assert.deepEqual(d.pods, [], 'the Non-terminated Pods table is no pod status');
  });

  it('cites the Ready row of a node that is not ready', () => {
    assert.equal(d.nodes[0].ref.line, lines.findIndex((l) => /^\s+Ready\s+Unknown/.test(l)) + 1);
    assert.equal(d.nodes[0].ref.object, 'Node/talos02');
  });

  it('reads its Events as the node\'s', () => {
    assert.deepEqual(
      d.events.map((e) => [e.objectKind, e.objectName, e.node, e.reason, e.count, e.namespace]),
      [
        ['Node', 'talos02', 'talos02', 'NodeNotReady', undefined, undefined],
        ['Node', 'talos02', 'talos02', 'SystemOOM', 3, undefined],
      ],
    );
  });

  it('reads condition rows whose alignment was lost', () => {
    const r = parseDescribe(
      ['Name: w1', 'Roles: <none>', 'Conditions:', '  Type Status LastHeartbeatTime LastTransitionTime Reason Message', '  MemoryPressure True Sun, 22 Feb 2026 01:05:12 +0000 Sun, 22 Feb 2026 00:58:40 +0000 KubeletHasInsufficientMemory kubelet has insufficient memory available'],
      refIn('x'),
    );
    assert.deepEqual(r.nodes[0].roles, []);
    assert.deepEqual(r.nodes[0].conditions, [{ type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' }]);
    assert.equal(r.nodes[0].ref.line, 5);
  });

  it('reads pods and nodes described in one paste', () => {
    const both = parseDescribe([...fixtureLines('kubectl-describe-node.txt'), '', ...fixtureLines('kubectl-describe-pods.txt')], refIn('x'));
    assert.equal(both.nodes.length, 1);
    assert.equal(both.pods.length, 2);
    assert.equal(both.events.length, 6);
  });
});

describe('describe output is detected from content', () => {
  it('as kubectl-describe, for pods and for nodes', () => {
    assert.equal(detectContent(fixtureLines('kubectl-describe-pods.txt').slice(0, 40)), 'kubectl-describe');
    assert.equal(detectContent(fixtureLines('kubectl-describe-node.txt').slice(0, 40)), 'kubectl-describe');
    assert.ok(looksLikeDescribe(['', 'Name:         worker-2', 'Roles:        <none>']));
  });

  it('not for other describe kinds, YAML or prose with a Name: line', () => {
    assert.equal(detectContent(['Name:                   web', 'Namespace:              default', 'CreationTimestamp:      Sun, 22 Feb 2026 01:00:00 +0000', 'Selector:               app=web', 'Replicas:               3 desired']), 'log');
    assert.equal(detectContent(['Name: Jane Doe', 'Node: the one that broke']), 'log');
    assert.equal(detectContent(['name: web', 'namespace: default']), 'log');
    assert.deepEqual(parseDescribe(['Name:  web', 'Namespace:  default', 'Replicas:  3'], refIn('x')), { pods: [], nodes: [], events: [] });
  });
});

describe('podInMessage', () => {
  it('finds name_namespace(uid) as kubelet prints pods, quoted or not', () => {
    assert.deepEqual(podInMessage('Back-off restarting failed container ledger in pod ledger-7f9c6d5b8-hx2lp_payments(3f0c2d1e-aaaa-4bbb-8ccc-123456789abc)'), {
      name: 'ledger-7f9c6d5b8-hx2lp', namespace: 'payments', uid: '3f0c2d1e-aaaa-4bbb-8ccc-123456789abc',
    });
    assert.equal(podInMessage('pod="coredns-5d78c9869d-x2x7v_kube-system(9a3c1e02-5d1b-4a8e-9c1e-0b3f6f1f2a11)"')?.namespace, 'kube-system');
  });

  it('not a snake_case word or a uid without the pod', () => {
    assert.equal(podInMessage('container_linux.go:349: starting container process'), undefined);
    assert.equal(podInMessage('uid 3f0c2d1e-aaaa-4bbb-8ccc-123456789abc'), undefined);
  });
});
