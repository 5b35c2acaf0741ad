import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/node/node-pressure.js';
import { assertCites, cbJson, evidence, eventObject, intake, lines, listYaml, node, nodeObject, noPressure, run } from '../../helpers/evidence.js';

const evicted = 'The node was low on resource: ephemeral-storage. Threshold quantity: 4294967296, available: 3187260Ki. Container app was using 9816Ki, request is 0, has larger consumption of ephemeral-storage.';

describe('node/node-pressure', () => {
  it('finds pressure conditions and evictions per node, and refutes it where all three are False', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([
        nodeObject({ name: 'talos01', ip: '10.20.0.14' }),
        nodeObject({ name: 'talos02', ip: '10.20.0.15', conditions: { DiskPressure: 'True', PIDPressure: 'True' } }),
        nodeObject({ name: 'talos03', ip: '10.20.0.16' }),
      ]),
      'events.yaml': listYaml([
        eventObject('default/web-5d8f7c9b4-abcde', 'Evicted', evicted, { host: 'talos03', count: 3, name: 'web.1' }),
        eventObject('default/web-5d8f7c9b4-fghij', 'Evicted', evicted, { host: 'talos03', name: 'web.2', last: '2026-02-22T01:06:00Z' }),
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity, f.count]), [['talos02', 'critical', 2], ['talos03', 'critical', 2]]);
    const [disk, evictions] = findings;
    assert.equal(disk.failureMode, 'node-pressure');
    assert.deepEqual(disk.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(disk.node, 'talos02');
    assert.equal(disk.message, 'talos02 is under pressure: DiskPressure, PIDPressure');
    assert.deepEqual(disk.evidence.map((r) => r.object), ['Node/talos02']);
    assert.match(evictions.message, /talos03 is under pressure: 2 eviction messages/);
    assert.equal(evictions.lastSeen, '2026-02-22T01:06:00.000Z');
    assertCites(evictions.evidence);
    assert.deepEqual(evictions.evidence.map((r) => r.object).sort(), ['Event/default/web.1', 'Event/default/web.2', 'Node/talos03']);

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'Node', name: 'talos01' });
    assert.equal(refutations[0].reason, 'talos01 reports MemoryPressure=False, DiskPressure=False, PIDPressure=False');
    assert.equal(refutations[0].evidence[0].object, 'Node/talos01');
  });

  it('does not refute pressure on a node whose kubelet stopped posting status (conditions Unknown)', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'talos02', ip: '10.20.0.15', ready: 'Unknown', conditions: { MemoryPressure: 'Unknown', DiskPressure: 'Unknown', PIDPressure: 'Unknown' } })]),
    });
    assert.deepEqual(run(rule, ev), { findings: [], refutations: [] });
    const mixed = node('talos03', { conditions: noPressure({ DiskPressure: 'Unknown' }) });
    assert.deepEqual(run(rule, evidence({ nodes: [mixed] })).refutations, []);
  });

  it('neither finds nor refutes with fewer than the three conditions (a `kubectl get nodes` row)', () => {
    assert.deepEqual(run(rule, evidence({ nodes: [node('talos01', { ready: 'True' })] })), { findings: [], refutations: [] });
  });

  it("reads modern kubelet's capitalised `Eviction manager: attempting to reclaim`", async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'talos02', ip: '10.20.0.15' })]),
      'talos02/service-logs/kubelet.log': lines(cbJson('2026-02-22T01:00:00.000Z', 'eviction/eviction_manager.go:366', 'Eviction manager: attempting to reclaim', { resourceName: 'ephemeral-storage' })),
    });
    assert.deepEqual(run(rule, ev).findings.map((f) => f.subject.name), ['talos02']);
  });
});
