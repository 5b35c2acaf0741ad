import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/etcd/network-latency.js';
import type { MetricSeries } from '../../../src/types.js';
import { assertCites, evidence, intake, lines, listYaml, member, nodeObject, run, talosEtcdStatus, zap } from '../../helpers/evidence.js';

const ID = { cp1: '8e9e05c52164694d', cp2: '91bc3c398fb3c146', cp3: 'fd422379fda50e48' };
const IP = { cp1: '10.0.0.11', cp2: '10.0.0.12', cp3: '10.0.0.13' };
type N = keyof typeof ID;

const unhealthy = (ts: string, peer: N, error: string, rtt = '0s'): string =>
  zap(ts, 'warn', 'rafthttp/probing_status.go:68', 'prober detected unhealthy status', { 'round-tripper-name': 'ROUND_TRIPPER_RAFT_MESSAGE', 'remote-peer-id': ID[peer], rtt, error });
const streamLost = (ts: string, self: N, peer: N, error: string): string =>
  zap(ts, 'warn', 'rafthttp/stream.go:421', 'lost TCP streaming connection with remote peer', { 'stream-reader-type': 'stream MsgApp v2', 'local-member-id': ID[self], 'remote-peer-id': ID[peer], error });
const quiet = (ts: string): string => zap(ts, 'info', 'etcdserver/server.go:1401', 'triggering snapshot', { 'local-member-id': ID.cp1, 'local-member-applied-index': 100001, 'local-member-snapshot-index': 90000, 'local-member-snapshot-count': 10000 });
const status = (down?: N): string =>
  talosEtcdStatus((Object.keys(ID) as N[]).filter((n) => n !== down).map((n) => ({ node: IP[n], member: ID[n], dbSize: '40 MB', inUse: '30 MB (75.00%)', leader: ID.cp1 })));
const nodes = listYaml((Object.keys(IP) as N[]).map((n) => nodeObject({ name: n, ip: IP[n] })));

describe('etcd/network-latency', () => {
  it('finds peer links timing out, names the peers and reaches their nodes', async () => {
    const ev = await intake({
      'etcd-status.txt': status(),
      'nodes.yaml': nodes,
      'cp1/service-logs/etcd.log': lines(
        unhealthy('2026-02-22T01:05:00.000Z', 'cp3', 'dial tcp 10.0.0.13:2380: i/o timeout'),
        unhealthy('2026-02-22T01:05:05.000Z', 'cp3', 'dial tcp 10.0.0.13:2380: i/o timeout'),
        streamLost('2026-02-22T01:05:06.000Z', 'cp1', 'cp3', 'read tcp 10.0.0.11:50412->10.0.0.13:2380: i/o timeout'),
        unhealthy('2026-02-22T01:05:10.000Z', 'cp3', 'dial tcp 10.0.0.13:2380: i/o timeout'),
      ),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'etcd-network-latency');
    assert.deepEqual(f.subject, { kind: 'EtcdMember', name: 'cp1', id: ID.cp1 });
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 4);
    assert.deepEqual(f.affects, ['cp3']);
    assert.match(f.message, new RegExp(`peers cp3 \\(${ID.cp3}\\)`));
    assert.match(f.message, /dial tcp 10\.0\.0\.13:2380: i\/o timeout/);
    assertCites(f.evidence, /prober detected unhealthy status/);
  });

  it('reads etcd 3.4 capnslog text in a journald excerpt', async () => {
    const j = (hms: string, msg: string): string => `Feb 22 ${hms} cp2 etcd[812]: ${msg}`;
    const ev = await intake({
      'nodes.yaml': nodes,
      'cp2/etcd.log': lines(
        j('01:05:00', `health check for peer ${ID.cp1} could not connect: dial tcp 10.0.0.11:2380: i/o timeout`),
        j('01:05:01', `lost the TCP streaming connection with peer ${ID.cp1} (stream MsgApp v2 reader)`),
        j('01:05:02', `dropped internal raft message to ${ID.cp1} since streamMsg's sending buffer is full (bad/overloaded network)`),
      ),
    });
    const [f] = run(rule, ev).findings;
    assert.equal(f.node, 'cp2');
    assert.equal(f.count, 3);
    assert.equal(f.data?.networkErrors, 2);
  });

  it('leaves a peer that refuses connections or that status shows down to etcd-member-down', async () => {
    const refused = await intake({
      'nodes.yaml': nodes,
      'cp1/service-logs/etcd.log': lines(
        streamLost('2026-02-22T01:05:00.000Z', 'cp1', 'cp2', 'EOF'),
        unhealthy('2026-02-22T01:05:05.000Z', 'cp2', 'dial tcp 10.0.0.12:2380: connect: connection refused'),
        unhealthy('2026-02-22T01:05:10.000Z', 'cp2', 'dial tcp 10.0.0.12:2380: connect: connection refused'),
        unhealthy('2026-02-22T01:05:15.000Z', 'cp2', 'dial tcp 10.0.0.12:2380: connect: connection refused'),
      ),
    });
    assert.deepEqual(run(rule, refused).findings, []);
  });

  it('finds a peer round-trip p99 over 150ms from Prometheus', () => {
    const t0 = Date.parse('2026-02-22T01:00:00Z');
    const series: MetricSeries = {
      name: 'etcd-peer-rtt-p99', labels: { instance: '10.0.0.11:2381', job: 'etcd', To: ID.cp3 }, instance: '10.0.0.11:2381', node: 'cp1', member: 'cp1', memberId: ID.cp1,
      samples: [[t0, 0.004], [t0 + 60_000, 0.31], [t0 + 120_000, 0.42], [t0 + 180_000, NaN]],
      query: 'histogram_quantile(0.99, rate(etcd_network_peer_round_trip_time_seconds_bucket[5m]))', start: '2026-02-22T01:00:00Z', end: '2026-02-22T01:03:00Z', stepSeconds: 60,
      ref: { source: 'prometheus', excerpt: 'etcd-peer-rtt-p99' },
    };
    const ev = evidence({ metrics: [series], etcdMembers: [member('cp1', { id: ID.cp1 }), member('cp3', { id: ID.cp3 })] });
    const [f] = run(rule, ev).findings;
    assert.equal(f.node, 'cp1');
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.affects, ['cp3']);
    assert.match(f.message, /peer round-trip p99 up to 420ms \(over 150ms\)/);
    assert.equal(f.firstSeen, '2026-02-22T01:01:00Z');
    assert.equal(f.lastSeen, '2026-02-22T01:02:00Z');
    assert.ok(f.evidence.some((r) => r.source === 'prometheus' && /to fd422379fda50e48/.test(r.excerpt)));
  });

  it('refutes it for members whose long etcd log has no peer trouble', async () => {
    const ev = await intake({
      'etcd-status.txt': status(),
      'nodes.yaml': nodes,
      'cp1/service-logs/etcd.log': lines(...Array.from({ length: 60 }, (_, i) => quiet(`2026-02-22T01:${String(i).padStart(2, '0')}:00.000Z`))),
      'cp2/service-logs/etcd.log': lines(quiet('2026-02-22T01:00:00.000Z')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => [r.subject.name, r.reason.slice(0, 45)]), [['cp1', 'no slow or broken peer links in 60 lines of e']]);
  });
});
