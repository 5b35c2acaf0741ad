import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS } from '../../../src/model/thresholds.js';
import rule from '../../../src/rules/etcd/member-down.js';
import type { EtcdMemberStatus, EvidenceSet } from '../../../src/types.js';

function evidence(etcdMembers: EtcdMemberStatus[]): EvidenceSet {
  return { sources: [], nodes: [], pods: [], events: [], etcdMembers, processes: [], diskIo: [], nodeMetrics: [], objects: [], signals: [], logStats: [] };
}

function up(name: string, id: string, extra: Partial<EtcdMemberStatus> = {}): EtcdMemberStatus {
  const endpoint = `https://10.0.0.${id.length}:2379`;
  return {
    name, id, node: name, endpoint, reachable: true, dbSize: 20480, dbSizeInUse: 16384, leaderId: 'a1', isLeader: id === 'a1', raftTerm: 2, errors: [], version: '3.4.23',
    ref: { source: 'etcd-api', object: `Member/${name}`, query: `Status ${endpoint}`, excerpt: `member ${name} (${id}) ...` },
    ...extra,
  };
}

function down(name: string, id: string, reason: string): EtcdMemberStatus {
  return {
    name, id, node: name, endpoint: `https://${name}:2379`, reachable: false, unreachableReason: reason, errors: [],
    ref: { source: 'etcd-api', object: `Member/${name}`, query: `Status https://${name}:2379`, excerpt: `member ${name} (${id}) at https://${name}:2379 did not answer Status: ${reason}` },
  };
}

const run = (ev: EvidenceSet) => rule.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });

describe('etcd/member-down', () => {
  it('names the member that did not answer, with quorum still held', () => {
    const m3 = down('talos03', 'c3', 'connection refused (10.0.0.3:2379)');
    const { findings, refutations } = run(evidence([up('talos01', 'a1'), up('talos02', 'b2'), m3]));
    assert.deepEqual(findings, [
      {
        rule: 'etcd/member-down',
        failureMode: 'etcd-member-down',
        subject: { kind: 'EtcdMember', name: 'talos03', id: 'c3' },
        node: 'talos03',
        severity: 'critical',
        message: 'etcd member talos03 (https://talos03:2379) does not answer: connection refused (10.0.0.3:2379); 2 of 3 members answer; quorum (2) holds but one more failure loses it',
        evidence: [m3.ref],
        data: { members: 3, answering: 2, quorum: 2, quorumLost: false, reason: 'connection refused (10.0.0.3:2379)' },
      },
    ]);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['talos01', 'talos02']);
    assert.match(refutations[0].reason, /^member talos01 answered Status at https:\/\/\S+ \(raft term 2\)$/);
  });

  it('says when quorum is lost and cites a member that has no leader', () => {
    const lonely = up('talos01', 'a1', { leaderId: undefined, isLeader: false, errors: ['etcdserver: no leader'] });
    const { findings } = run(evidence([lonely, down('talos02', 'b2', 'no answer within 5000ms'), down('talos03', 'c3', 'no answer within 5000ms')]));
    assert.deepEqual(findings.map((f) => f.subject.name), ['talos02', 'talos03']);
    for (const f of findings) {
      assert.match(f.message, /only 1 of 3 members answer: quorum \(2\) is lost/);
      assert.deepEqual(f.evidence[1], lonely.ref);
      assert.equal(f.data?.quorumLost, true);
    }
  });

  it('finds nothing when every member answers, and refutes it for each', () => {
    const { findings, refutations } = run(evidence([up('m1', 'a1'), up('m2', 'b2'), up('m3', 'c3')]));
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => [r.failureMode, r.subject.name]), [
      ['etcd-member-down', 'm1'],
      ['etcd-member-down', 'm2'],
      ['etcd-member-down', 'm3'],
    ]);
  });

  it('counts one member once when two sources describe it', () => {
    const { findings } = run(evidence([up('m1', 'a1'), up('m1', 'a1', { ref: { source: 'talos/etcd-status.txt', line: 2, excerpt: 'm1 ...' } }), down('m2', 'b2', 'refused')]));
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /only 1 of 2 members answer: quorum \(2\) is lost/);
  });

  it('says nothing without etcd member evidence', () => {
    assert.deepEqual(run(evidence([])), { findings: [], refutations: [] });
  });
});
