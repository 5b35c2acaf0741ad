import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/etcd/slow-leader.js';
import { assertCites, evidence, intake, lines, listYaml, member, nodeObject, run, signal, talosEtcdStatus, zap } from '../../helpers/evidence.js';

const ID = { talos01: '25e10c575a763da7', talos02: '8f1c0d8a2b3c4d5e', talos03: 'c3a9e1f0b2d4a6c8' };
const IP = { talos01: '10.20.0.14', talos02: '10.20.0.15', talos03: '10.20.0.16' };

const becameLeader = (ts: string, who: keyof typeof ID, term = 195): string =>
  zap(ts, 'info', 'etcdserver/zap_raft.go:77', `${ID[who]} became leader at term ${term}`, { logger: 'raft' });
const electedLeader = (ts: string, who: keyof typeof ID, leader: keyof typeof ID, term = 195): string =>
  zap(ts, 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${ID[who]} elected leader ${ID[leader]} at term ${term}`, { logger: 'raft' });
const readIndexWait = (ts: string): string =>
  zap(ts, 'warn', 'etcdserver/v3_server.go:792', 'waiting for ReadIndex response took too long, retrying', { 'sent-request-id': 7587869434932443521, 'retry-timeout': '500ms' });
const linearizedTrace = (ts: string, step: string): string =>
  zap(ts, 'info', 'traceutil/trace.go:171', 'trace[1183457370] range', {
    detail: '{range_begin:/registry/leases/kube-node-lease/talos02; range_end:; response_count:1; response_revision:4242; }',
    duration: step,
    start: ts,
    end: ts,
    steps: [`trace[1183457370] 'agreement among raft nodes before linearized reading'  (duration: ${step})`, "trace[1183457370] 'range keys from in-memory index tree'  (duration: 120.5µs)"],
    step_count: 2,
  });
const slowApply = (ts: string, took: string): string =>
  zap(ts, 'warn', 'etcdserver/util.go:170', 'apply request took too long', { took, 'expected-duration': '100ms', prefix: 'read-only range ', request: 'key:"/registry/pods/" range_end:"/registry/pods0" ', response: 'range_response_count:40 size:90211' });

const statusTable = talosEtcdStatus([
  { node: IP.talos01, member: ID.talos01, dbSize: '467 MB', inUse: '55 MB (11.78%)', leader: ID.talos01 },
  { node: IP.talos02, member: ID.talos02, dbSize: '87 MB', inUse: '56 MB (64.37%)', leader: ID.talos01 },
  { node: IP.talos03, member: ID.talos03, dbSize: '467 MB', inUse: '55 MB (11.78%)', leader: ID.talos01 },
]);
const nodesYaml = listYaml((Object.keys(IP) as Array<keyof typeof IP>).map((n) => nodeObject({ name: n, ip: IP[n] })));

describe('etcd/slow-leader', () => {
  it('blames the leader named by `talosctl etcd status` when followers wait for ReadIndex', async () => {
    const ev = await intake({
      'etcd-status.txt': statusTable,
      'kubernetesResources/nodes.yaml': nodesYaml,
      'talos01/service-logs/etcd.log': lines(slowApply('2026-02-22T10:39:10.000Z', '960.2ms'), slowApply('2026-02-22T10:39:20.000Z', '144ms')),
      'talos02/service-logs/etcd.log': lines(
        readIndexWait('2026-02-22T10:39:30.100Z'),
        readIndexWait('2026-02-22T10:39:31.100Z'),
        linearizedTrace('2026-02-22T10:39:32.000Z', '466.5ms'),
        linearizedTrace('2026-02-22T10:39:33.000Z', '26.1ms'),
      ),
      'talos03/service-logs/etcd.log': lines(readIndexWait('2026-02-22T10:39:40.000Z')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.rule, 'etcd/slow-leader');
    assert.equal(f.failureMode, 'etcd-slow-leader');
    assert.deepEqual(f.subject, { kind: 'EtcdMember', name: 'talos01', id: ID.talos01 });
    assert.equal(f.node, 'talos01');
    assert.equal(f.severity, 'critical');
    // 3 ReadIndex retries and one trace over 100ms; the 26ms trace is no wait worth naming.
    assert.equal(f.count, 4);
    assert.deepEqual([...(f.affects ?? [])].sort(), ['talos02', 'talos03']);
    assert.equal(f.data?.readIndexRetries, 3);
    assert.equal(Math.round(f.data?.maxAgreementMs as number), 467);
    assert.equal(f.firstSeen, '2026-02-22T10:39:30.100Z');
    assert.equal(f.lastSeen, '2026-02-22T10:39:40.000Z');
    assert.match(f.message, /leader talos01/);
    assert.match(f.message, /2 slow applies/);
    assertCites(f.evidence, /waiting for ReadIndex/);
    assert.ok(f.evidence.some((r) => r.source.endsWith('etcd-status.txt') && r.excerpt.includes(ID.talos01)), 'cites the status row naming the leader');
    assert.ok(f.evidence.some((r) => r.source.endsWith('talos01/service-logs/etcd.log') && /apply request took too long/.test(r.excerpt)), "cites the leader's own slow applies");
    assert.ok(!f.evidence.some((r) => r.excerpt.includes("(duration: 26.1ms)")), 'does not cite the fast trace');
  });

  it('finds the leader from `became leader` when no member status is at hand', async () => {
    // Every member logs `elected leader`; the followers do so last, so the leader's node must come from its `became leader` line.
    const ev = await intake({
      'talos01/service-logs/etcd.log': lines(becameLeader('2026-02-22T08:00:00.100Z', 'talos01'), electedLeader('2026-02-22T08:00:00.101Z', 'talos01', 'talos01')),
      'talos02/service-logs/etcd.log': lines(electedLeader('2026-02-22T08:00:00.140Z', 'talos02', 'talos01'), readIndexWait('2026-02-22T10:39:30.100Z')),
      'talos03/service-logs/etcd.log': lines(electedLeader('2026-02-22T08:00:00.152Z', 'talos03', 'talos01')),
    });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].subject, { kind: 'EtcdMember', name: 'talos01' });
    assert.equal(findings[0].node, 'talos01');
    assert.deepEqual(findings[0].affects, ['talos02']);
    assertCites(findings[0].evidence, /became leader|elected leader/);
  });

  it("does not blame the leader for its own slowness when no follower waits", async () => {
    const ev = await intake({
      'etcd-status.txt': statusTable,
      'kubernetesResources/nodes.yaml': nodesYaml,
      'talos01/service-logs/etcd.log': lines(
        slowApply('2026-02-22T10:39:10.000Z', '1.877s'),
        readIndexWait('2026-02-22T10:39:11.000Z'),
        linearizedTrace('2026-02-22T10:39:12.000Z', '2.885370245s'),
      ),
      'talos02/service-logs/etcd.log': lines(slowApply('2026-02-22T10:39:13.000Z', '130ms')),
    });
    assert.ok(ev.signals.some((s) => s.signal === 'etcd.linearized-read-trace' && s.node === 'talos01'));
    assert.deepEqual(run(rule, ev), { findings: [], refutations: [] });
  });

  it('ignores follower traces whose raft agreement took under 100ms, and counts one at 100ms', () => {
    const leader = member('talos01', { id: ID.talos01, isLeader: true });
    const fast = signal(linearizedTrace('2026-02-22T10:39:32.000Z', '99.9ms'), { node: 'talos02' });
    assert.equal(run(rule, evidence({ etcdMembers: [leader], signals: [fast] })).findings.length, 0);
    const edge = signal(linearizedTrace('2026-02-22T10:39:32.000Z', '100ms'), { node: 'talos02' });
    const { findings } = run(rule, evidence({ etcdMembers: [leader], signals: [fast, edge] }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].count, 1);
    assert.equal(findings[0].data?.readIndexRetries, 0);
    assert.deepEqual(findings[0].evidence.slice(1), [edge.ref]);
  });

  it('counts `timed out waiting for read index response` as a follower wait', () => {
    const line = zap('2026-02-22T10:40:00.000Z', 'warn', 'etcdserver/v3_server.go:807', 'timed out waiting for read index response (local node might have slow network)', { timeout: '7s' });
    const { findings } = run(rule, evidence({ etcdMembers: [member('talos01', { id: ID.talos01, isLeader: true })], signals: [signal(line, { node: 'talos03' })] }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].subject.name, 'talos01');
    assert.deepEqual(findings[0].affects, ['talos03']);
  });

  it('says nothing when the leader is unknown, however long followers wait', () => {
    const waits = [signal(readIndexWait('2026-02-22T10:39:30.100Z'), { node: 'talos02' })];
    assert.deepEqual(run(rule, evidence({ signals: waits })), { findings: [], refutations: [] });
    const unreachableLeader = member('talos01', { id: ID.talos01, isLeader: true, reachable: false });
    assert.deepEqual(run(rule, evidence({ etcdMembers: [unreachableLeader], signals: waits })), { findings: [], refutations: [] });
  });

  it('says nothing for a healthy cluster', async () => {
    const ev = await intake({
      'etcd-status.txt': statusTable,
      'kubernetesResources/nodes.yaml': nodesYaml,
      'talos02/service-logs/etcd.log': lines(electedLeader('2026-02-22T08:00:00.140Z', 'talos02', 'talos01'), linearizedTrace('2026-02-22T10:39:33.000Z', '12ms')),
    });
    assert.deepEqual(run(rule, ev), { findings: [], refutations: [] });
  });
});
