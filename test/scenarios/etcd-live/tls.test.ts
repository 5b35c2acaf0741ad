// A cluster with client and peer TLS (certificates made with openssl by the harness), reached
// with --cacert/--cert/--key as etcdctl takes them: healthy, then one member down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../../src/types.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { blamed, kubesleuth, rootCauses, said } from './diagnosis.js';

describe('scenario: etcd over TLS', () => {
  let c: EtcdCluster;
  let flags: string[];
  before(async () => {
    c = await startCluster({ size: 3, tls: true });
    flags = ['--etcd-endpoints', c.endpoints.join(','), '--cacert', c.tls!.ca, '--cert', c.tls!.clientCert, '--key', c.tls!.clientKey];
  });
  after(async () => {
    await c?.stop();
  });

  it('healthy: exit 0, every member read over TLS', async () => {
    const { code, stdout, stderr } = await kubesleuth(['diagnose', ...flags, '-o', 'json']);
    const report = JSON.parse(stdout) as Report;
    assert.equal(code, 0, `${stderr}\n${said(report)}`);
    assert.deepEqual(rootCauses(report), []);
    assert.deepEqual(blamed(report), []);
    assert.deepEqual(report.etcdMembers.map((m) => [m.name, m.reachable, m.endpoint?.startsWith('https://')]), [
      ['m1', true, true],
      ['m2', true, true],
      ['m3', true, true],
    ]);
  });

  it('one member down: etcd-member-down on it', async () => {
    await c.stopMember('m2', { kill: true });
    try {
      const { code, stdout } = await kubesleuth(['diagnose', ...flags, '-o', 'json']);
      const report = JSON.parse(stdout) as Report;
      assert.equal(code, 1);
      assert.deepEqual(rootCauses(report), ['etcd-member-down EtcdMember/m2'], said(report));
      assert.deepEqual(blamed(report), ['etcd-member-down EtcdMember/m2']);
    } finally {
      await c.startMember('m2');
    }
  });

  it('without the client certificate: exit 2 with one line saying what to check', async () => {
    const { code, stdout, stderr } = await kubesleuth(['diagnose', '--etcd-endpoints', c.endpoints.join(','), '--cacert', c.tls!.ca, '--timeout', '2s']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    const lines = stderr.split('\n').filter((l) => l.trim() && !/DeprecationWarning|trace-deprecation/.test(l));
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /no etcd endpoint answered .*TLS handshake refused by the server: bad certificate \(check --cert\/--key\)/);
  });
});
