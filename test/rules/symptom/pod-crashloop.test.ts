import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/symptom/pod-crashloop.js';
import { assertCites, container, evidence, eventObject, intake, listYaml, pod, podObject, run, table } from '../../helpers/evidence.js';

describe('symptom/pod-crashloop', () => {
  it('finds CrashLoopBackOff and restarts past the threshold in `kubectl get pods -o yaml`', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([
        podObject({ namespace: 'kube-system', name: 'kube-scheduler-talos02', node: 'talos02', labels: { 'k8s-app': 'kube-scheduler' }, containers: [{ name: 'kube-scheduler', waiting: 'CrashLoopBackOff', restarts: 468, lastTerminated: 'Error' }] }),
        podObject({ namespace: 'monitoring', name: 'node-exporter-7x2kq', node: 'talos02', containers: [{ name: 'node-exporter', ready: false, restarts: 5 }] }),
        podObject({ namespace: 'monitoring', name: 'node-exporter-9p4rt', node: 'talos01', containers: [{ name: 'node-exporter', ready: false, restarts: 4 }] }),
        podObject({ namespace: 'default', name: 'settled-6c9d8f7b5-aaaaa', node: 'talos01', containers: [{ name: 'app', restarts: 12 }] }),
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.deepEqual(findings.map((f) => f.pods?.[0]), ['kube-system/kube-scheduler-talos02', 'monitoring/node-exporter-7x2kq']);
    const [f, g] = findings;
    assert.equal(f.failureMode, 'pod-crashloop');
    assert.deepEqual(f.subject, { kind: 'Pod', name: 'kube-scheduler-talos02', namespace: 'kube-system' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 468);
    assert.deepEqual(f.data, { restarts: 468, containers: ['kube-scheduler'] });
    assert.match(f.message, /\(kube-scheduler\) is crash-looping: 468 restarts, last exit Error/);
    assertCites(f.evidence);
    assert.equal(f.evidence[0].object, 'Pod/kube-system/kube-scheduler-talos02');
    assert.equal(g.count, 5, 'exactly the threshold, not ready');
  });

  it('reads CrashLoopBackOff from the STATUS column, without naming the table’s placeholder container', async () => {
    const ev = await intake({
      'pods.txt': table(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], [
        ['kube-system', 'kube-scheduler-talos02', '0/1', 'CrashLoopBackOff', '585 (2m12s ago)', '44h', '10.20.0.15', 'talos02', '<none>', '<none>'],
        ['kube-system', 'kube-apiserver-talos02', '1/1', 'Running', '2 (40h ago)', '44h', '10.20.0.15', 'talos02', '<none>', '<none>'],
      ]),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].count, 585);
    assert.deepEqual(findings[0].data?.containers, []);
    assert.match(findings[0].message, /^kube-system\/kube-scheduler-talos02 is crash-looping: 585 restarts$/);
  });

  it('finds pods known only from BackOff events, counting the event count', async () => {
    const ev = await intake({
      'events.yaml': listYaml([
        eventObject('monitoring/node-exporter-7x2kq', 'BackOff', 'Back-off restarting failed container node-exporter in pod node-exporter-7x2kq_monitoring(2b7f5c1e-0c1d-4a5e-9f3b-7d6e5c4b3a21)', { host: 'talos02', count: 12 }),
        eventObject('monitoring/node-exporter-7x2kq', 'Pulled', 'Container image "quay.io/prometheus/node-exporter:v1.8.2" already present on machine', { host: 'talos02', type: 'Normal' }),
      ]),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.deepEqual(f.subject, { kind: 'Pod', name: 'node-exporter-7x2kq', namespace: 'monitoring' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.count, 12);
    assert.equal(f.lastSeen, '2026-02-22T01:05:00.000Z');
    assert.equal(f.evidence.length, 1);
    assert.match(f.evidence[0].object ?? '', /^Event\/monitoring\/node-exporter-7x2kq/);
  });

  it('reports a pod once when both its status and its events show the loop', () => {
    const p = pod('default/web', { node: 'n1', containers: [container('app', { waitingReason: 'CrashLoopBackOff', restartCount: 7, ready: false })] });
    const backoff = {
      signal: 'kubelet.backoff-restart', component: 'kubelet', node: 'n1', pod: 'default/web', fields: { count: 30 },
      ref: { source: 'events.yaml', excerpt: 'Back-off restarting failed container app in pod web_default(uid)' },
    };
    const { findings } = run(rule, evidence({ pods: [p], signals: [backoff] }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].count, 7);
  });

  it('counts init containers too, and follows the threshold', () => {
    const p = pod('default/migrate', { node: 'n1', containers: [container('db-migrate', { init: true, restartCount: 3, ready: false }), container('app', { waitingReason: 'PodInitializing' })] });
    assert.deepEqual(run(rule, evidence({ pods: [p] })).findings, []);
    const { findings } = run(rule, evidence({ pods: [p] }), { crashloopRestarts: 3 });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].data?.containers, ['db-migrate']);
  });

  it('says nothing for healthy pods', () => {
    const pods = [pod('default/a', { node: 'n1' }), pod('default/b', { node: 'n1', containers: [container('app', { restartCount: 50, ready: true, running: true })] })];
    assert.deepEqual(run(rule, evidence({ pods })), { findings: [], refutations: [] });
  });
});
