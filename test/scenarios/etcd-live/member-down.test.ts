// One member of three stopped (killed), then one frozen (SIGSTOP): etcd-member-down on exactly
// that member, and the rest of the diagnosis still complete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/diagnose.js';
import type { Report } from '../../../src/types.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, kubesleuth, rootCauses, said } from './diagnosis.js';

describe('scenario: etcd member down', () => {
  let c: EtcdCluster;
  let follower: string;
  before(async () => {
    c = await startCluster({ size: 3 });
    const leader = await c.leader();
    follower = c.members.find((m) => m.name !== leader)!.name;
  });
  after(async () => {
    await c?.stop();
  });

  it('a killed member: exit 1, etcd-member-down on it, the others fully reported', async () => {
    await c.stopMember(follower, { kill: true });
    try {
      const { code, stdout, stderr } = await kubesleuth(['diagnose', '--etcd-endpoints', c.endpoints.join(','), '--timeout', '3s', '-o', 'json']);
      const report = JSON.parse(stdout) as Report;
      assert.equal(code, 1, stderr);
      assert.deepEqual(rootCauses(report), [`etcd-member-down EtcdMember/${follower}`], said(report));
      assert.deepEqual(blamed(report), [`etcd-member-down EtcdMember/${follower}`]);
      const [cause] = report.rootCauses;
      assert.equal(cause.subject.id, c.members.length && report.etcdMembers.find((m) => m.name === follower)?.id);
      assert.match(cause.evidence[0].excerpt, new RegExp(`^member ${follower} \\(\\w+\\) at http://127\\.0\\.0\\.1:\\d+ did not answer Status: connection refused`));
      for (const row of report.etcdMembers) {
        if (row.name === follower) {
          assert.equal(row.reachable, false);
          continue;
        }
        assert.equal(row.reachable, true, row.name);
        assert.ok(row.dbSize! > 0 && row.dbSizeInUse! > 0 && row.raftTerm! >= 2, JSON.stringify(row));
      }
      assert.equal(report.etcdMembers.filter((m) => m.isLeader).length, 1);
    } finally {
      await c.startMember(follower);
    }
  });

  it('a frozen member (accepts connections, answers nothing): reported within the timeout', async () => {
    c.freeze(follower);
    try {
      const t0 = Date.now();
      const report = await diagnose({ paths: [], etcd: c.connection(1500) });
      assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0}ms`);
      assert.deepEqual(rootCauses(report), [`etcd-member-down EtcdMember/${follower}`], said(report));
      assert.deepEqual(blamed(report), [`etcd-member-down EtcdMember/${follower}`]);
      assert.match(report.findings[0].message, /does not answer: no answer within 1500ms; 2 of 3 members answer/);
    } finally {
      c.thaw(follower);
    }
  });

  it('two members down: both named, quorum lost, the survivor cited without a leader', async () => {
    await c.waitHealthy();
    const down = c.members.map((m) => m.name).filter((n) => n !== follower);
    for (const n of down) await c.stopMember(n, { kill: true });
    try {
      await new Promise((r) => setTimeout(r, 2500)); // the survivor's election timeout passes: no leader
      const t0 = Date.now();
      const report = await diagnose({ paths: [], etcd: c.connection(2000) });
      assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0}ms`);
      assert.deepEqual(rootCauses(report).sort(), down.map((n) => `etcd-member-down EtcdMember/${n}`).sort(), said(report));
      assert.deepEqual(blamed(report), down.map((n) => `etcd-member-down EtcdMember/${n}`).sort());
      for (const f of report.findings) {
        assert.match(f.message, /only 1 of 3 members answer: quorum \(2\) is lost/);
        assert.ok(f.evidence.some((e) => e.object === `Member/${follower}` && /no leader/.test(e.excerpt)), JSON.stringify(f.evidence));
      }
      const survivor = report.etcdMembers.find((m) => m.name === follower)!;
      assert.equal(survivor.reachable, true);
      assert.equal(survivor.isLeader, false);
    } finally {
      for (const n of down) await c.startMember(n, { wait: false });
      await c.waitHealthy();
    }
  });
});
