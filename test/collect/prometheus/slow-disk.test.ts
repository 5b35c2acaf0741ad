// One follower's fdatasync delayed by strace (1.2 s each) on a real 3-member etcd scraped by a
// real Prometheus every second: its WAL fsync p99 alone names its disk (and no other member's);
// with the members' logs added, the p99 and its `slow fdatasync` lines make one finding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectEvidence, diagnose } from '../../../src/diagnose.js';
import type { PrometheusConnection } from '../../../src/collect/prometheus/index.js';
import slowDisk from '../../../src/rules/etcd/slow-disk.js';
import { DEFAULT_THRESHOLDS } from '../../../src/model/thresholds.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { etcdTargets, startPrometheus, type PrometheusServer } from '../../harness/prometheus.js';
import { blamed, rootCauses, said } from '../../scenarios/etcd-live/diagnosis.js';

const FSYNC_P99 = 'histogram_quantile(0.99, rate(etcd_disk_wal_fsync_duration_seconds_bucket[10s]))';
const COMMIT_P99 = 'histogram_quantile(0.99, rate(etcd_disk_backend_commit_duration_seconds_bucket[10s]))';

describe('prometheus: etcd slow disk on one member', () => {
  let c: EtcdCluster;
  let prom: PrometheusServer;
  let slow: string;
  let conn: PrometheusConnection;

  before(async () => {
    c = await startCluster({ size: 3 });
    // Targets labelled with their node, as kube-prometheus relabelling does.
    prom = await startPrometheus({ jobs: [{ name: 'etcd', targets: etcdTargets(c, (name) => ({ node: name })) }] });
    await prom.waitFor('etcd_server_id', { n: 3 });
    const leader = await c.leader();
    slow = c.members.find((m) => m.name !== leader)!.name;
    const strace = await c.attachStrace(slow); // fdatasync:delay_enter=1200000
    try {
      for (let i = 0; i < 6; i++) await c.put(`/registry/leases/kube-system/l${i}`, 'x'.repeat(200));
      // Prometheus has seen the slow syncs in the member's histogram.
      await prom.waitFor(FSYNC_P99, { test: (v, m) => m.node === slow && v > 1, timeoutMs: 30_000 });
    } finally {
      await strace.stop();
    }
    conn = { url: prom.url, sinceMs: 10 * 60_000, stepSeconds: 1, rateWindowSeconds: 10 };
  });
  after(async () => {
    await prom?.stop();
    await c?.stop();
  });

  it('blames the disk of that member only, from metrics alone (WAL fsync p99), citing the query and range', async () => {
    const report = await diagnose({ paths: [], prometheus: conn });
    assert.deepEqual(report.sources.map((s) => [s.kind, s.nodes, s.warnings]), [['prometheus', ['m1', 'm2', 'm3'], []]]);
    assert.deepEqual(rootCauses(report), [`etcd-slow-disk EtcdMember/${slow}`], said(report));
    assert.deepEqual(blamed(report), [`etcd-slow-disk EtcdMember/${slow}`], said(report));
    const f = report.findings.find((x) => x.rule === 'etcd/slow-disk')!;
    assert.equal(f.severity, 'critical', 'p99 over 1 s');
    assert.match(f.message, new RegExp(`^etcd on ${slow} cannot sync its WAL fast enough: WAL fsync p99 up to [12]\\.\\d\\ds at \\S+ \\(over 500ms from`));
    assert.ok((f.data?.walFsyncP99MaxMs as number) > 1000, JSON.stringify(f.data));
    assert.ok(f.evidence.length >= 1);
    assert.equal(f.evidence[0].query, FSYNC_P99);
    assert.match(f.evidence[0].excerpt, new RegExp(`^WAL fsync p99 [12]\\.\\d\\ds at .*; \\{instance="127\\.0\\.0\\.1:\\d+",job="etcd",node="${slow}"\\}, range \\S+ to \\S+, step 1s$`));
    // bbolt's commits sync through the same delayed fdatasync: their p99 may be cited too.
    for (const e of f.evidence) {
      assert.equal(e.source, 'prometheus');
      assert.ok([FSYNC_P99, COMMIT_P99].includes(e.query!), e.query);
    }
    assert.ok(f.firstSeen && f.lastSeen && f.firstSeen <= f.lastSeen);
  });

  it('refutes the other members from their fsync p99', async () => {
    const ev = await collectEvidence({ paths: [], prometheus: conn });
    const { refutations } = slowDisk.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });
    const others = c.members.map((m) => m.name).filter((n) => n !== slow);
    assert.deepEqual(refutations.map((r) => r.subject.name).sort(), others);
    for (const r of refutations) {
      assert.match(r.reason, /^WAL fsync p99 at most \S+ from \S+ to \S+ \(slow over 500ms/);
      assert.equal(r.evidence[0].source, 'prometheus');
    }
  });

  it('with the members\' logs: one finding citing both the p99 query and the member\'s slow fdatasync lines', async () => {
    const report = await diagnose({ paths: [c.logDir], prometheus: conn });
    assert.deepEqual(rootCauses(report), [`etcd-slow-disk EtcdMember/${slow}`], said(report));
    const found = report.findings.filter((x) => x.rule === 'etcd/slow-disk');
    assert.equal(found.length, 1, said(report));
    const [f] = found;
    assert.equal(f.subject.name, slow);
    assert.match(f.message, /\d+ slow fdatasync \(up to 1\.\d\ds, expected under 1\.00s\), WAL fsync p99 up to/);
    const fromLogs = f.evidence.filter((e) => e.line !== undefined);
    const fromMetrics = f.evidence.filter((e) => e.source === 'prometheus');
    assert.ok(fromLogs.length >= 1 && fromMetrics.length >= 1, JSON.stringify(f.evidence));
    for (const e of fromLogs) {
      assert.match(e.source, new RegExp(`${slow}/etcd\\.log$`));
      assert.match(e.excerpt, /"msg":"slow fdatasync","took":"1\.\d+s"/);
    }
    assert.equal(fromMetrics[0].query, FSYNC_P99);
    const [cause] = report.rootCauses;
    assert.ok(cause.evidence.some((e) => e.source === 'prometheus') && cause.evidence.some((e) => e.line !== undefined), 'the root cause cites both');
  });
});
