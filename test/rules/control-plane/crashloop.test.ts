import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import rule from '../../../src/rules/control-plane/crashloop.js';
import { assertCites, container, evidence, eventObject, intake, klog, lines, listYaml, pod, podObject, run, signal, type PodSpec } from '../../helpers/evidence.js';

/** `kubernetesResources/systemPods.yaml` of a Talos support bundle: a list without kind/apiVersion. */
const systemPods = (pods: PodSpec[]): string => stringify(pods.map((p) => { const { apiVersion: _a, kind: _k, ...rest } = podObject(p) as Record<string, unknown>; return rest; }));
const cri = (ts: string, line: string): string => `${ts.replace('Z', '123Z')} stderr F ${line}`;
const notSynced = (ts: string): string => cri(ts, klog('E', ts, 'server.go:252', 'handlers are not fully synchronized', { err: 'context canceled' }));
const renewFailed = (ts: string): string =>
  cri(ts, `${klog('I', ts, 'leaderelection.go:297', 'x').split('] ')[0]}] failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition`);
const livezTimeout = 'Liveness probe failed: Get "https://127.0.0.1:10259/livez": context deadline exceeded (Client.Timeout exceeded while awaiting headers)';

const scheduler = (node: string, restarts: number, waiting?: string): PodSpec => ({
  namespace: 'kube-system', name: `kube-scheduler-${node}`, node, labels: { 'k8s-app': 'kube-scheduler', tier: 'control-plane' },
  containers: [{ name: 'kube-scheduler', restarts, ready: false, waiting, lastTerminated: 'Error' }],
});

describe('control-plane/crashloop', () => {
  it('explains a crash-looping kube-scheduler by its own timeouts and liveness deadlines (Talos bundle)', async () => {
    const ev = await intake({
      'kubernetesResources/systemPods.yaml': systemPods([scheduler('talos02', 468, 'CrashLoopBackOff'), scheduler('talos01', 0)]),
      'talos02/kubernetes-logs/kube-system/kube-scheduler.log': lines(notSynced('2026-02-22T00:58:00.000Z'), notSynced('2026-02-22T01:00:00.000Z')),
      'events.yaml': listYaml([eventObject('kube-system/kube-scheduler-talos02', 'Unhealthy', livezTimeout, { count: 40, host: 'talos02', last: '2026-02-22T01:01:00Z' })]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'control-plane-crashloop');
    assert.deepEqual(f.subject, { kind: 'Pod', name: 'kube-scheduler-talos02', namespace: 'kube-system' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 468);
    assert.deepEqual(f.pods, ['kube-system/kube-scheduler-talos02']);
    assert.match(f.message, /^kube-scheduler on talos02 restarts \(468 restarts\) on API timeouts: /);
    assert.match(f.message, /handlers-not-synced/);
    assert.match(f.message, /liveness-failed/);
    assert.equal(f.firstSeen, '2026-02-22T00:58:00.000Z');
    assertCites(f.evidence, /handlers are not fully synchronized/);
    assert.equal(f.evidence[0].object, 'Pod/kube-system/kube-scheduler-talos02', 'the pod first');
    assert.ok(f.evidence.some((r) => r.object === 'Event/kube-system/kube-scheduler-talos02.unhealthy'), 'the liveness event');
  });

  it('knows kube-controller-manager by name and its lost lease', async () => {
    const kcm: PodSpec = { namespace: 'kube-system', name: 'kube-controller-manager-talos01', node: 'talos01', containers: [{ name: 'kube-controller-manager', restarts: 12, ready: true }] };
    const ev = await intake({
      'pods.yaml': listYaml([podObject(kcm)]),
      'talos01/kubernetes-logs/kube-system/kube-controller-manager.log': lines(renewFailed('2026-02-22T01:00:00.000Z')),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].subject.name, 'kube-controller-manager-talos01');
    assert.equal(findings[0].count, 12, 'restarts past the threshold count even while ready');
    assert.match(findings[0].message, /^kube-controller-manager on talos01 .*leaderelection-lost$/);
  });

  it('needs timeouts: a crash-looping scheduler without them, or with a liveness failure that is no timeout, is not this', () => {
    const p = pod('kube-system/kube-scheduler-talos02', { node: 'talos02', containers: [container('kube-scheduler', { waitingReason: 'CrashLoopBackOff', restartCount: 30 })] });
    assert.deepEqual(run(rule, evidence({ pods: [p] })).findings, []);
    const http500 = { signal: 'kubelet.liveness-failed', component: 'kubelet', node: 'talos02', pod: 'kube-system/kube-scheduler-talos02', fields: {}, ref: { source: 'events.txt', line: 2, excerpt: 'Unhealthy pod/kube-scheduler-talos02 Liveness probe failed: HTTP probe failed with statuscode: 500' } };
    assert.deepEqual(run(rule, evidence({ pods: [p], signals: [http500] })).findings, []);
  });

  it("does not take another node's scheduler lines, nor explain an ordinary pod", () => {
    const looping = (key: string, node: string) => pod(key, { node, containers: [container('c', { waitingReason: 'CrashLoopBackOff', restartCount: 30 })] });
    const elsewhere = signal(notSynced('2026-02-22T01:00:00.000Z'), { node: 'talos01', component: 'kube-scheduler' });
    assert.deepEqual(run(rule, evidence({ pods: [looping('kube-system/kube-scheduler-talos02', 'talos02')], signals: [elsewhere] })).findings, []);
    const here = signal(notSynced('2026-02-22T01:00:00.000Z'), { node: 'talos02', component: 'kube-scheduler' });
    assert.deepEqual(run(rule, evidence({ pods: [looping('default/web', 'talos02')], signals: [here] })).findings, []);
    assert.equal(run(rule, evidence({ pods: [looping('kube-system/kube-scheduler-talos02', 'talos02')], signals: [here] })).findings.length, 1);
  });

  it('says nothing for a stable control plane, whatever it logged', () => {
    const p = pod('kube-system/kube-scheduler-talos02', { node: 'talos02', labels: { component: 'kube-scheduler' }, containers: [container('kube-scheduler', { restartCount: 4, ready: true })] });
    const here = signal(notSynced('2026-02-22T01:00:00.000Z'), { node: 'talos02', component: 'kube-scheduler' });
    assert.deepEqual(run(rule, evidence({ pods: [p], signals: [here] })), { findings: [], refutations: [] });
  });
});
