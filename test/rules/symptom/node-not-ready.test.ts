import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/symptom/node-not-ready.js';
import { evidence, intake, listYaml, node, nodeObject, run, table } from '../../helpers/evidence.js';

describe('symptom/node-not-ready', () => {
  it('finds a NotReady node and refutes a Ready one, from Node objects', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'talos01', ip: '10.20.0.14' }), nodeObject({ name: 'talos02', ip: '10.20.0.15', ready: 'False' }), nodeObject({ name: 'talos03', ip: '10.20.0.16', ready: 'Unknown' })]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity]), [['talos02', 'critical'], ['talos03', 'critical']]);
    const [f, g] = findings;
    assert.equal(f.failureMode, 'node-not-ready');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.message, 'node talos02 is NotReady (KubeletNotReady: kubelet Ready False)');
    assert.equal(f.evidence.length, 1);
    assert.equal(f.evidence[0].object, 'Node/talos02');
    assert.match(g.message, /talos03 is Unknown \(NodeStatusUnknown: Kubelet stopped posting node status\.\)/);

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'Node', name: 'talos01' });
    assert.equal(refutations[0].reason, 'talos01 is Ready');
    assert.equal(refutations[0].evidence[0].object, 'Node/talos01');
  });

  it('reads the STATUS column of `kubectl get nodes -o wide`', async () => {
    const ev = await intake({
      'nodes.txt': table(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'], [
        ['talos01', 'Ready,SchedulingDisabled', 'control-plane', '35d', 'v1.31.1', '10.20.0.14', '<none>', 'Talos (v1.8.0)', '6.6.52-talos', 'containerd://2.0.0'],
        ['talos02', 'NotReady', 'control-plane', '44h', 'v1.31.1', '10.20.0.15', '<none>', 'Talos (v1.8.0)', '6.6.52-talos', 'containerd://2.0.0'],
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings.map((f) => f.message), ['node talos02 is NotReady']);
    assert.match(findings[0].evidence[0].excerpt, /^talos02\s+NotReady/);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['talos01']);
  });

  it('neither finds nor refutes a node that reports no Ready condition', () => {
    assert.deepEqual(run(rule, evidence({ nodes: [node('fresh', { conditions: { MemoryPressure: 'False' } })] })), { findings: [], refutations: [] });
  });
});
