import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/node/csi-failure.js';
import { assertCites, cbJson, evidence, eventObject, intake, lines, listYaml, nodeObject, object, pod, podObject, run, signal } from '../../helpers/evidence.js';

const attachment = (name: string, nodeName: string, attached: boolean): object => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment',
  metadata: { name },
  spec: { attacher: 'rook-ceph.rbd.csi.ceph.com', nodeName, source: { persistentVolumeName: `pvc-${name}` } },
  status: { attached, ...(attached ? { attachmentMetadata: { device: '/dev/rbd0' } } : { attachError: { message: 'rpc error: code = DeadlineExceeded', time: '2026-02-22T01:00:00Z' } }) },
});
const attachFailed = 'AttachVolume.Attach failed for volume "pvc-3c1d2e4f" : rpc error: code = DeadlineExceeded desc = context deadline exceeded';
const multiAttach = 'Multi-Attach error for volume "pvc-9a8b7c6d" Volume is already exclusively attached to one node and can\'t be attached to another';

describe('node/csi-failure', () => {
  it('places attach errors on the pod’s node, and refutes CSI where every attachment is attached', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'talos01', ip: '10.20.0.14' }), nodeObject({ name: 'talos02', ip: '10.20.0.15' })]),
      'pods.yaml': listYaml([
        podObject({ namespace: 'db', name: 'postgres-0', node: 'talos02', containers: [{ name: 'postgres', waiting: 'ContainerCreating' }] }),
        podObject({ namespace: 'media', name: 'jellyfin-0', node: 'talos02', containers: [{ name: 'jellyfin', waiting: 'ContainerCreating' }] }),
      ]),
      // The attach/detach controller reports these: no kubelet host on the event, the node comes from the pod.
      'events.yaml': listYaml([
        eventObject('db/postgres-0', 'FailedAttachVolume', attachFailed, { count: 3 }),
        eventObject('media/jellyfin-0', 'FailedAttachVolume', multiAttach),
      ]),
      'volumeattachments.yaml': listYaml([attachment('a1', 'talos01', true), attachment('a2', 'talos01', true), attachment('a3', 'talos02', false)]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'csi-failure');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 4);
    assert.deepEqual([...(f.pods ?? [])].sort(), ['db/postgres-0', 'media/jellyfin-0']);
    assertCites(f.evidence);
    assert.deepEqual(f.evidence.map((r) => r.object).sort(), ['Event/db/postgres-0.failedattachvolume', 'Event/media/jellyfin-0.failedattachvolume']);

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'Node', name: 'talos01' });
    assert.equal(refutations[0].reason, 'all 2 volume attachment(s) on talos01 are attached and kubelet reports no attach/mount errors');
    assert.deepEqual(refutations[0].evidence.map((r) => r.object), ['VolumeAttachment/a1', 'VolumeAttachment/a2']);
  });

  it("reads kubelet's MountDevice failures from its log", async () => {
    const line = cbJson('2026-02-22T01:00:00.000Z', 'operationexecutor/operation_generator.go:1102', 'MountVolume.MountDevice failed for volume "pvc-3c1d2e4f" (UniqueName: "kubernetes.io/csi/rook-ceph.rbd.csi.ceph.com^0001") pod "postgres-0" (UID: "5d2c") : rpc error: code = Aborted desc = an operation with the given Volume ID already exists', { pod: { name: 'postgres-0', namespace: 'db' } });
    const ev = await intake({ 'talos03/service-logs/kubelet.log': lines(line) });
    const { findings } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.count, f.pods]), [['talos03', 1, ['db/postgres-0']]]);
  });

  it('does not refute a node with an unattached volume, nor one with CSI errors', () => {
    const err = signal(`${attachFailed}`, { node: 'n1', id: 'kubelet.csi-failure' });
    const ok = object('VolumeAttachment', 'a1', { spec: { nodeName: 'n1' }, status: { attached: true } });
    const { findings, refutations } = run(rule, evidence({ signals: [err], objects: [ok] }));
    assert.equal(findings.length, 1);
    assert.deepEqual(refutations, []);
    const pending = object('VolumeAttachment', 'a2', { spec: { nodeName: 'n2' }, status: { attached: false } });
    assert.deepEqual(run(rule, evidence({ objects: [pending], pods: [pod('default/x', { node: 'n2' })] })), { findings: [], refutations: [] });
  });
});
