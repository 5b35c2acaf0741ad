import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/symptom/pod-stuck-containercreating.js';
import { assertCites, container, event, evidence, eventObject, intake, listYaml, pod, podObject, run, table } from '../../helpers/evidence.js';

const creating = { name: 'app', waiting: 'ContainerCreating' };

describe('symptom/pod-stuck-containercreating', () => {
  it('groups stuck pods per node and notes those whose only event is Scheduled (kubectl -o yaml)', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([
        podObject({ namespace: 'default', name: 'web-5d8f7c9b4-abcde', node: 'talos02', containers: [creating] }),
        podObject({ namespace: 'media', name: 'volsync-src-photoprism-gsvtg', node: 'talos02', containers: [creating], fsGroup: 1000 }),
        podObject({ namespace: 'default', name: 'api-7c6b5d4f3-qwert', node: 'talos01', containers: [{ name: 'api', waiting: 'ContainerCreating' }, { name: 'sidecar' }] }),
        podObject({ namespace: 'default', name: 'web-5d8f7c9b4-fghij', node: 'talos01', containers: [{ name: 'app' }] }),
      ]),
      'events.yaml': listYaml([
        eventObject('default/web-5d8f7c9b4-abcde', 'Scheduled', 'Successfully assigned default/web-5d8f7c9b4-abcde to talos02', { type: 'Normal' }),
        eventObject('media/volsync-src-photoprism-gsvtg', 'Scheduled', 'Successfully assigned media/volsync-src-photoprism-gsvtg to talos02', { type: 'Normal' }),
        eventObject('media/volsync-src-photoprism-gsvtg', 'VolumePermissionChangeInProgress', 'Setting volume ownership for /var/lib/kubelet/pods/x/volumes/kubernetes.io~csi/pvc-1/mount is taking longer than expected, consider using OnRootMismatch', { host: 'talos02' }),
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.deepEqual(findings.map((f) => f.node).sort(), ['talos01', 'talos02']);
    const f = findings.find((x) => x.node === 'talos02');
    assert.ok(f);
    assert.equal(f.failureMode, 'pod-stuck-containercreating');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 2);
    assert.deepEqual(f.pods, ['default/web-5d8f7c9b4-abcde', 'media/volsync-src-photoprism-gsvtg']);
    assert.match(f.message, /2 pod\(s\) stuck in ContainerCreating on talos02/);
    assert.match(f.message, /1 of them with no event beyond Scheduled/);
    assertCites(f.evidence);
    assert.deepEqual(f.evidence.map((r) => r.object), ['Pod/default/web-5d8f7c9b4-abcde', 'Pod/media/volsync-src-photoprism-gsvtg', 'Event/default/web-5d8f7c9b4-abcde.scheduled']);
    const other = findings.find((x) => x.node === 'talos01');
    assert.deepEqual(other?.pods, ['default/api-7c6b5d4f3-qwert'], 'one waiting container is enough; the running pod is not stuck');
    assert.doesNotMatch(other?.message ?? '', /no event beyond Scheduled/, 'a pod without events is not said to have only Scheduled');
  });

  it('reads the STATUS column of `kubectl get pods -o wide`', async () => {
    const ev = await intake({
      'pods.txt': table(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], [
        ['default', 'web-5d8f7c9b4-abcde', '0/1', 'ContainerCreating', '0', '12m', '<none>', 'talos02', '<none>', '<none>'],
        ['kube-system', 'coredns-7db6d8ff4d-x2x9z', '1/1', 'Running', '0', '44h', '10.244.1.5', 'talos02', '<none>', '<none>'],
      ]),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].subject, { kind: 'Node', name: 'talos02' });
    assert.deepEqual(findings[0].pods, ['default/web-5d8f7c9b4-abcde']);
    assert.match(findings[0].evidence[0].excerpt, /^default\s+web-5d8f7c9b4-abcde\s+0\/1\s+ContainerCreating/);
  });

  it('names the pod itself when it has no node', () => {
    const p = pod('ns1/orphan', { containers: [container('app', { waitingReason: 'ContainerCreating' })] });
    const { findings } = run(rule, evidence({ pods: [p] }));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].subject, { kind: 'Pod', name: 'orphan', namespace: 'ns1' });
    assert.equal(findings[0].node, undefined);
    assert.doesNotMatch(findings[0].message, / on /);
  });

  it("matches events by namespace: another namespace's pod of the same name does not count", () => {
    const p = pod('team-a/web', { node: 'n1', containers: [container('app', { waitingReason: 'ContainerCreating' })] });
    const e = event('team-b/web', 'Scheduled', 'Successfully assigned team-b/web to n1');
    const { findings } = run(rule, evidence({ pods: [p], events: [e] }));
    assert.doesNotMatch(findings[0].message, /Scheduled/);
    assert.deepEqual(findings[0].evidence, [p.ref]);
  });

  it('lists at most 8 pods in the message and cites at most 6', () => {
    const pods = Array.from({ length: 10 }, (_, i) => pod(`default/p${i}`, { node: 'n1', containers: [container('app', { waitingReason: 'ContainerCreating' })] }));
    const { findings } = run(rule, evidence({ pods }));
    assert.equal(findings[0].count, 10);
    assert.equal(findings[0].pods?.length, 10);
    assert.match(findings[0].message, /default\/p7, …$/);
    assert.equal(findings[0].evidence.length, 6);
  });

  it('says nothing for running, crash-looping or pending-without-status pods', () => {
    const pods = [
      pod('default/ok', { node: 'n1' }),
      pod('default/loop', { node: 'n1', containers: [container('app', { waitingReason: 'CrashLoopBackOff', restartCount: 9 })] }),
      pod('default/pending', { containers: [container('app')] }),
    ];
    assert.deepEqual(run(rule, evidence({ pods })), { findings: [], refutations: [] });
  });
});
