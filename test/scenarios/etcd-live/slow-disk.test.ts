// One member's fdatasync delayed by strace (1.2s each, above etcd's 1s warning): its real
// `slow fdatasync` lines yield etcd-slow-disk on that member and no other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/diagnose.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, rootCauses, said } from './diagnosis.js';

describe('scenario: etcd slow disk on one member', () => {
  let c: EtcdCluster;
  let slow: string;
  before(async () => {
    c = await startCluster({ size: 3 });
    const leader = await c.leader();
    slow = c.members.find((m) => m.name !== leader)!.name;
    const strace = await c.attachStrace(slow); // fdatasync:delay_enter=1200000
    try {
      for (let i = 0; i < 4; i++) await c.put(`/registry/leases/kube-system/l${i}`, 'x'.repeat(200));
      await new Promise((r) => setTimeout(r, 2500)); // let the delayed syncs finish and log
    } finally {
      await strace.stop();
    }
  });
  after(async () => {
    await c?.stop();
  });

  it('blames the disk of that member only, from its own log', async () => {
    const report = await diagnose({ paths: [c.logDir], etcd: c.connection() });
    assert.deepEqual(rootCauses(report), [`etcd-slow-disk EtcdMember/${slow}`], said(report));
    assert.deepEqual(blamed(report), [`etcd-slow-disk EtcdMember/${slow}`]);
    const [cause] = report.rootCauses;
    assert.ok(cause.evidence.length >= 1);
    for (const e of cause.evidence) {
      assert.match(e.source, new RegExp(`${slow}/etcd\\.log$`));
      assert.match(e.excerpt, /"msg":"slow fdatasync","took":"1\.\d+s","expected-duration":"1s"/);
    }
  });
});
