import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/etcd/disk-contention.js';
import { assertCites, cbJson, evidence, intake, lines, proc, processTable, run, signal, table, zap } from '../../helpers/evidence.js';

const fdatasync = (ts: string, took: string): string => zap(ts, 'warn', 'wal/wal.go:805', 'slow fdatasync', { took, 'expected-duration': '1s' });
const execSyncTimeout = (ts: string, cmd: string[]): string =>
  cbJson(ts, 'remote_runtime.go:636', 'ExecSync cmd from runtime service failed', {
    containerID: '3f1c2a9b8e7d',
    cmd,
    err: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
  });

const talos02Processes = processTable([
  { pid: 1987, cpu: 67012.4, rss: '412 MB', command: '/usr/local/bin/etcd --name=talos02 --data-dir=/var/lib/etcd' },
  { pid: 7356, cpu: 43884.1, rss: '350 MB', command: 'cilium-agent --config-dir=/tmp/cilium/config-map' },
  { pid: 76478, cpu: 1439.5, rss: '2.1 GB', command: '/bin/prometheus --storage.tsdb.path=/prometheus' },
  { pid: 93688, cpu: 875.0, rss: '3.2 GB', command: 'ceph-osd --foreground --id 2 --setuser ceph' },
  { pid: 93690, cpu: 12.0, rss: '900 MB', command: 'ceph-osd --foreground --id 5 --setuser ceph' },
  { pid: 74623, cpu: 666.0, rss: '1.1 GB', command: 'ffmpeg -hide_banner -loglevel warning -i rtsp://cam1' },
  { pid: 81234, cpu: 210.3, rss: '700 MB', command: 'ceph-mon --foreground -i c' },
]);

describe('etcd/disk-contention', () => {
  it('names the node whose etcd syncs slowly beside I/O-heavy workloads, from a support bundle', async () => {
    const ev = await intake({
      'talos02/service-logs/etcd.log': lines(fdatasync('2026-02-22T11:06:01.000Z', '1.007s'), fdatasync('2026-02-22T11:06:40.000Z', '1.9s')),
      'talos02/service-logs/kubelet.log': lines(
        execSyncTimeout('2026-02-22T11:06:05.000Z', ['ceph', '--admin-daemon', '/run/ceph/ceph-osd.2.asok', 'status']),
        execSyncTimeout('2026-02-22T11:06:15.000Z', ['ceph', '--admin-daemon', '/run/ceph/ceph-mon.c.asok', 'mon_status']),
      ),
      'talos02/processes': talos02Processes,
      'talos02/io': table(['NAME', 'IO_TIME', 'IO_TIME_WEIGHTED', 'DISK_WRITE_SECTORS', 'DISK_READ_SECTORS'], [
        ['loop0', 12, 15, 0, 2048],
        ['nvme0n1', 98_765_432, 456_789_012, 3_456_789_012, 1_234_567_890],
      ]),
      'talos01/service-logs/etcd.log': lines(fdatasync('2026-02-22T11:06:01.000Z', '1.3s')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, [], 'talos01 has no process list, so its contention is not judged');
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'etcd-disk-contention');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 2);
    assert.equal(f.firstSeen, '2026-02-22T11:06:01.000Z');
    assert.equal(f.lastSeen, '2026-02-22T11:06:40.000Z');
    const procs = f.data?.processes as Array<{ command: string; pid: number; kind: string }>;
    // Busiest first, one per command: the idle second ceph-osd is not listed; etcd and cilium are not I/O-heavy neighbours.
    assert.deepEqual(procs.map((p) => [p.pid, p.kind]), [[76478, 'metrics/log TSDB'], [93688, 'Ceph OSD'], [74623, 'video recorder'], [81234, 'Ceph monitor']]);
    assert.match(f.message, /metrics\/log TSDB, Ceph OSD, video recorder, Ceph monitor/);
    assert.match(f.message, /fdatasync took up to 1\.90s/);
    assert.match(f.message, /2 exec health checks timed out/);
    assertCites(f.evidence, /slow fdatasync/);
    assert.ok(f.evidence.some((r) => r.source.endsWith('talos02/processes') && r.excerpt.startsWith('93688')), 'cites the ceph-osd process row');
    assert.ok(f.evidence.some((r) => r.source.endsWith('talos02/io') && r.excerpt.startsWith('nvme0n1')), 'cites the busiest disk');
  });

  it('refutes contention on a slow node whose processes are not I/O-heavy', async () => {
    const ev = await intake({
      'talos03/service-logs/etcd.log': lines(fdatasync('2026-02-22T11:06:01.000Z', '1.2s')),
      'talos03/processes': processTable([
        { pid: 1987, cpu: 5012.4, rss: '412 MB', command: '/usr/local/bin/etcd --name=talos03' },
        { pid: 2001, cpu: 3000.0, rss: '900 MB', command: '/usr/local/bin/kube-apiserver --etcd-servers=https://localhost:2379' },
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'Node', name: 'talos03' });
    assert.match(refutations[0].reason, /no I\/O-heavy process in talos03's process list \(2 processes\)/);
    assert.ok(refutations[0].evidence[0].source.endsWith('talos03/processes'));
  });

  it('needs slow disk: I/O-heavy neighbours alone, or a sync of exactly 1s, are no contention', () => {
    const heavy = [proc('talos02', 93688, 'ceph-osd', { cpuSeconds: 875 }), proc('talos02', 76478, 'prometheus', { cpuSeconds: 1439 })];
    assert.deepEqual(run(rule, evidence({ processes: heavy })), { findings: [], refutations: [] });
    const atThreshold = signal(fdatasync('2026-02-22T11:06:01.000Z', '1s'), { node: 'talos02' });
    assert.deepEqual(run(rule, evidence({ processes: heavy, signals: [atThreshold] })), { findings: [], refutations: [] });
    const above = signal(fdatasync('2026-02-22T11:06:01.000Z', '1.001s'), { node: 'talos02' });
    assert.equal(run(rule, evidence({ processes: heavy, signals: [above] })).findings.length, 1);
  });

  it('counts late heartbeats "likely from slow disk" (three or more) as slow disk', () => {
    const beat = zap('2026-02-22T11:06:31.000Z', 'warn', 'etcdserver/raft.go:415', 'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk', { to: '8f1c0d8a2b3c4d5e', 'heartbeat-interval': '100ms', 'expected-duration': '200ms', 'exceeded-duration': '800ms' });
    const beats = [1, 2, 3].map((line) => signal(beat, { node: 'talos01', line }));
    const { findings } = run(rule, evidence({ processes: [proc('talos01', 4242, 'postgres', { cpuSeconds: 10 })], signals: beats }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].subject.name, 'talos01');
    assert.deepEqual((findings[0].data?.processes as Array<{ kind: string }>).map((p) => p.kind), ['database']);
  });

  it('only looks at the slow node’s own processes', () => {
    const slow = signal(fdatasync('2026-02-22T11:06:01.000Z', '1.5s'), { node: 'talos02' });
    const { findings, refutations } = run(rule, evidence({ signals: [slow], processes: [proc('talos01', 93688, 'ceph-osd'), proc('talos02', 1987, 'etcd')] }));
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['talos02']);
  });
});
