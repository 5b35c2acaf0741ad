import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/kubelet/pleg-unhealthy.js';
import { assertCites, cbJson, intake, lines, listYaml, nodeObject, run } from '../../helpers/evidence.js';

const PLEG = (age: string): string => `PLEG is not healthy: pleg was last seen active ${age} ago; threshold is 3m0s`;
/** `journalctl -u kubelet` (kubeadm node): syslog header around klog. */
const journal = (hms: string, age: string): string =>
  `Feb 22 ${hms} worker-2 kubelet[2211]: E0222 ${hms}.412345    2211 kubelet.go:2421] "Skipping pod synchronization" err="${PLEG(age)}"`;
/** Node object whose Ready condition carries kubelet's message. */
const nodeWith = (name: string, ip: string, status: 'True' | 'False' | 'Unknown', message: string): object => {
  const n = nodeObject({ name, ip, ready: status }) as { status: { conditions: Array<{ type: string; message: string }> } };
  n.status.conditions.find((c) => c.type === 'Ready')!.message = message;
  return n;
};

describe('kubelet/pleg-unhealthy', () => {
  it('finds PLEG warnings in a kubelet journal and the NotReady condition that quotes them', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([
        nodeWith('worker-2', '10.0.0.22', 'False', `container runtime status check may not have completed yet, ${PLEG('6m49.67s')}`),
        nodeWith('worker-1', '10.0.0.21', 'True', 'kubelet is posting ready status'),
        nodeWith('worker-3', '10.0.0.23', 'False', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'),
        nodeWith('worker-4', '10.0.0.24', 'Unknown', 'Kubelet stopped posting node status.'),
      ]),
      'worker-2/kubelet.log': lines(journal('01:05:00', '3m5.302s'), journal('01:05:05', '3m10.4s'), journal('01:08:40', '6m49.67s')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'pleg-unhealthy');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'worker-2' });
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 4, 'three log lines and the condition');
    assert.equal(f.data?.stalledMs, 409_670);
    assert.match(f.message, /last relist 410s ago \(threshold 3m\); 3 report\(s\) in its log\/events; the node is NotReady for it/);
    assertCites(f.evidence, /PLEG is not healthy/);
    assert.ok(f.evidence.some((r) => r.object === 'Node/worker-2'));
    // Ready, or NotReady for another reason, rules it out; Unknown says nothing.
    assert.deepEqual(refutations.map((r) => r.subject.name), ['worker-1', 'worker-3']);
    assert.match(refutations[1].reason, /NotReady for another reason: container runtime network not ready/);
  });

  it('reads component-base JSON from a Talos kubelet', async () => {
    const line = cbJson('2026-02-22T01:05:00.000Z', 'kubelet/kubelet.go:2421', 'Skipping pod synchronization', { err: PLEG('3m1s') });
    const [f] = run(rule, await intake({ 'talos02/service-logs/kubelet.log': lines(line) })).findings;
    assert.equal(f.node, 'talos02');
    assert.equal(f.data?.stalledMs, 181_000);
  });

  it('is refuted by a kubelet log over three minutes without PLEG warnings, and quiet for a short one', async () => {
    const ok = (ts: string): string => cbJson(ts, 'kubelet/kubelet_pods.go:1200', 'Clean up pod workers for terminated pods');
    const long = await intake({ 'talos01/service-logs/kubelet.log': lines(...Array.from({ length: 60 }, (_, i) => ok(new Date(Date.parse('2026-02-22T01:00:00Z') + i * 5000).toISOString()))) });
    assert.deepEqual(run(rule, long).refutations.map((r) => r.reason), ['no PLEG warning in 60 lines of kubelet log from 2026-02-22T01:00:00.000Z to 2026-02-22T01:04:55.000Z']);
    const short = await intake({ 'talos01/service-logs/kubelet.log': lines(...Array.from({ length: 60 }, (_, i) => ok(new Date(Date.parse('2026-02-22T01:00:00Z') + i * 1000).toISOString()))) });
    assert.deepEqual(run(rule, short), { findings: [], refutations: [] });
  });
});
