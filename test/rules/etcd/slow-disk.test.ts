import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/etcd/slow-disk.js';
import { assertCites, evidence, intake, lines, logStat, member, run, signal, talosEtcdStatus, zap } from '../../helpers/evidence.js';

const fdatasync = (ts: string, took: string): string => zap(ts, 'warn', 'wal/wal.go:805', 'slow fdatasync', { took, 'expected-duration': '1s' });
const lateHeartbeat = (ts: string): string =>
  zap(ts, 'warn', 'etcdserver/raft.go:415', 'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk', {
    to: '25e10c575a763da7',
    'heartbeat-interval': '100ms',
    'expected-duration': '200ms',
    'exceeded-duration': '1.021s',
  });
const healthy = (i: number): string => zap(`2026-02-22T10:${String(i % 60).padStart(2, '0')}:00.000Z`, 'info', 'etcdserver/server.go:1395', 'triggering snapshot', { 'local-member-id': '25e10c575a763da7', 'local-member-applied-index': 1000 + i });

describe('etcd/slow-disk', () => {
  it('names the member whose WAL syncs slowly, and refutes it for a member with a clean log', async () => {
    const ev = await intake({
      'etcd-status.txt': talosEtcdStatus([
        { node: 'talos01', member: '25e10c575a763da7', dbSize: '60 MB', inUse: '57 MB (95.00%)', leader: '25e10c575a763da7' },
        { node: 'talos02', member: '8f1c0d8a2b3c4d5e', dbSize: '60 MB', inUse: '58 MB (96.67%)', leader: '25e10c575a763da7' },
      ]),
      'talos01/service-logs/etcd.log': lines(...Array.from({ length: 60 }, (_, i) => healthy(i))),
      'talos02/service-logs/etcd.log': lines(
        healthy(1),
        fdatasync('2026-02-22T11:06:01.000Z', '1.007s'),
        fdatasync('2026-02-22T11:06:30.000Z', '1.5s'),
        lateHeartbeat('2026-02-22T11:06:31.000Z'),
        fdatasync('2026-02-22T11:07:00.000Z', '1.2s'),
      ),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'etcd-slow-disk');
    assert.deepEqual(f.subject, { kind: 'EtcdMember', name: 'talos02', id: '8f1c0d8a2b3c4d5e' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'critical', 'three or more slow syncs are critical');
    assert.equal(f.count, 4);
    assert.equal(f.firstSeen, '2026-02-22T11:06:01.000Z');
    assert.equal(f.lastSeen, '2026-02-22T11:07:00.000Z');
    assert.equal(f.data?.maxFdatasyncMs, 1500);
    assert.match(f.message, /3 slow fdatasync/);
    assert.match(f.message, /1 late heartbeat/);
    assertCites(f.evidence, /slow fdatasync/);
    assert.deepEqual(f.evidence.map((r) => r.line).sort(), [2, 3, 4, 5]);
    assert.ok(f.evidence.every((r) => r.source.endsWith('talos02/service-logs/etcd.log')));

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'EtcdMember', name: 'talos01', id: '25e10c575a763da7' });
    assert.match(refutations[0].reason, /no slow fdatasync in 60 lines/);
    assert.ok(refutations[0].evidence[0].source.endsWith('talos01/service-logs/etcd.log'));
  });

  it('is a warning for one sync under twice the threshold, critical from twice the threshold', () => {
    const one = run(rule, evidence({ signals: [signal(fdatasync('2026-02-22T11:06:01.000Z', '1.999s'), { node: 'talos02' })] }));
    assert.equal(one.findings[0].severity, 'warning');
    assert.deepEqual(one.findings[0].subject, { kind: 'EtcdMember', name: 'talos02' }, 'a stand-in member named after the node');
    const two = run(rule, evidence({ signals: [signal(fdatasync('2026-02-22T11:06:01.000Z', '2s'), { node: 'talos02' })] }));
    assert.equal(two.findings[0].severity, 'critical');
  });

  it('counts only syncs that took longer than the threshold: exactly 1s is not slow', () => {
    const at = signal(fdatasync('2026-02-22T11:06:01.000Z', '1s'), { node: 'talos02' });
    assert.equal(at.durationMs, 1000);
    assert.deepEqual(run(rule, evidence({ signals: [at] })).findings, []);
    const above = signal(fdatasync('2026-02-22T11:06:02.000Z', '1.000001s'), { node: 'talos02' });
    const { findings } = run(rule, evidence({ signals: [at, above] }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].count, 1);
    assert.deepEqual(findings[0].evidence, [above.ref]);
  });

  it('follows a raised threshold', () => {
    const s = [signal(fdatasync('2026-02-22T11:06:01.000Z', '1.5s'), { node: 'talos02' })];
    assert.equal(run(rule, evidence({ signals: s })).findings.length, 1);
    assert.equal(run(rule, evidence({ signals: s }), { slowFdatasyncMs: 2000 }).findings.length, 0);
  });

  it('blames late heartbeats on the disk without a slow fdatasync only from three on', () => {
    const leader = member('talos01', { id: '25e10c575a763da7', isLeader: true });
    const beats = ['11:06:31', '11:06:45', '11:07:02'].map((t, i) => signal(lateHeartbeat(`2026-02-22T${t}.000Z`), { node: 'talos01', line: i + 1 }));
    assert.deepEqual(run(rule, evidence({ etcdMembers: [leader], signals: beats.slice(0, 2) })).findings, []);
    const { findings } = run(rule, evidence({ etcdMembers: [leader], signals: beats }));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].subject, { kind: 'EtcdMember', name: 'talos01', id: '25e10c575a763da7' });
    assert.equal(findings[0].count, 3);
    assert.match(findings[0].message, /3 late heartbeats/);
    assert.doesNotMatch(findings[0].message, /fdatasync|\?/, 'says only what it saw');
    assert.deepEqual(findings[0].evidence.map((r) => r.line).sort(), [1, 2, 3]);
  });

  it('refutes only from an etcd log long enough to judge (50 lines)', () => {
    assert.deepEqual(run(rule, evidence({ logStats: [logStat('talos01', 'etcd', 49)] })).refutations, []);
    const { refutations } = run(rule, evidence({ logStats: [logStat('talos01', 'etcd', 50), logStat('talos01', 'kubelet', 500)] }));
    assert.equal(refutations.length, 1);
    assert.equal(refutations[0].failureMode, 'etcd-slow-disk');
    assert.deepEqual(refutations[0].subject, { kind: 'EtcdMember', name: 'talos01' });
  });

  it('says nothing without etcd logs', () => {
    assert.deepEqual(run(rule, evidence()), { findings: [], refutations: [] });
  });
});
