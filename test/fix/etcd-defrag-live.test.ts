// `kubesleuth fix etcd-defrag` against real etcd 3.4 clusters (test/harness/etcd-cluster.ts):
// the item 7, checked with etcd's own logs and etcdctl rather than with our own report.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type EtcdCluster } from '../harness/etcd-cluster.js';
import { runFixCommand } from '../../src/fix/cli.js';
import { runDefrag } from '../../src/fix/executor.js';
import { EtcdBackend } from '../../src/fix/backend/etcd.js';
import { compileRule, DEFAULT_RULE } from '../../src/fix/rule.js';
import type { DefragReport } from '../../src/fix/model.js';
import { compactOnly, dbSizes, defragLogLines, fragment, keyspaceChecksum, putKeepers, raftTerms } from './live-helpers.js';

async function fix(args: string[]): Promise<{ code: number; stdout: string; stderr: string; json?: DefragReport }> {
  let stdout = '';
  let stderr = '';
  const code = await runFixCommand(['etcd-defrag', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  let json: DefragReport | undefined;
  if (args.includes('json')) json = JSON.parse(stdout) as DefragReport;
  return { code, stdout, stderr, json };
}

describe('fix etcd-defrag on a real 3-member etcd cluster', () => {
  let cluster: EtcdCluster;
  let endpoints: string;
  let fingerprint: { keys: number; sha256: string };

  before(async () => {
    cluster = await startCluster({ size: 3 });
    endpoints = cluster.endpoints.join(',');
    await putKeepers(cluster);
    await fragment(cluster);
    fingerprint = await keyspaceChecksum(cluster);
    assert.ok(fingerprint.keys >= 200, `${fingerprint.keys} keys`);
  });

  after(async () => {
    await cluster?.stop();
  });

  test('dry run: prints the plan, changes nothing', async () => {
    const sizes = await dbSizes(cluster);
    for (const s of Object.values(sizes)) assert.ok(s >= 150_000_000, `fragmented: ${s}`);
    const r = await fix(['--etcd-endpoints', endpoints, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = r.json!;
    assert.equal(j.dryRun, true);
    assert.equal(j.aborted, false);
    assert.deepEqual(j.members.map((m) => m.action), ['pending', 'pending', 'pending']);
    assert.equal(j.members[2].wasLeader, true, 'leader planned last');
    assert.equal(j.members[2].name, await cluster.leader());
    assert.deepEqual(await dbSizes(cluster), sizes);
    assert.deepEqual(defragLogLines(cluster), []);
  });

  test('a member frozen (SIGSTOP) before the run: preflight refuses, nothing is defragmented', async () => {
    const leader = await cluster.leader();
    const follower = cluster.members.find((m) => m.name !== leader)!.name;
    const sizes = await dbSizes(cluster);
    cluster.freeze(follower);
    let r;
    try {
      r = await fix(['--etcd-endpoints', endpoints, '--yes', '--timeout', '2s', '-o', 'json']);
    } finally {
      cluster.thaw(follower);
    }
    assert.equal(r.code, 1);
    const j = r.json!;
    assert.equal(j.aborted, true);
    assert.match(j.abortReason ?? '', new RegExp(`^preflight refused: member ${follower} \\(http://127\\.0\\.0\\.1:\\d+\\): no answer`));
    assert.ok(j.members.every((m) => m.action !== 'defragmented'));
    await cluster.waitHealthy();
    assert.deepEqual(defragLogLines(cluster), [], 'etcd logged no defrag');
    assert.deepEqual(await dbSizes(cluster), sizes);
  });

  test('a member left out of --etcd-endpoints: preflight refuses (it could not be checked)', async () => {
    const r = await fix(['--etcd-endpoints', cluster.endpoints.slice(0, 2).join(','), '--yes', '-o', 'json']);
    assert.equal(r.code, 1);
    assert.match(r.json!.abortReason ?? '', /^preflight refused: member m3 \(http:\/\/127\.0\.0\.1:\d+\): not among --etcd-endpoints/);
    assert.deepEqual(defragLogLines(cluster), []);
  });

  test('three fragmented members: all defragmented one at a time, leader last, data and term intact, HashKV equal', async () => {
    const leader = await cluster.leader();
    const termsBefore = await raftTerms(cluster);
    const sizesBefore = await dbSizes(cluster);
    const r = await fix(['--etcd-endpoints', endpoints, '--yes', '-o', 'json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const j = r.json!;
    assert.equal(j.aborted, false, j.abortReason ?? '');
    assert.deepEqual(j.members.map((m) => m.action), ['defragmented', 'defragmented', 'defragmented']);
    assert.deepEqual(j.members.map((m) => m.order), [1, 2, 3]);
    assert.equal(j.members[2].name, leader);
    assert.equal(j.members[2].wasLeader, true);

    // etcd's own logs: one defrag per member, one after the other, the leader's last.
    const lines = defragLogLines(cluster);
    assert.deepEqual(lines.map((l) => l.member), j.members.map((m) => m.name), 'etcd logged the defrags in plan order');
    assert.equal(lines[lines.length - 1].member, leader, 'leader defragmented last (etcd log timestamps)');
    for (let i = 1; i < lines.length; i++) {
      // ts is when a defrag finished, took how long it ran: each starts after the previous one ended.
      assert.ok(lines[i].ts - (lines[i].tookMs ?? 0) >= lines[i - 1].ts - 5, 'no two defrags overlap');
    }

    // Sizes shrunk (etcdctl's view and the report's).
    const sizesAfter = await dbSizes(cluster);
    for (const m of j.members) {
      assert.ok(sizesAfter[m.name] < sizesBefore[m.name] / 5, `${m.name}: ${sizesBefore[m.name]} → ${sizesAfter[m.name]}`);
      assert.ok(m.after!.dbSize < m.before!.dbSize / 5);
      assert.equal(m.before!.dbSize, sizesBefore[m.name]);
      assert.ok((m.tookMs ?? -1) >= 0);
    }

    // Every key and value intact; term unchanged; HashKV equal (ours and etcdctl's).
    assert.deepEqual(await keyspaceChecksum(cluster), fingerprint);
    assert.deepEqual(await raftTerms(cluster), termsBefore);
    assert.equal(j.raftTermBefore, j.raftTermAfter);
    assert.equal(j.leaderBefore, leader);
    assert.equal(j.leaderAfter, leader);
    assert.equal(j.hashKvConsistent, true);
    const hashes = JSON.parse(await cluster.etcdctl(['endpoint', 'hashkv', '-w', 'json'])) as Array<{ HashKV: { hash: number } }>;
    assert.equal(new Set(hashes.map((h) => h.HashKV.hash)).size, 1);
  });

  test('a member frozen after the first defrag: the run stops and reports partial progress', async () => {
    await fragment(cluster);
    const before = defragLogLines(cluster).length;
    let frozen: string | undefined;
    const backend = new EtcdBackend({ endpoints: cluster.endpoints, timeoutMs: 2000, defragTimeoutMs: 120_000 });
    let report: DefragReport;
    try {
      report = await runDefrag(backend, {
        rule: compileRule(DEFAULT_RULE), dbQuota: 2 * 1024 ** 3, yes: true, moveLeader: false, waitMs: 6000,
        onEvent: (e) => {
          if (e.type === 'plan') frozen = e.plan.steps[1].member.name; // the next one to go
          if (e.type === 'defrag-done' && e.order === 1) cluster.freeze(frozen!);
        },
      });
    } finally {
      if (frozen) cluster.thaw(frozen);
      await backend.close();
    }
    assert.equal(report.aborted, true);
    assert.match(report.abortReason ?? '', new RegExp(`^before defragmenting ${frozen}: member ${frozen} \\(http://127\\.0\\.0\\.1:\\d+\\) stopped answering: no answer`));
    assert.deepEqual(report.members.map((m) => m.action), ['defragmented', 'pending', 'pending']);
    assert.match(report.members[1].reason, /^not done: run stopped/);
    assert.equal(report.hashKvConsistent, null);
    const lines = defragLogLines(cluster).slice(before);
    assert.deepEqual(lines.map((l) => l.member), [report.members[0].name], 'etcd logged exactly one defrag');
    await cluster.waitHealthy();
    assert.deepEqual(await keyspaceChecksum(cluster), fingerprint);
  });

  test('--move-leader: leadership handed to a defragmented follower before the old leader is defragmented', async () => {
    // Left by the previous test: one follower defragmented, the other follower and the leader still fragmented.
    const leader = await cluster.leader();
    const termBefore = Math.max(...(await raftTerms(cluster)));
    const before = defragLogLines(cluster).length;
    const r = await fix(['--etcd-endpoints', endpoints, '--yes', '--move-leader', '-o', 'json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const j = r.json!;
    const done = j.members.filter((m) => m.action === 'defragmented');
    assert.deepEqual(done.map((m) => m.wasLeader), [false, true], 'the fragmented follower, then the old leader');
    assert.equal(j.leaderMoved, true);
    assert.equal(j.leaderBefore, leader);
    assert.equal(j.leaderAfter, done[0].name, 'the defragmented follower leads now');
    assert.equal(await cluster.leader(), done[0].name);
    assert.equal(j.raftTermAfter, termBefore + 1, 'one term for the hand-over, no election beyond it');
    assert.equal(j.hashKvConsistent, true);
    assert.deepEqual(defragLogLines(cluster).slice(before).map((l) => l.member), done.map((m) => m.name));
    assert.deepEqual(await keyspaceChecksum(cluster), fingerprint);
  });
});

describe('fix etcd-defrag on a NOSPACE cluster', () => {
  let cluster: EtcdCluster;

  before(async () => {
    cluster = await startCluster({ size: 3, quotaBytes: 24 * 1024 * 1024 });
  });

  after(async () => {
    await cluster?.stop();
  });

  test('defrag plus disarm brings writes back', async () => {
    await putKeepers(cluster, 20);
    const filled = await cluster.fill(64 * 1024 * 1024, { valueSize: 500_000, concurrency: 4 });
    assert.equal(filled.noSpace, true, 'the quota was hit');
    await assert.rejects(cluster.put('/after', 'x'), /database space exceeded/);
    await cluster.deleteAll('/fill/');
    await compactOnly(cluster);
    await assert.rejects(cluster.put('/after', 'x'), /database space exceeded/, 'compaction alone does not clear the alarm');

    const r = await fix(['--etcd-endpoints', cluster.endpoints.join(','), '--yes', '-o', 'json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const j = r.json!;
    assert.equal(j.dbQuota, 24 * 1024 * 1024, 'quota read from etcd_server_quota_backend_bytes');
    assert.ok(j.alarmsBefore.length >= 1, 'the alarm was seen');
    assert.ok(j.alarmsBefore.every((a) => a.alarm === 'NOSPACE'));
    assert.deepEqual(j.members.map((m) => m.action), ['defragmented', 'defragmented', 'defragmented'], 'NOSPACE selects every member');
    assert.equal(j.nospaceDisarmed, true);
    assert.equal(j.hashKvConsistent, true);
    for (const m of j.members) assert.ok(m.after!.dbSize < j.dbQuota);
    assert.equal((await cluster.etcdctl(['alarm', 'list'])).trim(), '');
    await cluster.put('/after', 'writes are back');
    assert.equal((await cluster.etcdctl(['get', '/after', '--print-value-only'])).trim(), 'writes are back');
  });
});

describe('fix etcd-defrag over TLS with client certificates', () => {
  let cluster: EtcdCluster;

  before(async () => {
    cluster = await startCluster({ size: 1, tls: true, quotaBytes: 64 * 1024 * 1024 });
  });

  after(async () => {
    await cluster?.stop();
  });

  test('plans and acts with --cacert/--cert/--key, reads the quota over https', async () => {
    const t = cluster.tls!;
    const base = ['--etcd-endpoints', cluster.endpoints[0].replace(/^https:\/\//, ''), '--cacert', t.ca, '--cert', t.clientCert, '--key', t.clientKey, '-o', 'json'];
    const plan = await fix([...base, '--rule', 'dbSize > 0']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(plan.json!.dbQuota, 64 * 1024 * 1024);
    assert.equal(plan.json!.members[0].endpoint, cluster.endpoints[0], 'host:port with TLS flags means https');
    const run = await fix([...base, '--rule', 'dbSize > 0', '--yes']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.deepEqual(run.json!.members.map((m) => [m.action, m.wasLeader]), [['defragmented', true]]);
    assert.equal(run.json!.hashKvConsistent, true);
    const noCert = await fix(['--etcd-endpoints', cluster.endpoints[0], '--cacert', t.ca, '--timeout', '2s']);
    assert.equal(noCert.code, 2, 'client-cert-auth refuses a client without a certificate');
    assert.match(noCert.stderr, /^kubesleuth fix: no etcd member answered: https:\/\/127\.0\.0\.1:\d+: no answer/);
  });
});
