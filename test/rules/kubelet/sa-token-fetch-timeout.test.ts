import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/kubelet/sa-token-fetch-timeout.js';
import { assertCites, cbJson, evidence, eventObject, intake, klog, lines, listYaml, nodeObject, pod, podObject, run, signal, table } from '../../helpers/evidence.js';

const UID = '5d2c8e7a-1b3f-4c6d-9e8f-0a1b2c3d4e5f';
const TIMEOUT = 'Timeout: request did not complete within requested timeout - context deadline exceeded';
const mountFailed = (podName: string, err: string): string =>
  `Operation for "{volumeName:kubernetes.io/projected/${UID}-kube-api-access-8xk2p podName:${UID} nodeName:}" failed. No retries permitted until 2026-02-22 01:07:02.123 +0000 UTC m=+1234.567 (durationBeforeRetry 2m2s). Error: MountVolume.SetUp failed for volume "kube-api-access-8xk2p" (UniqueName: "kubernetes.io/projected/${UID}-kube-api-access-8xk2p") pod "${podName}" (UID: "${UID}") : failed to fetch token: ${err}`;
const preparing = (podKey: string, err: string): string => `Error preparing data for projected volume kube-api-access-8xk2p for pod ${podKey}: failed to fetch token: ${err}`;
/** `journalctl -u kubelet` on a kubeadm node: syslog header around klog. */
const journal = (ts: string, msg: string): string => `Feb 22 ${ts} talos02 kubelet[1234]: ${klog('E', `2026-02-22T${ts}.000Z`, 'nestedpendingoperations.go:348', 'x').split('] ')[0]}] ${msg}`;

describe('kubelet/sa-token-fetch-timeout', () => {
  it('finds token requests timing out in kubelet logs and FailedMount events, per node', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'talos01', ip: '10.20.0.14' }), nodeObject({ name: 'talos02', ip: '10.20.0.15' })]),
      'pods.yaml': listYaml([podObject({ name: 'web-5d8f7c9b4-abcde', uid: UID, node: 'talos02', containers: [{ name: 'app', waiting: 'ContainerCreating' }] })]),
      'events.yaml': listYaml([eventObject('default/web-5d8f7c9b4-abcde', 'FailedMount', `MountVolume.SetUp failed for volume "kube-api-access-8xk2p" : failed to fetch token: ${TIMEOUT}`, { count: 5, host: 'talos02' })]),
      // Folder named after the node, file after the unit: the node comes from the folder once nodes are known.
      'talos02/kubelet.log': lines(journal('01:05:00', preparing('default/web-5d8f7c9b4-abcde', TIMEOUT)), journal('01:07:02', preparing('default/web-5d8f7c9b4-abcde', TIMEOUT))),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'sa-token-fetch-timeout');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 7, 'two log lines and an event seen 5 times');
    assert.deepEqual(f.pods, ['default/web-5d8f7c9b4-abcde']);
    assert.equal(f.firstSeen, '2026-02-22T01:05:00.000Z');
    assert.equal(f.lastSeen, '2026-02-22T01:07:02.000Z');
    assertCites(f.evidence, /failed to fetch token: Timeout/);
    assert.ok(f.evidence.some((r) => r.object === 'Event/default/web-5d8f7c9b4-abcde.failedmount'), 'cites the event');
  });

  it('sees the timeout of a long nestedpendingoperations line, past the cut of its excerpt', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'talos02', ip: '10.20.0.15' })]),
      'talos02/kubelet.log': lines(journal('01:05:00', mountFailed('web-5d8f7c9b4-abcde', TIMEOUT))),
    });
    assert.equal(ev.signals.length, 1);
    assert.doesNotMatch(ev.signals[0].ref.excerpt, /failed to fetch token: Timeout/, 'the excerpt is cut before the error');
    assert.deepEqual(run(rule, ev).findings.map((f) => f.node), ['talos02']);
  });

  it("does not count kubelet's echo of a failure it could not report as an event", () => {
    const echo = `Server rejected event '&v1.Event{ObjectMeta:v1.ObjectMeta{Name:"web.17f"}, Reason:"FailedMount", Message:"MountVolume.SetUp failed for volume \\"kube-api-access-8xk2p\\" : failed to fetch token: ${TIMEOUT}"}' (will not retry!)`;
    const s = signal(journal('01:05:00', echo), { node: 'talos02' });
    assert.equal(s.signal, 'kubelet.token-fetch-failed');
    assert.deepEqual(run(rule, evidence({ signals: [s] })).findings, []);
  });

  it('reads component-base JSON from a Talos kubelet', async () => {
    const line = cbJson('2026-02-22T01:05:00.000Z', 'projected/projected.go:196', preparing('default/web-5d8f7c9b4-abcde', TIMEOUT));
    const ev = await intake({ 'talos02/service-logs/kubelet.log': lines(line) });
    const { findings } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.count]), [['talos02', 1]]);
  });

  it('reads FailedMount rows of `kubectl get events`', async () => {
    const ev = await intake({
      'events.txt': table(['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], [
        ['default', '2m', 'Warning', 'FailedMount', 'pod/web-5d8f7c9b4-abcde', `MountVolume.SetUp failed for volume "kube-api-access-8xk2p" : failed to fetch token: ${TIMEOUT}`],
      ]),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].subject, { kind: 'Cluster', name: 'cluster' }, 'no node known for the pod');
    assert.equal(findings[0].node, undefined);
    assert.deepEqual(findings[0].pods, ['default/web-5d8f7c9b4-abcde']);
  });

  it("places a failure on the pod's node when the line itself has none", () => {
    const s = { ...signal(journal('01:05:00', preparing('default/web', TIMEOUT))), node: undefined, pod: 'default/web' };
    const { findings } = run(rule, evidence({ pods: [pod('default/web', { node: 'talos03' })], signals: [s] }));
    assert.deepEqual(findings.map((f) => f.node), ['talos03']);
  });

  it('ignores token failures that are not timeouts', async () => {
    const ev = await intake({
      'talos02/kubelet.log': lines(journal('01:05:00', preparing('default/web-5d8f7c9b4-abcde', 'serviceaccounts "web" is forbidden: User "system:node:talos02" cannot create resource "serviceaccounts/token"'))),
      'nodes.yaml': listYaml([nodeObject({ name: 'talos02', ip: '10.20.0.15' })]),
    });
    assert.equal(ev.signals.length, 1);
    assert.deepEqual(run(rule, ev).findings, []);
  });

  it('says nothing without token failures', () => {
    assert.deepEqual(run(rule, evidence({ pods: [pod('default/web', { node: 'talos02' })] })), { findings: [], refutations: [] });
  });
});
