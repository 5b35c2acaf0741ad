import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/node/cni-failure.js';
import { assertCites, cbJson, container, evidence, eventObject, intake, lines, listYaml, node, nodeObject, object, pod, podObject, run } from '../../helpers/evidence.js';

const networkNotReady = (ts: string): string =>
  cbJson(ts, 'kubelet/kubelet.go:3015', 'Container runtime network not ready', {
    networkReady: 'NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  });
const sandboxFailed = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "0123abcd4567": plugin type="cilium-cni" failed (add): unable to connect to Cilium daemon: failed to create cilium agent client after 30.000000 seconds timeout';
const ciliumUp = { NetworkUnavailable: 'False' };
const ciliumReason = { NetworkUnavailable: 'CiliumIsUp' };
const ciliumNode = (name: string): object => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNode', metadata: { name }, spec: { addresses: [{ type: 'InternalIP', ip: '10.20.0.14' }] } });

describe('node/cni-failure', () => {
  it('finds CNI errors per node, and refutes it where the network is up and the agent runs', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([
        nodeObject({ name: 'talos01', ip: '10.20.0.14', conditions: ciliumUp, reasons: ciliumReason }),
        nodeObject({ name: 'talos02', ip: '10.20.0.15', conditions: ciliumUp, reasons: ciliumReason }),
        nodeObject({ name: 'talos03', ip: '10.20.0.16', conditions: ciliumUp, reasons: ciliumReason }),
      ]),
      'ciliumnodes.yaml': listYaml([ciliumNode('talos01')]),
      'pods.yaml': listYaml([
        podObject({ namespace: 'kube-system', name: 'cilium-x7k2p', node: 'talos01', containers: [{ name: 'cilium-agent' }], initContainers: [{ name: 'mount-cgroup', running: false }] }),
        podObject({ namespace: 'kube-system', name: 'cilium-9p4rt', node: 'talos03', containers: [{ name: 'cilium-agent', ready: false, restarts: 3 }] }),
        podObject({ namespace: 'default', name: 'web-5d8f7c9b4-abcde', node: 'talos02', containers: [{ name: 'app', waiting: 'ContainerCreating' }] }),
      ]),
      'events.yaml': listYaml([eventObject('default/web-5d8f7c9b4-abcde', 'FailedCreatePodSandBox', sandboxFailed, { host: 'talos02', count: 4 })]),
      'talos02/service-logs/kubelet.log': lines(networkNotReady('2026-02-22T01:00:00.000Z'), networkNotReady('2026-02-22T01:00:05.000Z')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'cni-failure');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 6, 'two log lines and an event seen 4 times');
    assert.match(f.message, /pod network on talos02 is not ready: 6 CNI\/sandbox network errors/);
    assertCites(f.evidence, /cni plugin not initialized/);
    assert.ok(f.evidence.some((r) => r.object === 'Event/default/web-5d8f7c9b4-abcde.failedcreatepodsandbox'));

    // talos03's agent is not ready, so its NetworkUnavailable=False proves nothing.
    assert.equal(refutations.length, 1);
    const [r] = refutations;
    assert.deepEqual(r.subject, { kind: 'Node', name: 'talos01' });
    assert.equal(r.reason, 'NetworkUnavailable=False (CiliumIsUp); CiliumNode present; CNI agent cilium-x7k2p running; no CNI errors from kubelet');
    assert.deepEqual(r.evidence.map((e) => e.object), ['Node/talos01', 'CiliumNode/talos01', 'Pod/kube-system/cilium-x7k2p']);
  });

  it('refutes on any one healthy sign, and not against NetworkUnavailable=True', () => {
    const onlyAgent = run(rule, evidence({ nodes: [node('n1')], pods: [pod('kube-system/calico-node-abcde', { node: 'n1' })] }));
    assert.deepEqual(onlyAgent.refutations.map((r) => r.reason), ['CNI agent calico-node-abcde running; no CNI errors from kubelet']);
    const down = node('n2', { conditions: { NetworkUnavailable: 'True' } });
    assert.deepEqual(run(rule, evidence({ nodes: [down], objects: [object('CiliumNode', 'n2', {})] })).refutations, []);
  });

  it('does not take an unready agent container, or a pod that merely looks like one, as proof', () => {
    const waiting = pod('kube-system/kube-flannel-ds-abcde', { node: 'n1', containers: [container('kube-flannel', { waitingReason: 'CrashLoopBackOff', restartCount: 9 })] });
    assert.deepEqual(run(rule, evidence({ nodes: [node('n1')], pods: [waiting] })).refutations, []);
    const lookalike = pod('default/ciliumdemo', { node: 'n1' });
    assert.deepEqual(run(rule, evidence({ nodes: [node('n1')], pods: [lookalike] })).refutations, []);
  });

  it('says nothing without nodes or CNI errors', () => {
    assert.deepEqual(run(rule, evidence()), { findings: [], refutations: [] });
  });
});
