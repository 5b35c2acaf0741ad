import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/kubelet/fsgroup-recursive-chown.js';
import { assertCites, cbJson, evidence, eventObject, intake, lines, listYaml, pod, podObject, run, signal } from '../../helpers/evidence.js';

const UID = '7f3e2d1c-0b9a-4876-9543-21fedcba9876';
const VOLUME = `/var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~csi/pvc-3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/mount`;
const POD = 'media/volsync-src-photoprism-gsvtg';
const photoprism = (extra: { fsGroupChangePolicy?: string } = {}): object =>
  podObject({ namespace: 'media', name: 'volsync-src-photoprism-gsvtg', uid: UID, node: 'talos02', fsGroup: 1000, ...extra, owner: { kind: 'Job', name: 'volsync-src-photoprism' }, containers: [{ name: 'restic', waiting: 'ContainerCreating' }] });
const slowEvent = `Setting volume ownership for ${VOLUME} is taking longer than expected, consider using OnRootMismatch - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods`;
const progressEvent = (n: number): string => `Setting volume ownership for ${VOLUME}, processed ${n} files.`;
const olderKubeletLine = (ts: string): string =>
  cbJson(ts, 'volume/volume_linux.go:49', `Setting volume ownership for ${VOLUME} and fsGroup set. If the volume has a lot of files then setting volume ownership could be slow, see https://github.com/kubernetes/kubernetes/issues/69699`);

describe('kubelet/fsgroup-recursive-chown', () => {
  it('names the pod whose volume kubelet is chowning, from VolumePermissionChangeInProgress events', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([photoprism()]),
      'events.yaml': listYaml([
        eventObject(POD, 'VolumePermissionChangeInProgress', slowEvent, { host: 'talos02', name: 'volsync-src-photoprism-gsvtg.1' }),
        eventObject(POD, 'VolumePermissionChangeInProgress', progressEvent(565718), { host: 'talos02', name: 'volsync-src-photoprism-gsvtg.2', last: '2026-02-22T01:20:00Z' }),
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'fsgroup-recursive-chown');
    assert.deepEqual(f.subject, { kind: 'Pod', name: 'volsync-src-photoprism-gsvtg', namespace: 'media' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 2);
    assert.deepEqual(f.pods, [POD]);
    assert.deepEqual(f.data, { filesProcessed: 565718, fsGroup: 1000, owner: 'Job/volsync-src-photoprism' });
    assert.match(f.message, /fsGroup 1000 \(565,718 files processed so far\); fsGroupChangePolicy is not set \(Always\)/);
    assertCites(f.evidence);
    assert.deepEqual(f.evidence.map((r) => r.object).sort(), [
      'Event/media/volsync-src-photoprism-gsvtg.1',
      'Event/media/volsync-src-photoprism-gsvtg.2',
      `Pod/${POD}`,
    ]);
  });

  it("finds the pod by the UID in the volume path of kubelet's own log line", async () => {
    const ev = await intake({
      'pods.yaml': listYaml([photoprism({ fsGroupChangePolicy: 'OnRootMismatch' })]),
      'talos02/service-logs/kubelet.log': lines(olderKubeletLine('2026-02-22T01:00:00.000Z'), olderKubeletLine('2026-02-22T01:02:00.000Z')),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].pods, [POD]);
    assert.equal(findings[0].node, 'talos02');
    assert.equal(findings[0].count, 2);
    assert.equal(findings[0].data?.filesProcessed, undefined);
    assert.match(findings[0].message, /fsGroupChangePolicy is OnRootMismatch$/);
    assertCites(findings[0].evidence, /Setting volume ownership/);
  });

  it("takes the node from the log line when the pod's spec is not at hand", () => {
    const s = { ...signal(olderKubeletLine('2026-02-22T01:00:00.000Z'), { node: 'talos03' }), pod: 'default/db-0' };
    const { findings } = run(rule, evidence({ signals: [s] }));
    assert.deepEqual(findings.map((f) => [f.subject.name, f.node, f.data?.fsGroup]), [['db-0', 'talos03', undefined]]);
    assert.match(findings[0].message, /not set \(Always\)/);
  });

  it('ignores ownership lines whose pod cannot be told', () => {
    const s = signal(olderKubeletLine('2026-02-22T01:00:00.000Z'), { node: 'talos02' });
    assert.deepEqual(run(rule, evidence({ pods: [pod('default/other', { uid: '00000000-0000-4000-8000-000000000001' })], signals: [s] })), { findings: [], refutations: [] });
  });

  it('says nothing for pods with fsGroup but no ownership change in progress', () => {
    assert.deepEqual(run(rule, evidence({ pods: [pod(POD, { uid: UID, node: 'talos02', fsGroup: 1000 })] })), { findings: [], refutations: [] });
  });
});
