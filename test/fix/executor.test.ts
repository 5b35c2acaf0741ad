import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDefrag, type ExecuteOptions } from '../../src/fix/executor.js';
import { compileRule, DEFAULT_RULE } from '../../src/fix/rule.js';
import type { DefragEvent } from '../../src/fix/model.js';
import { FakeBackend, incidentCluster, MB } from './fake-backend.js';

function options(o: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return { rule: compileRule(DEFAULT_RULE), dbQuota: 2 * 1024 ** 3, yes: true, moveLeader: false, waitMs: 300, pollMs: 10, ...o };
}

test('dry run: the plan, and no call that changes anything', async () => {
  const fake = incidentCluster();
  const r = await runDefrag(fake, options({ yes: false }));
  assert.equal(r.dryRun, true);
  assert.equal(r.aborted, false);
  assert.deepEqual(fake.calls.filter((c) => !c.startsWith('statusAll')), []);
  assert.deepEqual(r.members.map((m) => [m.name, m.order, m.action]), [['talos03', 1, 'pending'], ['talos01', 2, 'pending'], ['talos02', null, 'skipped']]);
  assert.match(r.members[0].reason, /^would defragment: 55 MB in use of 469 MB/);
  assert.equal(r.leaderBefore, 'talos01');
  assert.equal(r.raftTermBefore, 7);
  assert.equal(r.hashKvConsistent, null);
});

test('the incident fix: talos03 then talos01 (leader last), sizes recorded, term unchanged, HashKV equal', async () => {
  const fake = incidentCluster();
  const events: DefragEvent['type'][] = [];
  const r = await runDefrag(fake, options({ onEvent: (e) => void events.push(e.type) }));
  assert.equal(r.aborted, false, r.abortReason ?? '');
  assert.deepEqual(fake.calls.filter((c) => c.startsWith('defrag')), ['defrag talos03', 'defrag talos01']);
  const [t3, t1, t2] = r.members;
  assert.deepEqual([t3.name, t3.action, t3.before, t3.after], ['talos03', 'defragmented', { dbSize: 469 * MB, dbSizeInUse: 55 * MB }, { dbSize: 55 * MB, dbSizeInUse: 55 * MB }]);
  assert.deepEqual([t1.name, t1.wasLeader, t1.order, t1.action], ['talos01', true, 2, 'defragmented']);
  assert.equal(typeof t1.tookMs, 'number');
  assert.deepEqual([t2.action, t2.after, t2.tookMs], ['skipped', null, null]);
  assert.equal(r.raftTermBefore, 7);
  assert.equal(r.raftTermAfter, 7);
  assert.equal(r.leaderAfter, 'talos01');
  assert.equal(r.hashKvConsistent, true);
  assert.equal(r.hashKvRevision, 500);
  assert.deepEqual(events, ['preflight', 'plan', 'defrag-start', 'defrag-done', 'defrag-start', 'defrag-done', 'hashkv']);
});

test('preflight refusal changes nothing and says why', async () => {
  const fake = incidentCluster();
  fake.members[1].down = true;
  const r = await runDefrag(fake, options());
  assert.equal(r.aborted, true);
  assert.match(r.abortReason ?? '', /^preflight refused: member talos02 \(fake:\/\/talos02\): no answer/);
  assert.deepEqual(fake.calls.filter((c) => c !== 'statusAll'), []);
  assert.ok(r.members.every((m) => m.action !== 'defragmented' && m.after === null));
  assert.deepEqual(r.members.map((m) => m.action), ['pending', 'skipped', 'pending']);
});

test('an election after the first defrag stops the run: partial progress reported', async () => {
  const fake = incidentCluster();
  fake.afterDefrag = (_m, f) => {
    f.term += 1;
    f.leaderId = 'b2';
  };
  const r = await runDefrag(fake, options());
  assert.equal(r.aborted, true);
  assert.match(r.abortReason ?? '', /after defragmenting talos03: .*leader talos03 instead of talos01|raft term 8, expected 7/);
  assert.deepEqual(fake.calls.filter((c) => c.startsWith('defrag')), ['defrag talos03']);
  assert.deepEqual(r.members.map((m) => [m.name, m.action]), [['talos03', 'defragmented'], ['talos01', 'pending'], ['talos02', 'skipped']]);
  assert.match(r.members[1].reason, /^not done: run stopped/);
  assert.equal(r.hashKvConsistent, null);
  assert.equal(r.raftTermAfter, 8);
});

test('a member that stops answering after its defrag is a surprise (caught-up wait times out)', async () => {
  const fake = incidentCluster();
  fake.afterDefrag = (m) => {
    m.down = true;
  };
  const r = await runDefrag(fake, options());
  assert.equal(r.aborted, true);
  assert.match(r.abortReason ?? '', /talos03 .*did not answer and catch up with the leader within 300ms/);
  assert.deepEqual(r.members.map((m) => m.action), ['defragmented', 'pending', 'skipped']);
});

test('a failed defragment call marks the member failed and stops', async () => {
  const fake = incidentCluster();
  fake.failDefrag.add('talos03');
  const r = await runDefrag(fake, options());
  assert.equal(r.aborted, true);
  assert.deepEqual(r.members.map((m) => m.action), ['failed', 'pending', 'skipped']);
  assert.match(r.members[0].reason, /defragment failed: rpc error: boom/);
});

test('--move-leader: leadership handed to the defragmented follower, then the old leader is defragmented', async () => {
  const fake = incidentCluster();
  const r = await runDefrag(fake, options({ moveLeader: true }));
  assert.equal(r.aborted, false, r.abortReason ?? '');
  assert.deepEqual(fake.calls.filter((c) => !c.startsWith('statusAll') && !c.startsWith('hashkv')), ['defrag talos03', 'move talos01 -> b2', 'defrag talos01']);
  assert.equal(r.leaderMoved, true);
  assert.equal(r.leaderBefore, 'talos01');
  assert.equal(r.leaderAfter, 'talos03');
  assert.deepEqual([r.raftTermBefore, r.raftTermAfter], [7, 8]);
});

test('HashKV mismatch fails the run', async () => {
  const fake = incidentCluster();
  fake.members[2].hash = '999';
  const r = await runDefrag(fake, options());
  assert.equal(r.hashKvConsistent, false);
  assert.equal(r.aborted, true);
  assert.match(r.abortReason ?? '', /^HashKV differs between members: .*talos03=999 \(revision 500, compact 400\)/);
});

test('HashKV right at the compaction point falls back to each member\'s current revision', async () => {
  const fake = incidentCluster();
  fake.compactRevision = 500; // compacted at the current revision, no write since (a NOSPACE cluster)
  const r = await runDefrag(fake, options());
  assert.equal(r.aborted, false, r.abortReason ?? '');
  assert.equal(r.hashKvConsistent, true);
  assert.equal(r.hashKvRevision, 500);
  assert.deepEqual(fake.calls.filter((c) => c.startsWith('hashkv')), ['hashkv talos01@500', 'hashkv talos01@0', 'hashkv talos02@0', 'hashkv talos03@0']);
});

test('NOSPACE: every member defragmented, alarm disarmed only when below the quota', async () => {
  const mk = () => {
    const f = new FakeBackend(
      [
        { id: 'a', name: 'm1', dbSize: 33 * MB, dbSizeInUse: 2 * MB, errors: ['memberID:10 alarm:NOSPACE '] },
        { id: 'b', name: 'm2', dbSize: 33 * MB, dbSizeInUse: 2 * MB },
        { id: 'c', name: 'm3', dbSize: 33 * MB, dbSizeInUse: 2 * MB },
      ],
      'a',
    );
    f.alarmList = [{ memberId: 'a', alarm: 'NOSPACE' }];
    return f;
  };
  const fake = mk();
  const r = await runDefrag(fake, options({ dbQuota: 32 * 1024 * 1024 }));
  assert.equal(r.aborted, false, r.abortReason ?? '');
  assert.deepEqual(r.members.map((m) => m.action), ['defragmented', 'defragmented', 'defragmented']);
  assert.equal(r.members[2].name, 'm1', 'leader last');
  assert.equal(r.nospaceDisarmed, true);
  assert.deepEqual(fake.alarmList, []);

  const full = mk();
  for (const m of full.members) m.dbSize = m.dbSizeInUse = 34 * MB; // over the quota, nothing to reclaim
  const kept = await runDefrag(full, options({ dbQuota: 32 * 1024 * 1024 }));
  assert.equal(kept.nospaceDisarmed, false);
  assert.equal(full.alarmList.length, 1);
  assert.match(kept.notes.join('\n'), /NOSPACE alarm left armed: m1 is 34 MB \(34000000 B\).*not below the quota 34 MB \(33554432 B\)/);
});

test('a backend without HashKV (Talos) leaves hashKvConsistent null with a note', async () => {
  const fake = incidentCluster();
  fake.noHashKv = true;
  const r = await runDefrag(fake, options());
  assert.equal(r.aborted, false);
  assert.equal(r.hashKvConsistent, null);
  assert.match(r.notes.join('\n'), /HashKV not checked/);
});

test('nothing reachable at all is not a refusal but an unreachable source', async () => {
  const fake = incidentCluster();
  for (const m of fake.members) m.down = true;
  await assert.rejects(runDefrag(fake, options()), (err: Error) => err.name === 'FixError' && /no etcd member answered/.test(err.message));
});
