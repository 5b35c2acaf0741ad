// collectEtcd against a real 3-member etcd: what each member says about itself, and what
// happens when members stop answering.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectEtcd, EtcdUnreachableError } from '../../../src/collect/etcd/index.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';

/** `etcdctl member list -w table` rows: name → hex id as etcdctl prints it. */
async function etcdctlIds(c: EtcdCluster): Promise<Map<string, string>> {
  const out = await c.etcdctl(['member', 'list', '-w', 'table']);
  const ids = new Map<string, string>();
  for (const line of out.split('\n')) {
    const cells = line.split('|').map((s) => s.trim());
    if (cells.length > 4 && /^[0-9a-f]+$/.test(cells[1])) ids.set(cells[3], cells[1]);
  }
  return ids;
}

describe('collectEtcd on a live 3-member cluster', () => {
  let c: EtcdCluster;
  before(async () => {
    c = await startCluster({ size: 3 });
  });
  after(async () => {
    await c?.stop();
  });

  it('reports every member by name with its own Status', async () => {
    const { members, source } = await collectEtcd(c.connection());
    const ids = await etcdctlIds(c);
    assert.deepEqual(members.map((m) => m.name), ['m1', 'm2', 'm3']);
    for (const m of members) {
      assert.equal(m.reachable, true, m.name);
      assert.equal(m.id, ids.get(m.name), `${m.name}: id as etcdctl prints it`);
      assert.equal(m.node, m.name);
      assert.equal(m.endpoint, c.member(m.name).clientUrl);
      assert.equal(m.version, '3.4.23');
      assert.ok(m.dbSize! > 0 && m.dbSizeInUse! > 0 && m.dbSizeInUse! <= m.dbSize!);
      assert.ok(m.raftTerm! >= 2 && m.raftIndex! > 0 && m.raftAppliedIndex! > 0);
      assert.equal(m.isLearner, false);
      assert.deepEqual(m.errors, []);
      assert.equal(m.quotaBytes, undefined);
      assert.equal(m.ref.source, 'etcd-api');
      assert.equal(m.ref.object, `Member/${m.name}`);
      assert.equal(m.ref.query, `Status ${m.endpoint}`);
      assert.match(m.ref.excerpt, new RegExp(`^member ${m.name} \\(${m.id}\\) at .*version 3\\.4\\.23, db .*raft term`));
    }
    const leader = await c.leader();
    assert.deepEqual(members.filter((m) => m.isLeader).map((m) => m.name), [leader]);
    const leaderId = ids.get(leader);
    for (const m of members) assert.equal(m.leaderId, leaderId);
    assert.equal(source.kind, 'etcd-api');
    assert.equal(source.location, c.endpoints.join(','));
    assert.deepEqual(source.nodes, ['m1', 'm2', 'm3']);
    assert.deepEqual(source.warnings, []);
  });

  it('accepts endpoints without a scheme and as one comma-separated string, like etcdctl', async () => {
    const bare = c.endpoints.map((e) => e.replace('http://', '')).join(',');
    const { members } = await collectEtcd({ endpoints: [bare], timeoutMs: 3000 });
    assert.deepEqual(members.map((m) => [m.name, m.reachable]), [['m1', true], ['m2', true], ['m3', true]]);
  });

  it('asks members missing from --etcd-endpoints at their advertised client URL', async () => {
    const { members, source } = await collectEtcd(c.connection(3000, [c.member('m2').clientUrl]));
    assert.deepEqual(members.map((m) => [m.name, m.reachable, m.endpoint]), [
      ['m1', true, c.member('m1').clientUrl],
      ['m2', true, c.member('m2').clientUrl],
      ['m3', true, c.member('m3').clientUrl],
    ]);
    assert.equal(source.warnings.length, 2);
    assert.match(source.warnings[0], /member m\d is not among the given endpoints; asked at its advertised client URL/);
  });

  it('names a dead endpoint that is no member in a warning, not as a member', async () => {
    const dead = 'http://127.0.0.1:9'; // discard port: nothing listens
    const { members, source } = await collectEtcd(c.connection(2000, [...c.endpoints, dead]));
    assert.deepEqual(members.map((m) => [m.name, m.reachable]), [['m1', true], ['m2', true], ['m3', true]]);
    assert.equal(source.warnings.length, 1);
    assert.match(source.warnings[0], /^endpoint http:\/\/127\.0\.0\.1:9 did not answer \(connection refused .*\) and matches no member/);
  });

  it('reports a stopped member as unreachable, by name, and still reads the others', async () => {
    await c.stopMember('m3');
    try {
      const t0 = Date.now();
      const { members } = await collectEtcd(c.connection(3000));
      const took = Date.now() - t0;
      const down = members.find((m) => m.name === 'm3')!;
      assert.equal(down.reachable, false);
      assert.equal(down.id, (await etcdctlIds(c)).get('m3'));
      assert.equal(down.endpoint, c.member('m3').clientUrl);
      assert.match(down.unreachableReason!, /^connection refused/);
      assert.match(down.ref.excerpt, /^member m3 \(.*\) at http:\/\/127\.0\.0\.1:\d+ did not answer Status: connection refused/);
      assert.deepEqual(down.errors, []);
      assert.equal(down.dbSize, undefined);
      for (const m of members.filter((x) => x.name !== 'm3')) assert.equal(m.reachable, true);
      assert.ok(took < 3000, `a refused connection is reported without waiting for the timeout (${took}ms)`);
    } finally {
      await c.startMember('m3');
    }
  });

  it('bounds a member that accepts connections but never answers (SIGSTOP) by the timeout', async () => {
    c.freeze('m1');
    try {
      const t0 = Date.now();
      const { members } = await collectEtcd(c.connection(1500));
      const took = Date.now() - t0;
      const frozen = members.find((m) => m.name === 'm1')!;
      assert.equal(frozen.reachable, false);
      assert.equal(frozen.unreachableReason, 'no answer within 1500ms');
      assert.deepEqual(members.filter((m) => m.reachable).map((m) => m.name), ['m2', 'm3']);
      assert.ok(took >= 1400 && took < 6000, `took ${took}ms`);
    } finally {
      c.thaw('m1');
      await c.waitHealthy();
    }
  });

  it('throws EtcdUnreachableError with a one-line message when nothing answers', async () => {
    await assert.rejects(
      collectEtcd({ endpoints: ['http://127.0.0.1:9', '127.0.0.1:7'], timeoutMs: 1000 }),
      (err: unknown) => {
        assert.ok(err instanceof EtcdUnreachableError);
        assert.equal(
          err.userMessage,
          'no etcd endpoint answered (timeout 1000ms): http://127.0.0.1:9 (connection refused (127.0.0.1:9)), http://127.0.0.1:7 (connection refused (127.0.0.1:7))',
        );
        assert.ok(!err.userMessage.includes('\n'));
        return true;
      },
    );
  });
});
