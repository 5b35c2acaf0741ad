// `kubesleuth fix etcd-defrag` in Talos mode, end to end through runFixCommand, against a stub
// talosctl that replays real talosctl output shapes (see fixtures/talosctl-stub.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFixCommand } from '../../src/fix/cli.js';
import { incidentState, installTalosStub, type StubState } from './talos-stub.js';

async function fix(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runFixCommand(['etcd-defrag', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function withStub<T>(state: StubState, fn: (stub: ReturnType<typeof installTalosStub>, base: string[]) => Promise<T>): Promise<T> {
  const stub = installTalosStub(state);
  try {
    return await fn(stub, ['--talosconfig', stub.talosconfig, '--nodes', state.members.map((m) => m.node).join(',')]);
  } finally {
    stub.restore();
  }
}

test('talos dry run: the plan in text, nothing changed, exit 0', () =>
  withStub(incidentState(), async (stub, base) => {
    const r = await fix(base);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(stub.changes(), []);
    assert.match(r.stdout, /^Plan: defragment 2 members one at a time \(dry run, nothing changed; add --yes to act\)/);
    assert.match(r.stdout, /1\s+talos03\s+10\.20\.0\.16\s+follower\s+pending\s+469 MB \(12% in use\)/);
    assert.match(r.stdout, /2\s+talos01\s+10\.20\.0\.14\s+leader\s+pending/);
    assert.match(r.stdout, /-\s+talos02\s+10\.20\.0\.15\s+follower\s+skipped\s+87 MB \(64% in use\)/);
    assert.equal(r.stderr, '');
  }));

test('talos --yes: followers first, leader last, JSON per the contract, HashKV noted as not available', () =>
  withStub(incidentState(), async (stub, base) => {
    const r = await fix([...base, '--yes', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(stub.changes(), ['etcd defrag @10.20.0.16', 'etcd defrag @10.20.0.14']);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j).slice(0, 10), [
      'schemaVersion', 'dryRun', 'aborted', 'abortReason', 'members', 'raftTermBefore', 'raftTermAfter', 'leaderBefore', 'leaderAfter', 'hashKvConsistent',
    ]);
    assert.equal(j.schemaVersion, 1);
    assert.equal(j.dryRun, false);
    assert.equal(j.aborted, false);
    assert.equal(j.abortReason, null);
    assert.deepEqual(Object.keys(j.members[0]), ['name', 'id', 'endpoint', 'wasLeader', 'order', 'action', 'reason', 'before', 'after', 'tookMs']);
    assert.deepEqual(j.members.map((m: { name: string; order: number | null; action: string; wasLeader: boolean }) => [m.name, m.order, m.action, m.wasLeader]), [
      ['talos03', 1, 'defragmented', false],
      ['talos01', 2, 'defragmented', true],
      ['talos02', null, 'skipped', false],
    ]);
    assert.deepEqual(j.members[0].before, { dbSize: 469e6, dbSizeInUse: 55e6 });
    assert.deepEqual(j.members[0].after, { dbSize: 55e6, dbSizeInUse: 55e6 });
    assert.equal(j.members[0].id, 'c3d1f0e2a4b59687');
    assert.equal(typeof j.members[0].tookMs, 'number');
    assert.deepEqual([j.raftTermBefore, j.raftTermAfter, j.leaderBefore, j.leaderAfter], [195, 195, 'talos01', 'talos01']);
    assert.equal(j.hashKvConsistent, null);
    assert.equal(j.backend, 'talos');
    assert.match(j.notes.join('\n'), /HashKV not checked/);
    assert.equal(r.stderr, '', '-o json keeps stderr quiet');
  }));

test('talos: a node down → preflight refuses, nothing defragmented, exit 1', () => {
  const s = incidentState();
  s.members[1].down = true;
  return withStub(s, async (stub, base) => {
    const r = await fix([...base, '--yes']);
    assert.equal(r.code, 1);
    assert.deepEqual(stub.changes(), []);
    assert.match(r.stdout, /^REFUSED: member 10\.20\.0\.15: no answer \(rpc error: code = Unavailable .*\(nothing was changed\)/);
  });
});

test('talos: an election after the first defrag stops the run and reports partial progress', () => {
  const s = incidentState();
  s.afterDefrag = { count: 1, elect: '10.20.0.16' };
  return withStub(s, async (stub, base) => {
    const r = await fix([...base, '--yes', '-o', 'json']);
    assert.equal(r.code, 1);
    assert.deepEqual(stub.changes(), ['etcd defrag @10.20.0.16']);
    const j = JSON.parse(r.stdout);
    assert.equal(j.aborted, true);
    assert.match(j.abortReason, /after defragmenting talos03: member .* reports leader talos03 instead of talos01/);
    assert.deepEqual(j.members.map((m: { action: string }) => m.action), ['defragmented', 'pending', 'skipped']);
    assert.deepEqual([j.raftTermBefore, j.raftTermAfter], [195, 196]);
  });
});

test('talos --move-leader: forfeit-leadership on the leader before its defrag', () =>
  withStub(incidentState(), async (stub, base) => {
    const r = await fix([...base, '--yes', '--move-leader', '-o', 'json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(stub.changes(), ['etcd defrag @10.20.0.16', 'etcd forfeit-leadership @10.20.0.14', 'etcd defrag @10.20.0.14']);
    const j = JSON.parse(r.stdout);
    assert.equal(j.leaderMoved, true);
    assert.deepEqual([j.leaderBefore, j.leaderAfter, j.raftTermBefore, j.raftTermAfter], ['talos01', 'talos02', 195, 196]);
  }));

test('talos NOSPACE: every member defragmented, then the alarm disarmed (space is below the quota)', () => {
  const s = incidentState();
  s.format = 'v1.10';
  for (const m of s.members) {
    m.dbSize = 2_200_000_000;
    m.dbSizeInUse = 900_000_000;
  }
  s.alarms = [{ member: '25e10c575a763da7', alarm: 'NOSPACE' }];
  return withStub(s, async (stub, base) => {
    const r = await fix([...base, '--yes']);
    assert.equal(r.code, 0, r.stdout);
    // equal reclaimable space: followers by name, the leader last, the disarm after the last defrag
    assert.deepEqual(stub.changes(), ['etcd defrag @10.20.0.15', 'etcd defrag @10.20.0.16', 'etcd defrag @10.20.0.14', 'etcd alarm disarm @10.20.0.14']);
    assert.match(r.stdout, /NOSPACE alarm: disarmed/);
    assert.deepEqual(stub.read().alarms, []);
    assert.match(r.stderr, /\[3\] talos01: 2\.2 GB → 900 MB/);
  });
});

test('talos: talosctl missing, or no node answering → exit 2 with one line', async () => {
  const oldPath = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const r = await fix(['--nodes', '10.0.0.1']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'kubesleuth fix: talosctl not found on PATH\n');
  } finally {
    process.env.PATH = oldPath;
  }
  const s = incidentState();
  for (const m of s.members) m.down = true;
  await withStub(s, async (_stub, base) => {
    const r = await fix(base);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kubesleuth fix: no etcd member answered: 10\.20\.0\.14: no answer \(rpc error/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

test('talos --session FILE: the run is written into the debug-session document', () =>
  withStub(incidentState(), async (stub, base) => {
    const session = join(stub.dir, 'incident.md');
    copyFileSync('test/fix/fixtures/session-fixing.md', session);
    const r = await fix([...base, '--yes', '--session', session]);
    assert.equal(r.code, 0, r.stdout);
    const text = readFileSync(session, 'utf8');
    assert.match(text, /checked: kubesleuth fix etcd-defrag --talosconfig \S+ --nodes 10\.20\.0\.14,10\.20\.0\.15,10\.20\.0\.16 --yes --session \S+ — step 1, defragment talos03 \(10\.20\.0\.16\) via talosctl\n {2}found: 469 MB → 55 MB/);
    assert.match(text, /COMPLETED: kubesleuth fix etcd-defrag/);
    assert.match(text, /⚠️ HashKV not checked/);
    const missing = await fix([...base, '--session', join(stub.dir, 'nope.md')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kubesleuth fix: --session: cannot read .*nope\.md: ENOENT\n$/);
  }));
