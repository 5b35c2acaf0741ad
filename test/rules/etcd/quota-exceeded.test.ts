import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS } from '../../../src/model/thresholds.js';
import { parseRecord } from '../../../src/parse/record.js';
import rule from '../../../src/rules/etcd/quota-exceeded.js';
import { matchSignals } from '../../../src/signals/match.js';
import type { EtcdMemberStatus, EvidenceSet, SignalEvent } from '../../../src/types.js';

function evidence(etcdMembers: EtcdMemberStatus[], signals: SignalEvent[] = []): EvidenceSet {
  return { sources: [], nodes: [], pods: [], events: [], etcdMembers, processes: [], diskIo: [], nodeMetrics: [], objects: [], signals, logStats: [] };
}

function member(name: string, id: string, extra: Partial<EtcdMemberStatus> = {}): EtcdMemberStatus {
  return {
    name, id, node: name, endpoint: `http://${name}:2379`, reachable: true, dbSize: 8_400_000, dbSizeInUse: 8_300_000, errors: [],
    ref: { source: 'etcd-api', object: `Member/${name}`, query: `Status http://${name}:2379`, excerpt: `member ${name} (${id})` },
    ...extra,
  };
}

/** A signal from a real etcd 3.4.23 log line, through the catalogue. */
function signal(line: string, node: string, lineNo = 1, id?: string): SignalEvent {
  const rec = parseRecord(line);
  const m = matchSignals(line, rec).find((x) => id === undefined || x.def.id === id);
  assert.ok(m, `no signal in ${line}`);
  return { signal: m.def.id, component: m.def.component, node, time: rec.time, fields: m.extract.fields ?? {}, ref: { source: `${node}/etcd.log`, line: lineNo, excerpt: line } };
}

// f4e72dac2dadf234 = 17647123882398577204
const ALARM_ERROR = 'memberID:17647123882398577204 alarm:NOSPACE';
const run = (ev: EvidenceSet) => rule.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });

describe('etcd/quota-exceeded', () => {
  it('blames the member the NOSPACE alarm names, though every member lists it', () => {
    const m1 = member('m1', 'a1', { errors: [ALARM_ERROR] });
    const m2 = member('m2', 'f4e72dac2dadf234', { errors: [ALARM_ERROR] });
    const m3 = member('m3', 'c3', { errors: [ALARM_ERROR] });
    const { findings, refutations } = run(evidence([m1, m2, m3]));
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.deepEqual(f.subject, { kind: 'EtcdMember', name: 'm2', id: 'f4e72dac2dadf234' });
    assert.equal(f.node, 'm2');
    assert.equal(f.severity, 'critical');
    assert.equal(f.message, 'etcd member m2 raised the NOSPACE alarm (DB 8 MB): the cluster refuses writes ("database space exceeded") until space is reclaimed and the alarm disarmed');
    assert.deepEqual(f.evidence, [m1.ref, m2.ref, m3.ref]);
    assert.deepEqual(refutations, []);
  });

  it('reads `alarm raised` and "database space exceeded" from real etcd logs', () => {
    const raised = signal('{"level":"warn","ts":"2026-11-25T13:34:59.988Z","caller":"etcdserver/apply.go:636","msg":"alarm raised","alarm":"NOSPACE","from":"f4e72dac2dadf234"}', 'm2', 40);
    const refused = signal(
      '{"level":"warn","ts":"2026-11-25T13:35:02.100Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc0001/127.0.0.1:2379","attempt":0,"error":"rpc error: code = ResourceExhausted desc = etcdserver: mvcc: database space exceeded"}',
      'm1',
      41,
      'etcd.nospace',
    );
    assert.equal(raised.signal, 'etcd.alarm-raised');
    const { findings } = run(evidence([member('m1', 'a1'), member('m2', 'f4e72dac2dadf234')], [raised, refused]));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].subject.name, 'm2');
    assert.equal(findings[0].count, 2);
    assert.equal(findings[0].firstSeen, '2026-11-25T13:34:59.988Z');
    assert.equal(findings[0].lastSeen, '2026-11-25T13:35:02.100Z');
    assert.deepEqual(findings[0].evidence.map((e) => e.line), [40, 41]);
    assert.match(findings[0].message, /; 1 refused request logged$/);
  });

  it('falls back to the node of the refusals when no alarm says whose quota it is', () => {
    const line = '{"level":"warn","ts":"2026-02-22T10:00:00Z","logger":"etcd-client","msg":"retrying of unary invoker failed","error":"rpc error: code = ResourceExhausted desc = etcdserver: mvcc: database space exceeded"}';
    const { findings } = run(evidence([], [signal(line, 'talos02', 1, 'etcd.nospace')]));
    assert.deepEqual(findings.map((f) => [f.subject.kind, f.subject.name, f.severity]), [['EtcdMember', 'talos02', 'critical']]);
  });

  it('warns about a member at 95% of a known quota', () => {
    const m = member('m1', 'a1', { dbSize: 1_960_000_000, quotaBytes: 2_000_000_000 });
    const { findings } = run(evidence([m]));
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity]), [['m1', 'warning']]);
    assert.match(findings[0].message, /^etcd member m1 is at 98% of its space quota \(DB 2\.0 GB of a 2\.0 GB quota\); it raises NOSPACE/);
  });

  it('refutes it for members whose Status shows no alarm', () => {
    const { findings, refutations } = run(evidence([member('m1', 'a1'), member('m2', 'b2', { reachable: false, dbSize: undefined })]));
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => [r.subject.name, r.reason]), [['m1', 'member m1 reports no alarm (Status errors empty), DB 8 MB']]);
  });

  it('ignores other errors', () => {
    const { findings } = run(evidence([member('m1', 'a1', { errors: ['etcdserver: no leader'] })]));
    assert.deepEqual(findings, []);
  });
});
