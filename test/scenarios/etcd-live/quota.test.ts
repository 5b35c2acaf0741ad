// A member with a small --quota-backend-bytes filled until etcd refuses writes: etcd-quota-exceeded,
// from the live alarm and the member's own log, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/diagnose.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, kubesleuth, rootCauses, said } from './diagnosis.js';

describe('scenario: etcd quota exceeded (NOSPACE)', () => {
  let c: EtcdCluster;
  before(async () => {
    c = await startCluster({ size: 1, quotaBytes: 16 * 1024 * 1024 });
    const filled = await c.fill(64e6);
    assert.equal(filled.noSpace, true, 'the fill ran into the quota');
  });
  after(async () => {
    await c?.stop();
  });

  it('names the member that raised NOSPACE, live and from its log', async () => {
    const report = await diagnose({ paths: [c.logDir], etcd: c.connection() });
    assert.deepEqual(rootCauses(report), ['etcd-quota-exceeded EtcdMember/m1'], said(report));
    assert.deepEqual(blamed(report), ['etcd-quota-exceeded EtcdMember/m1']);
    const sources = report.rootCauses[0].evidence.map((e) => e.source);
    assert.ok(sources.includes('etcd-api'), 'cites the live Status');
    assert.ok(sources.some((s) => s.endsWith('etcd.log')), `cites the alarm raised in the log: ${sources}`);
    assert.match(report.rootCauses[0].evidence[0].excerpt, /errors: memberID:\d+ alarm:NOSPACE/);
  });

  it('exits 1 from the CLI with the endpoint alone', async () => {
    const { code, stdout } = await kubesleuth(['diagnose', '--etcd-endpoints', c.endpoints[0], '-o', 'json']);
    assert.equal(code, 1);
    assert.deepEqual(rootCauses(JSON.parse(stdout)), ['etcd-quota-exceeded EtcdMember/m1']);
  });
});
