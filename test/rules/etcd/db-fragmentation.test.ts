import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/etcd/db-fragmentation.js';
import { assertCites, evidence, intake, lines, listYaml, member, nodeObject, run, signal, talosEtcdStatus, zap } from '../../helpers/evidence.js';

const ID = { talos01: '25e10c575a763da7', talos02: '8f1c0d8a2b3c4d5e', talos03: 'c3a9e1f0b2d4a6c8' };
const MB = 1000 * 1000;

const compaction = (ts: string, took: string, size?: number, inUse?: number): string =>
  zap(ts, 'info', 'mvcc/kvstore_compaction.go:68', 'finished scheduled compaction', {
    'compact-revision': 4_201_337,
    took,
    hash: 3_611_547_893,
    ...(size !== undefined && inUse !== undefined
      ? { 'current-db-size-bytes': size, 'current-db-size': `${Math.round(size / MB)} MB`, 'current-db-size-in-use-bytes': inUse, 'current-db-size-in-use': `${Math.round(inUse / MB)} MB` }
      : {}),
  });

/** Member status with the given sizes. */
const sized = (name: string, dbSize: number, dbSizeInUse: number, isLeader = false) => member(name, { dbSize, dbSizeInUse, isLeader });

describe('etcd/db-fragmentation', () => {
  it('reads `talosctl etcd status`: the fragmented leader is critical, a fragmented follower a warning, a compact member refuted', async () => {
    const ev = await intake({
      'etcd-status.txt': talosEtcdStatus([
        { node: '10.20.0.14', member: ID.talos01, dbSize: '467 MB', inUse: '55 MB (11.78%)', leader: ID.talos01 },
        { node: '10.20.0.15', member: ID.talos02, dbSize: '87 MB', inUse: '56 MB (64.37%)', leader: ID.talos01 },
        { node: '10.20.0.16', member: ID.talos03, dbSize: '467 MB', inUse: '55 MB (11.78%)', leader: ID.talos01 },
      ]),
      'kubernetesResources/nodes.yaml': listYaml([nodeObject({ name: 'talos01', ip: '10.20.0.14' }), nodeObject({ name: 'talos02', ip: '10.20.0.15' }), nodeObject({ name: 'talos03', ip: '10.20.0.16' })]),
      'talos01/service-logs/etcd.log': lines(compaction('2026-02-22T10:00:00.000Z', '850ms'), compaction('2026-02-22T10:05:00.000Z', '2.28s')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity]), [['talos01', 'critical'], ['talos03', 'warning']]);
    const [leader, follower] = findings;
    assert.equal(leader.failureMode, 'etcd-db-fragmentation');
    assert.deepEqual(leader.subject, { kind: 'EtcdMember', name: 'talos01', id: ID.talos01 });
    assert.equal(leader.node, 'talos01');
    assert.deepEqual(leader.data, { dbSize: 467 * MB, dbSizeInUse: 55 * MB, inUseRatio: 55 / 467, reclaimable: 412 * MB, isLeader: true });
    assert.match(leader.message, /\(leader\) is 88% fragmented: 467 MB allocated, 55 MB in use \(12%\), 412 MB reclaimable/);
    assert.match(leader.message, /compaction took up to 2\.28s/);
    assertCites(leader.evidence, /finished scheduled compaction/);
    assert.ok(leader.evidence[0].source.endsWith('etcd-status.txt') && leader.evidence[0].excerpt.includes('467 MB'), 'cites the status row first');
    assert.equal(follower.node, 'talos03');
    assert.deepEqual(follower.evidence.map((r) => r.line), [4], 'only its own status row: the compactions were on talos01');

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'EtcdMember', name: 'talos02', id: ID.talos02 });
    assert.match(refutations[0].reason, /^not fragmented: 87 MB allocated, 56 MB in use \(64%\)$/);
    assert.ok(refutations[0].evidence[0].excerpt.includes('87 MB'));
  });

  it('reads `etcdctl endpoint status -w json` (sizes in bytes, ids in decimal)', async () => {
    // Written as etcdctl prints it: 64-bit ids as bare decimal numbers, beyond what a JS number holds.
    const json = `[{"Endpoint":"https://10.20.0.14:2379","Status":{"header":{"cluster_id":17237436991929493444,"member_id":2729476418482617767,"revision":4242,"raft_term":195},"version":"3.5.16","dbSize":467001344,"leader":2729476418482617767,"raftIndex":53391,"raftTerm":195,"raftAppliedIndex":53391,"dbSizeInUse":55123968}},{"Endpoint":"https://10.20.0.15:2379","Status":{"header":{"cluster_id":17237436991929493444,"member_id":10312132133853613406,"revision":4242,"raft_term":195},"version":"3.5.16","dbSize":60000256,"leader":2729476418482617767,"raftIndex":53391,"raftTerm":195,"raftAppliedIndex":53391,"dbSizeInUse":58003456}}]`;
    const ev = await intake({ 'endpoint-status.json': json });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].subject.id, ID.talos01);
    assert.equal(findings[0].severity, 'critical');
    assert.equal(findings[0].data?.reclaimable, 467_001_344 - 55_123_968);
    assert.deepEqual(refutations.map((r) => r.subject.id), [ID.talos02]);
  });

  it('judges a member without status by the sizes its latest compaction logged (etcd 3.5.12+)', async () => {
    const ev = await intake({
      'talos02/service-logs/etcd.log': lines(
        compaction('2026-02-22T01:00:00.000Z', '1.1s', 80 * MB, 70 * MB),
        compaction('2026-02-22T01:05:00.000Z', '2.28s', 469 * MB, 71 * MB),
        compaction('2026-02-22T01:10:00.000Z', '900ms'),
      ),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.deepEqual(f.subject, { kind: 'EtcdMember', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'warning', 'not known to be the leader');
    assert.equal(f.data?.dbSize, 469 * MB);
    assert.equal(f.data?.dbSizeInUse, 71 * MB);
    assert.equal(f.evidence[0].line, 2, 'cites the compaction whose sizes it used');
    assert.match(f.message, /compaction took up to 2\.28s/);
  });

  it('prefers member status over compaction sizes of the same node', () => {
    const c = signal(compaction('2026-02-22T01:05:00.000Z', '2.28s', 469 * MB, 71 * MB), { node: 'talos02' });
    const { findings, refutations } = run(rule, evidence({ etcdMembers: [sized('talos02', 60 * MB, 58 * MB)], signals: [c] }));
    assert.deepEqual(findings, []);
    assert.equal(refutations.length, 1);
    assert.equal(refutations[0].subject.name, 'talos02');
  });

  it('needs in-use / size below 0.5: exactly half is not fragmented', () => {
    const at = run(rule, evidence({ etcdMembers: [sized('m1', 400 * MB, 200 * MB)] }));
    assert.deepEqual(at.findings, []);
    assert.equal(at.refutations.length, 1);
    const below = run(rule, evidence({ etcdMembers: [sized('m1', 400 * MB, 200 * MB - 1)] }));
    assert.equal(below.findings.length, 1);
    assert.deepEqual(below.refutations, []);
  });

  it('needs more than 100 MB reclaimable: exactly 100 MB free is not enough', () => {
    const at = run(rule, evidence({ etcdMembers: [sized('m1', 150 * MB, 50 * MB)] }));
    assert.deepEqual(at.findings, []);
    assert.match(at.refutations[0].reason, /150 MB allocated, 50 MB in use \(33%\)/);
    const above = run(rule, evidence({ etcdMembers: [sized('m1', 150 * MB, 50 * MB - 1)] }));
    assert.equal(above.findings.length, 1);
    assert.equal(above.findings[0].data?.reclaimable, 100 * MB + 1);
  });

  it('a small database mostly free is not worth defragmenting', () => {
    const { findings } = run(rule, evidence({ etcdMembers: [sized('m1', 28_897_280, 16_384)] }));
    assert.deepEqual(findings, []);
  });

  it('follows the thresholds', () => {
    const ev = evidence({ etcdMembers: [sized('m1', 100 * MB, 60 * MB)] });
    assert.equal(run(rule, ev).findings.length, 0);
    assert.equal(run(rule, ev, { fragmentationRatio: 0.7, fragmentationMinFreeBytes: 10 * MB }).findings.length, 1);
  });

  it('skips members without sizes and compactions without size fields', () => {
    const down = member('m1', { reachable: false, unreachableReason: 'connection refused' });
    const zero = member('m2', { dbSize: 0, dbSizeInUse: 0 });
    const old = signal(compaction('2026-02-22T01:05:00.000Z', '2.28s'), { node: 'm3' });
    assert.deepEqual(run(rule, evidence({ etcdMembers: [down, zero], signals: [old] })), { findings: [], refutations: [] });
  });
});
