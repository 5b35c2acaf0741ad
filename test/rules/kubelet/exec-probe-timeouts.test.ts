import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/kubelet/exec-probe-timeouts.js';
import { assertCites, cbJson, evidence, eventObject, intake, klog, lines, listYaml, nodeObject, podObject, run, signal } from '../../helpers/evidence.js';

const execSync = (ts: string, cmd: string[]): string =>
  cbJson(ts, 'cri-client/remote_runtime.go:636', 'ExecSync cmd from runtime service failed', { containerID: '3f1c2a9b8e7d6c5b', cmd, err: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' });
const probeErrored = (ts: string, pod: { namespace: string; name: string }, err: string): string =>
  cbJson(ts, 'prober/prober.go:104', 'Probe errored', { err, probeType: 'Liveness', pod, podUID: '2b7f5c1e-0c1d-4a5e-9f3b-7d6e5c4b3a21', containerName: 'osd' });
const OSD = { namespace: 'rook-ceph', name: 'rook-ceph-osd-2-6b8d9f7c4-x2x9z' };
const EXEC_TIMEOUT = 'rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded';

describe('kubelet/exec-probe-timeouts', () => {
  it('counts ExecSync deadlines and errored exec probes per node, naming commands and pods (Talos JSON)', async () => {
    const ev = await intake({
      'talos02/service-logs/kubelet.log': lines(
        execSync('2026-02-22T11:06:05.000Z', ['ceph', '--admin-daemon', '/run/ceph/ceph-osd.2.asok', 'status']),
        execSync('2026-02-22T11:06:15.000Z', ['ceph', '--admin-daemon', '/run/ceph/ceph-mon.c.asok', 'mon_status']),
        execSync('2026-02-22T11:06:25.000Z', ['ceph', '--admin-daemon', '/run/ceph/ceph-osd.2.asok', 'status']),
        probeErrored('2026-02-22T11:06:30.000Z', OSD, EXEC_TIMEOUT),
        probeErrored('2026-02-22T11:06:40.000Z', OSD, 'rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state'),
      ),
      'talos01/service-logs/kubelet.log': lines(cbJson('2026-02-22T11:06:05.000Z', 'kubelet/kubelet.go:2400', 'SyncLoop (PLEG): event for pod', { pod: { name: 'x', namespace: 'y' } })),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'kubelet-exec-probe-timeouts');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 4, 'three ExecSync deadlines and one timed-out probe; the probe on an exited container is no timeout');
    assert.deepEqual(f.pods, ['rook-ceph/rook-ceph-osd-2-6b8d9f7c4-x2x9z']);
    assert.match(f.message, /"ceph --admin-daemon \/run\/ceph\/ceph-osd\.2\.asok status", "ceph --admin-daemon \/run\/ceph\/ceph-mon\.c\.asok mon_status"/);
    assert.equal(f.firstSeen, '2026-02-22T11:06:05.000Z');
    assert.equal(f.lastSeen, '2026-02-22T11:06:30.000Z');
    assertCites(f.evidence, /ExecSync cmd from runtime service failed/);
    assert.ok(!f.evidence.some((r) => r.excerpt.includes('CONTAINER_EXITED')));
  });

  it('reads `Liveness probe errored` Unhealthy events and klog text', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([podObject({ ...OSD, node: 'talos02', containers: [{ name: 'osd' }] })]),
      'events.yaml': listYaml([eventObject(`${OSD.namespace}/${OSD.name}`, 'Unhealthy', `Liveness probe errored: ${EXEC_TIMEOUT}`, { count: 9, host: 'talos02' })]),
      'talos03/kubelet.log': lines(klog('E', '2026-02-22T11:06:05.000Z', 'remote_runtime.go:636', 'ExecSync cmd from runtime service failed', { err: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded', containerID: 'abc', cmd: '[pg_isready -U postgres]' })),
      'nodes.yaml': listYaml([nodeObject({ name: 'talos02', ip: '10.20.0.15' }), nodeObject({ name: 'talos03', ip: '10.20.0.16' })]),
    });
    const { findings } = run(rule, ev);
    const byNode = new Map(findings.map((f) => [f.node, f]));
    assert.equal(byNode.get('talos02')?.count, 9);
    assert.equal(byNode.get('talos02')?.severity, 'warning');
    assert.deepEqual(byNode.get('talos02')?.pods, [`${OSD.namespace}/${OSD.name}`]);
    assert.equal(byNode.get('talos02')?.evidence[0].object, `Event/${OSD.namespace}/${OSD.name}.unhealthy`);
    assert.equal(byNode.get('talos03')?.count, 1);
    assert.match(byNode.get('talos03')?.message ?? '', /"\[pg_isready -U postgres\]"/);
    assert.equal(findings.length, 2);
  });

  it('is critical from ten timeouts on', () => {
    const s = (n: number) => Array.from({ length: n }, (_, i) => signal(execSync(`2026-02-22T11:06:${String(i).padStart(2, '0')}.000Z`, ['true']), { node: 'talos02', line: i + 1 }));
    assert.equal(run(rule, evidence({ signals: s(9) })).findings[0].severity, 'warning');
    assert.equal(run(rule, evidence({ signals: s(10) })).findings[0].severity, 'critical');
  });

  it('says nothing for probes that fail without timing out', () => {
    const failed = signal(probeErrored('2026-02-22T11:06:40.000Z', OSD, 'rpc error: code = Unknown desc = container not running'), { node: 'talos02' });
    assert.deepEqual(run(rule, evidence({ signals: [failed] })), { findings: [], refutations: [] });
  });
});
