import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePlan, preflight } from '../../src/fix/plan.js';
import { compileRule, DEFAULT_RULE } from '../../src/fix/rule.js';
import type { MemberState } from '../../src/fix/model.js';

const MB = 1e6;
function member(name: string, id: string, dbSize: number, inUse: number, o: Partial<MemberState> = {}): MemberState {
  return {
    id, name, endpoint: `http://${name}:2379`, reachable: true, dbSize, dbSizeInUse: inUse, leaderId: 'a',
    raftTerm: 4, raftIndex: 100, raftAppliedIndex: 100, isLearner: false, errors: [], ...o,
  };
}
const opts = { rule: compileRule(DEFAULT_RULE), dbQuota: 2 * 1024 ** 3, nospace: false, moveLeader: false };

test('preflight passes a healthy cluster and names the leader and term', () => {
  const ms = [member('m1', 'a', 10, 5), member('m2', 'b', 10, 5), member('m3', 'c', 10, 5)];
  assert.deepEqual(preflight(ms, []), { ok: true, leaderId: 'a', raftTerm: 4 });
});

test('preflight refuses: unreachable, unhealthy, no leader, split views, foreign alarms, duplicates', () => {
  const ok = () => [member('m1', 'a', 10, 5), member('m2', 'b', 10, 5), member('m3', 'c', 10, 5)];
  const cases: Array<[string, MemberState[], Parameters<typeof preflight>[1], Map<string, string> | undefined, RegExp]> = [
    ['unreachable', [...ok().slice(0, 2), { ...ok()[2], reachable: false, problem: 'no answer (no answer in time)' }], [], undefined, /m3 \(http:\/\/m3:2379\): no answer/],
    ['unhealthy', ok(), [], new Map([['http://m2:2379', 'linearizable read failed: no answer in time']]), /m2 .*unhealthy: linearizable read failed/],
    ['no leader', ok().map((m) => ({ ...m, leaderId: '0' })), [], undefined, /no leader/],
    ['split', ok().map((m, i) => ({ ...m, leaderId: i === 0 ? 'a' : 'b' })), [], undefined, /disagree about the leader/],
    ['leader elsewhere', ok().map((m) => ({ ...m, leaderId: 'ff' })), [], undefined, /leader ff is not among/],
    ['corrupt', ok(), [{ memberId: 'b', alarm: 'CORRUPT' }], undefined, /CORRUPT on member b.*only NOSPACE/],
    ['status error', [member('m1', 'a', 10, 5, { errors: ['something broke'] }), ...ok().slice(1)], [], undefined, /reports errors: something broke/],
    ['duplicate', [member('m1', 'a', 10, 5), { ...member('m1b', 'a', 10, 5), endpoint: 'http://again:2379' }], [], undefined, /same member a/],
    ['empty', [], [], undefined, /no etcd member/],
  ];
  for (const [name, ms, alarms, health, re] of cases) {
    const r = preflight(ms, alarms, health);
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.match(r.reason, re, name);
  }
});

test('preflight lets NOSPACE through (defrag is how it is cleared)', () => {
  const ms = [member('m1', 'a', 10, 5, { errors: ['memberID:11 alarm:NOSPACE '] }), member('m2', 'b', 10, 5)];
  assert.equal(preflight(ms, [{ memberId: 'a', alarm: 'NOSPACE' }]).ok, true);
});

test('plan: followers by reclaimable bytes, most first, leader last; unfragmented members skipped', () => {
  const ms = [
    member('talos01', 'a', 467 * MB, 55 * MB),
    member('talos02', 'b', 87 * MB, 56 * MB),
    member('talos03', 'c', 300 * MB, 55 * MB),
    member('talos04', 'd', 469 * MB, 55 * MB),
  ];
  const p = makePlan(ms, 'a', 4, opts);
  assert.deepEqual(p.steps.map((s) => s.member.name), ['talos04', 'talos03', 'talos01']);
  assert.equal(p.steps[2].isLeader, true);
  assert.deepEqual(p.skipped.map((s) => s.member.name), ['talos02']);
  assert.match(p.skipped[0].reason, /56 MB in use of 87 MB \(64%\).*rule not matched/);
  assert.equal(p.moveLeaderTo, undefined);
});

test('plan with --move-leader: leadership goes to a defragmented follower, else the most up-to-date voter', () => {
  const ms = [member('m1', 'a', 467 * MB, 55 * MB), member('m2', 'b', 300 * MB, 55 * MB), member('m3', 'c', 469 * MB, 55 * MB)];
  assert.equal(makePlan(ms, 'a', 4, { ...opts, moveLeader: true }).moveLeaderTo, 'c');
  const onlyLeader = [member('m1', 'a', 467 * MB, 55 * MB), member('m2', 'b', 60 * MB, 55 * MB, { raftAppliedIndex: 90 }), member('m3', 'c', 60 * MB, 55 * MB, { raftAppliedIndex: 99 })];
  const p = makePlan(onlyLeader, 'a', 4, { ...opts, moveLeader: true });
  assert.deepEqual(p.steps.map((s) => s.member.name), ['m1']);
  assert.equal(p.moveLeaderTo, 'c');
  const learners = [member('m1', 'a', 467 * MB, 55 * MB), member('m2', 'b', 60 * MB, 55 * MB, { isLearner: true })];
  assert.equal(makePlan(learners, 'a', 4, { ...opts, moveLeader: true }).moveLeaderTo, undefined, 'a learner cannot lead');
});

test('plan: NOSPACE selects every member, a custom rule replaces the default', () => {
  const ms = [member('m1', 'a', 30 * MB, 28 * MB), member('m2', 'b', 31 * MB, 28 * MB)];
  assert.deepEqual(makePlan(ms, 'a', 4, { ...opts, nospace: true }).steps.map((s) => s.member.name), ['m2', 'm1']);
  const custom = makePlan(ms, 'a', 4, { ...opts, rule: compileRule('dbSize > 30.5MB') });
  assert.deepEqual(custom.steps.map((s) => s.member.name), ['m2']);
});
