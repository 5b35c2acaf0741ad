import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS } from '../../../src/model/thresholds.js';
import { parseRecord } from '../../../src/parse/record.js';
import rule from '../../../src/rules/etcd/leader-churn.js';
import { matchSignals } from '../../../src/signals/match.js';
import type { EtcdMemberStatus, EvidenceSet, LogStat, SignalEvent } from '../../../src/types.js';

function evidence(signals: SignalEvent[], etcdMembers: EtcdMemberStatus[] = [], logStats: LogStat[] = []): EvidenceSet {
  return { sources: [], nodes: [], pods: [], events: [], etcdMembers, processes: [], diskIo: [], nodeMetrics: [], objects: [], signals, logStats };
}

/** Signals from real etcd 3.4.23 raft lines, through the catalogue. */
function signal(line: string, node: string, lineNo: number): SignalEvent {
  const rec = parseRecord(line);
  const [m] = matchSignals(line, rec);
  assert.ok(m, `no signal in ${line}`);
  return { signal: m.def.id, component: m.def.component, node, time: rec.time, fields: m.extract.fields ?? {}, ref: { source: `${node}/etcd.log`, line: lineNo, excerpt: line } };
}

const IDS: Record<string, string> = { m1: 'd9617a18e1d12760', m2: '81b12b41389b2b7f', m3: '58d8b129797a0401' };

/** One election at `ts`: the winner logs `became leader`, and every member logs `elected leader`. */
function election(ts: string, term: number, winner: string, n = 0): SignalEvent[] {
  const out = [signal(`{"level":"info","ts":"${ts}","caller":"raft/raft.go:771","msg":"${IDS[winner]} became leader at term ${term}"}`, winner, 100 + n)];
  for (const who of Object.keys(IDS)) {
    out.push(signal(`{"level":"info","ts":"${ts}","caller":"raft/node.go:327","msg":"raft.node: ${IDS[who]} elected leader ${IDS[winner]} at term ${term}"}`, who, 200 + n));
  }
  return out;
}

const run = (ev: EvidenceSet, t = DEFAULT_THRESHOLDS) => rule.run({ evidence: ev, thresholds: t });
const etcdLog = (node: string, lines: number): LogStat => ({ source: `${node}/etcd.log`, node, component: 'etcd', lines, errorLines: 0, warnLines: 0, errorSamples: [] });

describe('etcd/leader-churn', () => {
  it('counts each election once, however many members logged it, and names the leaders in turn', () => {
    const signals = [
      ...election('2026-11-25T10:00:00.100Z', 2, 'm1', 1),
      ...election('2026-11-25T10:02:00.000Z', 3, 'm2', 2),
      ...election('2026-11-25T10:04:00.000Z', 4, 'm3', 3),
      ...election('2026-11-25T10:06:30.000Z', 5, 'm1', 4),
    ];
    assert.deepEqual(signals[0].fields, { term: 2, member: IDS.m1 });
    assert.deepEqual(signals[1].fields, { term: 2, member: IDS.m1, leader: IDS.m1 });
    const { findings, refutations } = run(evidence(signals));
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'etcd-leader-churn');
    assert.deepEqual(f.subject, { kind: 'Cluster', name: 'cluster' });
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 4);
    assert.equal(f.firstSeen, '2026-11-25T10:00:00.100Z');
    assert.equal(f.lastSeen, '2026-11-25T10:06:30.000Z');
    assert.equal(f.message, 'etcd elected a leader 4 times within 6 min (at least 4 in 15 min is churn), raft term 2 to 5; leaders in turn: m1 → m2 → m3 → m1');
    assert.deepEqual(f.affects, ['m1', 'm2', 'm3']);
    assert.equal(f.evidence.length, 4);
    assert.ok(f.evidence.every((e) => e.line !== undefined && /leader/.test(e.excerpt)));
  });

  it('is critical at twice the count, and names leaders by member status when known', () => {
    const signals = Array.from({ length: 8 }, (_, i) => election(`2026-11-25T10:0${i}:00.000Z`, i + 2, ['m1', 'm2', 'm3'][i % 3], i)).flat();
    const members = [{ name: 'talos01', id: IDS.m1, node: 'talos01', reachable: true, errors: [], ref: { source: 'etcd-api', excerpt: '' } }];
    const { findings } = run(evidence(signals, members));
    assert.equal(findings[0].severity, 'critical');
    assert.match(findings[0].message, /leaders in turn: talos01 → m2 → m3 → talos01/);
  });

  it('does not call elections spread over more than the window churn', () => {
    const signals = [
      ...election('2026-11-25T10:00:00.000Z', 2, 'm1'),
      ...election('2026-11-25T10:10:00.000Z', 3, 'm2'),
      ...election('2026-11-25T10:20:00.000Z', 4, 'm3'),
      ...election('2026-11-25T10:30:00.000Z', 5, 'm1'),
    ];
    const { findings, refutations } = run(evidence(signals, [], [etcdLog('m1', 400)]));
    assert.deepEqual(findings, []);
    assert.equal(refutations.length, 1);
    assert.equal(refutations[0].reason, '2 leader elections at most within 15 min (4 in all) in 400 lines of etcd logs; churn needs 4');
  });

  it('follows the thresholds', () => {
    const signals = [...election('2026-11-25T10:00:00.000Z', 2, 'm1'), ...election('2026-11-25T10:00:05.000Z', 3, 'm2')];
    assert.equal(run(evidence(signals)).findings.length, 0);
    const { findings } = run(evidence(signals), { ...DEFAULT_THRESHOLDS, leaderChurnCount: 2, churnWindowMinutes: 1 });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /2 times within 5s/);
  });

  it('counts `changed leader from … to …` as an election', () => {
    const lines = [3, 4, 5, 6].map((term, i) =>
      signal(`{"level":"info","ts":"2026-11-25T10:0${i}:00.000Z","caller":"raft/node.go:325","msg":"raft.node: ${IDS.m3} changed leader from ${IDS.m1} to ${IDS.m2} at term ${term}"}`, 'm3', i),
    );
    assert.equal(run(evidence(lines)).findings[0]?.count, 4);
  });

  it('refutes churn for a healthy cluster whose logs show one election', () => {
    const { findings, refutations } = run(evidence(election('2026-11-25T10:00:00.000Z', 2, 'm1'), [], [etcdLog('m1', 40), etcdLog('m2', 38)]));
    assert.deepEqual(findings, []);
    assert.equal(refutations[0].reason, '1 leader election at most within 15 min (1 in all) in 78 lines of etcd logs; churn needs 4');
    assert.ok(refutations[0].evidence.length > 0);
  });

  it('says nothing without logs', () => {
    assert.deepEqual(run(evidence([])), { findings: [], refutations: [] });
  });
});
