// The leader killed and restarted again and again: the members' real raft logs show an election
// per restart, and the diagnosis is etcd-leader-churn (the members are all back, so none is down).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/diagnose.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, rootCauses, said } from './diagnosis.js';

describe('scenario: etcd leader churn', () => {
  let c: EtcdCluster;
  const leaders: string[] = [];
  before(async () => {
    c = await startCluster({ size: 3 });
    for (let i = 0; i < 4; i++) {
      const leader = await c.leader();
      leaders.push(leader);
      await c.stopMember(leader, { kill: true });
      await c.leader(); // the other two elect a new one
      await c.startMember(leader);
    }
  });
  after(async () => {
    await c?.stop();
  });

  it('finds the churn in the members\' logs, and no member down', async () => {
    const report = await diagnose({ paths: [c.logDir], etcd: c.connection() });
    assert.deepEqual(rootCauses(report), ['etcd-leader-churn Cluster/cluster'], said(report));
    assert.deepEqual(blamed(report), ['etcd-leader-churn Cluster/cluster']);
    const churn = report.findings.find((f) => f.failureMode === 'etcd-leader-churn')!;
    assert.ok(churn.count! >= 5, `bootstrap plus one election per restart: ${churn.count}`);
    const terms = churn.data!.terms as number[];
    assert.equal(terms.length, churn.count);
    assert.ok(Math.max(...terms) <= Math.max(...report.etcdMembers.map((m) => m.raftTerm!)));
    assert.ok(churn.evidence.every((e) => e.source.endsWith('etcd.log') && /leader/.test(e.excerpt)));
    assert.ok(report.etcdMembers.every((m) => m.reachable));
  });

  it('is not churn with the live status alone: one snapshot has no history', async () => {
    const report = await diagnose({ paths: [], etcd: c.connection() });
    assert.deepEqual(rootCauses(report), [], said(report));
  });
});
