// A healthy 3-member cluster: the CLI exits 0 and blames nothing, live or with the members' logs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/diagnose.js';
import type { Report } from '../../../src/types.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, kubesleuth, rootCauses, said } from './diagnosis.js';

describe('scenario: healthy etcd cluster', () => {
  let c: EtcdCluster;
  before(async () => {
    c = await startCluster({ size: 3 });
    await c.put('/registry/configmaps/default/app', 'x'.repeat(1000));
  });
  after(async () => {
    await c?.stop();
  });

  it('kubesleuth diagnose --etcd-endpoints exits 0 with no root cause', async () => {
    const { code, stdout, stderr } = await kubesleuth(['diagnose', '--etcd-endpoints', c.endpoints.join(','), '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    assert.equal(code, 0, `${stderr}\n${said(report)}`);
    assert.deepEqual(rootCauses(report), []);
    assert.deepEqual(blamed(report), []);
    assert.deepEqual(
      report.etcdMembers.map((m) => [m.name, m.reachable]),
      [['m1', true], ['m2', true], ['m3', true]],
    );
    assert.equal(report.etcdMembers.filter((m) => m.isLeader).length, 1);
    assert.deepEqual(report.sources.map((s) => [s.kind, s.warnings]), [['etcd-api', []]]);
  });

  it('blames nothing with the members\' logs too', async () => {
    const report = await diagnose({ paths: [c.logDir], etcd: c.connection() });
    assert.deepEqual(rootCauses(report), [], said(report));
    assert.deepEqual(blamed(report), [], said(report));
  });
});
