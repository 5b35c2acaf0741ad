// collectEtcd with TLS (certificates made by the harness with openssl), and a NOSPACE alarm
// on a member with a small quota.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectEtcd, EtcdConfigError, EtcdUnreachableError } from '../../../src/collect/etcd/index.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { makeOtherCa } from '../../harness/tls.js';

describe('collectEtcd over TLS with client certificates', () => {
  let c: EtcdCluster;
  let scratch: string;
  before(async () => {
    c = await startCluster({ size: 1, tls: true });
    scratch = mkdtempSync(join(tmpdir(), 'kubesleuth-tls-'));
  });
  after(async () => {
    await c?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('reads the member with --cacert/--cert/--key', async () => {
    assert.match(c.endpoints[0], /^https:\/\/127\.0\.0\.1:\d+$/);
    const { members } = await collectEtcd(c.connection());
    assert.deepEqual(members.map((m) => [m.name, m.reachable, m.isLeader, m.version]), [['m1', true, true, '3.4.23']]);
  });

  it('defaults a bare host:port to https when TLS files are given', async () => {
    const { members } = await collectEtcd(c.connection(3000, [c.endpoints[0].replace('https://', '')]));
    assert.equal(members[0].reachable, true);
  });

  it('says which flag to check when the CA does not match', async () => {
    const other = await makeOtherCa(scratch);
    await assert.rejects(collectEtcd({ ...c.connection(2000), cacert: other }), (err: unknown) => {
      assert.ok(err instanceof EtcdUnreachableError);
      assert.match(err.userMessage, /TLS: .*certificate.* \(check --cacert\)/);
      return true;
    });
  });

  it('says which flags to check when the server refuses a client without a certificate', async () => {
    await assert.rejects(collectEtcd({ endpoints: c.endpoints, cacert: c.tls!.ca, timeoutMs: 2000 }), (err: unknown) => {
      assert.ok(err instanceof EtcdUnreachableError);
      assert.match(err.userMessage, /TLS handshake refused by the server: .* \(check --cert\/--key\)/);
      return true;
    });
  });

  it('rejects unreadable files and a --cert without --key before dialling', async () => {
    await assert.rejects(collectEtcd({ ...c.connection(), cacert: join(scratch, 'missing.crt') }), (err: unknown) => {
      assert.ok(err instanceof EtcdConfigError);
      assert.match(err.userMessage, /^cannot read --cacert file .*missing\.crt: ENOENT/);
      return true;
    });
    await assert.rejects(collectEtcd({ ...c.connection(), key: undefined }), EtcdConfigError);
    await assert.rejects(collectEtcd({ endpoints: [' , '], timeoutMs: 1000 }), EtcdConfigError);
  });
});

describe('collectEtcd with a NOSPACE alarm', () => {
  let c: EtcdCluster;
  before(async () => {
    c = await startCluster({ size: 1, quotaBytes: 8 * 1024 * 1024 });
  });
  after(async () => {
    await c?.stop();
  });

  it('puts the alarm in the member errors as etcd prints it', async () => {
    const filled = await c.fill(40e6);
    assert.equal(filled.noSpace, true, 'the fill ran into the quota');
    const { members } = await collectEtcd(c.connection());
    const [m] = members;
    const decimal = BigInt(`0x${m.id}`).toString(10);
    assert.deepEqual(m.errors, [`memberID:${decimal} alarm:NOSPACE`]);
    assert.match(m.ref.excerpt, /errors: memberID:\d+ alarm:NOSPACE$/);
    assert.equal(m.reachable, true);
  });
});
