// 160 MB written, deleted and compacted on a 3-member cluster, then one follower defragmented:
// etcd-db-fragmentation on exactly the two members still fragmented, by member name, the leader first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/diagnose.js';
import type { Report } from '../../../src/types.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, kubesleuth, rootCauses, said } from './diagnosis.js';

describe('scenario: etcd database fragmentation on some members', () => {
  let c: EtcdCluster;
  let leader: string;
  let defragmented: string;
  let fragmented: string;
  before(async () => {
    c = await startCluster({ size: 3 });
    const filled = await c.fill(160e6);
    assert.equal(filled.noSpace, false);
    // Writing 160 MB in seconds loads the machine (three members on a CI box): the leader may log
    // late heartbeats. That is the setup, not the incident; the logs start after it.
    c.truncateLogs();
    await c.deleteAll();
    await c.compact();
    leader = await c.leader();
    [defragmented, fragmented] = c.members.map((m) => m.name).filter((n) => n !== leader);
    await c.defrag(defragmented);
  });
  after(async () => {
    await c?.stop();
  });

  it('names the fragmented members, leader first, and not the defragmented one', async () => {
    const { code, stdout, stderr } = await kubesleuth(['diagnose', '--etcd-endpoints', c.endpoints.join(','), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    assert.equal(code, 1, stderr);
    assert.deepEqual(rootCauses(report), [`etcd-db-fragmentation EtcdMember/${leader}`, `etcd-db-fragmentation EtcdMember/${fragmented}`], said(report));
    assert.deepEqual(blamed(report), [`etcd-db-fragmentation EtcdMember/${leader}`, `etcd-db-fragmentation EtcdMember/${fragmented}`].sort());
    for (const cause of report.rootCauses) {
      const row = report.etcdMembers.find((m) => m.name === cause.subject.name)!;
      assert.equal(cause.subject.id, row.id);
      assert.ok(row.dbSize! >= 150e6, `${row.name}: ${row.dbSize}`);
      assert.ok(row.inUseRatio! < 0.5);
    }
    const clean = report.etcdMembers.find((m) => m.name === defragmented)!;
    assert.ok(clean.dbSize! < 10e6, `defragmented: ${clean.dbSize}`);
    assert.ok(report.remediation.some((r) => r.id === 'etcd-defrag'), JSON.stringify(report.remediation.map((r) => r.id)));
  });

  it('says the same with the members\' logs of the compaction and defragmentation added', async () => {
    const log = readFileSync(c.member(defragmented).logFile, 'utf8');
    assert.match(log, /"msg":"defragmented"/);
    assert.match(readFileSync(c.member(leader).logFile, 'utf8'), /"msg":"finished scheduled compaction"/);
    const report = await diagnose({ paths: [c.logDir], etcd: c.connection() });
    assert.deepEqual(rootCauses(report), [`etcd-db-fragmentation EtcdMember/${leader}`, `etcd-db-fragmentation EtcdMember/${fragmented}`], said(report));
  });
});
