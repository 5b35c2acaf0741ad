import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/etcd/clock-drift.js';
import { assertCites, intake, lines, listYaml, nodeObject, run, talosEtcdStatus, zap } from '../../helpers/evidence.js';

const ID = { cp1: '8e9e05c52164694d', cp2: '91bc3c398fb3c146', cp3: 'fd422379fda50e48' };
const IP = { cp1: '10.0.0.11', cp2: '10.0.0.12', cp3: '10.0.0.13' };
type N = keyof typeof ID;
const status = talosEtcdStatus((Object.keys(ID) as N[]).map((n) => ({ node: IP[n], member: ID[n], dbSize: '40 MB', inUse: '30 MB (75.00%)', leader: ID.cp1 })));
const nodes = listYaml((Object.keys(IP) as N[]).map((n) => nodeObject({ name: n, ip: IP[n] })));

/** etcd 3.4 with its default logger: capnslog text. */
const capnslog = (ts: string, peer: N, drift: string, prober = 'ROUND_TRIPPER_RAFT_MESSAGE'): string =>
  `2026-02-22 ${ts} W | rafthttp: the clock difference against peer ${ID[peer]} is too high [${drift} > 1s] (prober "${prober}")`;
const zapDrift = (ts: string, peer: N, drift: string, rtt: string): string =>
  zap(ts, 'warn', 'rafthttp/probing_status.go:82', 'prober found high clock drift', { 'round-tripper-name': 'ROUND_TRIPPER_SNAPSHOT', 'remote-peer-id': ID[peer], 'clock-drift': drift, rtt });
const quiet = (ts: string): string => zap(ts, 'info', 'mvcc/index.go:214', 'compact tree index', { revision: 4242 });

describe('etcd/clock-drift', () => {
  it('finds drift on each reporting member and names the peer most of them blame', async () => {
    const ev = await intake({
      'etcd-status.txt': status,
      'nodes.yaml': nodes,
      'cp1/service-logs/etcd.log': lines(capnslog('01:05:00.100000', 'cp3', '12.407738276s'), capnslog('01:05:30.100000', 'cp3', '12.407614361s')),
      'cp2/service-logs/etcd.log': lines(capnslog('01:05:02.200000', 'cp3', '12.41s', 'ROUND_TRIPPER_SNAPSHOT')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.deepEqual(findings.map((f) => f.subject.name).sort(), ['cp1', 'cp2']);
    const f = findings.find((x) => x.node === 'cp1')!;
    assert.equal(f.failureMode, 'etcd-clock-drift');
    assert.equal(f.count, 2);
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.affects, ['cp3']);
    assert.equal(Math.round(f.data?.maxDriftMs as number), 12408);
    assert.match(f.message, new RegExp(`cp3 \\(${ID.cp3}\\) is named by 2 members, so its clock is the one off`));
    assertCites(f.evidence, /clock difference against peer/);
  });

  it('reads 3.5 zap lines, taking the larger of clock-drift and rtt (some builds swap them)', async () => {
    const ev = await intake({ 'cp1/service-logs/etcd.log': lines(zapDrift('2026-02-22T01:05:00.000Z', 'cp2', '15.900899ms', '1.123978766s')) });
    const [f] = run(rule, ev).findings;
    assert.equal(f.severity, 'warning');
    assert.equal(Math.round(f.data?.maxDriftMs as number), 1124);
  });

  it('refutes it only for etcd logs that span more than a minute', async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'cp1/service-logs/etcd.log': lines(...Array.from({ length: 25 }, (_, i) => quiet(`2026-02-22T01:${String(i).padStart(2, '0')}:00.000Z`))),
      'cp2/service-logs/etcd.log': lines(...Array.from({ length: 25 }, (_, i) => quiet(`2026-02-22T01:00:${String(i).padStart(2, '0')}.000Z`))),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => r.node), ['cp1']);
    assert.match(refutations[0].reason, /no clock-drift warning in 25 lines of etcd log/);
  });
});
