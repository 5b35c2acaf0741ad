// A real 3-member etcd fragmented (150 MB written, deleted, compacted) and scraped by a real
// Prometheus every second, its targets labelled like kube-prometheus' kube-etcd (kube-system/etcd-<node>):
// every member is found fragmented from the metrics alone, the leader critical; with the members'
// logs the same one finding per member also cites its compaction line; a defragmentation shows
// as a drop in the DB size, with the latencies before and after it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectEvidence, diagnose } from '../../../src/diagnose.js';
import type { PrometheusConnection } from '../../../src/collect/prometheus/index.js';
import fragmentation from '../../../src/rules/etcd/db-fragmentation.js';
import { DEFAULT_THRESHOLDS } from '../../../src/model/thresholds.js';
import { startCluster, type EtcdCluster } from '../../harness/etcd-cluster.js';
import { etcdTargets, startPrometheus, type PrometheusServer } from '../../harness/prometheus.js';
import { fragment } from '../../fix/live-helpers.js';
import { said } from '../../scenarios/etcd-live/diagnosis.js';

const FRAGMENTED = 'etcd_mvcc_db_total_size_in_use_in_bytes < 0.5 * etcd_mvcc_db_total_size_in_bytes';

describe('prometheus: etcd fragmentation', () => {
  let c: EtcdCluster;
  let prom: PrometheusServer;
  let leader: string;
  let conn: PrometheusConnection;
  const names = ['m1', 'm2', 'm3'];

  before(async () => {
    c = await startCluster({ size: 3 });
    prom = await startPrometheus({
      jobs: [{ name: 'kube-etcd', targets: etcdTargets(c, (name) => ({ namespace: 'kube-system', pod: `etcd-${name}`, service: 'kube-prometheus-stack-kube-etcd' })) }],
    });
    await prom.waitFor('etcd_server_id', { n: 3 });
    leader = await c.leader();
    await fragment(c); // 150 MB written in 500 kB values, deleted, compacted
    await prom.waitFor(FRAGMENTED, { n: 3, timeoutMs: 60_000 }); // generous: a loaded CI machine scrapes late
    conn = { url: prom.url, sinceMs: 10 * 60_000, stepSeconds: 1, rateWindowSeconds: 10 };
  });
  after(async () => {
    await prom?.stop();
    await c?.stop();
  });

  it('finds every member fragmented from metrics alone, the leader critical, citing the size queries', async () => {
    const report = await diagnose({ paths: [], prometheus: conn });
    assert.deepEqual(report.sources.map((s) => [s.kind, s.nodes, s.warnings]), [['prometheus', names, []]]);
    const found = report.findings.filter((f) => f.rule === 'etcd/db-fragmentation');
    assert.deepEqual(found.map((f) => f.subject.name).sort(), names, said(report));
    for (const f of found) {
      assert.equal(f.severity, f.subject.name === leader ? 'critical' : 'warning', f.message);
      assert.match(f.subject.id ?? '', /^[0-9a-f]+$/, 'the member id from etcd_server_id');
      assert.match(f.message, new RegExp(`^etcd member ${f.subject.name}${f.subject.name === leader ? ' \\(leader\\)' : ''} is \\d+% fragmented: 1\\d\\d MB allocated, \\d+ kB in use`));
      assert.ok((f.data?.dbSize as number) >= 150e6 && (f.data?.inUseRatio as number) < 0.5, JSON.stringify(f.data));
      const [size, inUse] = f.evidence;
      assert.equal(size.source, 'prometheus');
      assert.equal(size.query, 'etcd_mvcc_db_total_size_in_bytes');
      assert.match(size.excerpt, new RegExp(`^DB size 1\\d\\d MB at \\S+; \\{instance="127\\.0\\.0\\.1:\\d+",job="kube-etcd",namespace="kube-system",pod="etcd-${f.subject.name}",service="[^"]+"\\}, range \\S+ to \\S+, step 1s$`));
      assert.equal(inUse.query, 'etcd_mvcc_db_total_size_in_use_in_bytes');
      assert.match(inUse.excerpt, /^in use \d+ kB \(0%\) at /);
    }
    const roots = report.rootCauses.filter((r) => r.failureMode === 'etcd-db-fragmentation').map((r) => r.subject.name);
    assert.deepEqual([...roots].sort(), names, said(report));
    assert.ok(report.remediation.some((r) => r.id === 'etcd-defrag'));
  });

  it("with the members' logs: still one finding per member, citing the query and that member's compaction line", async () => {
    const report = await diagnose({ paths: [c.logDir], prometheus: conn });
    const found = report.findings.filter((f) => f.rule === 'etcd/db-fragmentation');
    assert.deepEqual(found.map((f) => f.subject.name).sort(), names, said(report));
    for (const f of found) {
      assert.equal(f.evidence[0].query, 'etcd_mvcc_db_total_size_in_bytes');
      const logs = f.evidence.filter((e) => e.line !== undefined);
      assert.ok(logs.length >= 1, JSON.stringify(f.evidence));
      for (const e of logs) {
        assert.match(e.source, new RegExp(`${f.subject.name}/etcd\\.log$`));
        assert.match(e.excerpt, /"msg":"finished scheduled compaction"/);
      }
    }
  });

  it('sees a defragmentation as a drop in the DB size, with the fsync and commit p99 on either side', async () => {
    const follower = names.find((n) => n !== leader)!;
    await c.defrag(follower);
    for (let i = 0; i < 5; i++) await c.put('/after-defrag', String(i)); // syncs after it, for the p99s
    await prom.waitFor(`etcd_mvcc_db_total_size_in_bytes{pod="etcd-${follower}"} < 10e6`, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 3000));
    const ev = await collectEvidence({ paths: [], prometheus: conn });
    const { findings, refutations } = fragmentation.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });
    assert.deepEqual(findings.map((f) => f.subject.name).sort(), names.filter((n) => n !== follower));
    const [r] = refutations;
    assert.equal(refutations.length, 1);
    assert.equal(r.subject.name, follower);
    assert.match(r.reason, /^not fragmented: \d+ kB allocated, \d+ kB in use \(\d+%\); defragmented \(or restored\) by \S+: 1\d\d MB → \d+ kB, WAL fsync p99 \S+ before, \S+ after, backend commit p99 \S+ before, \S+ after$/);
    assert.match(r.evidence[1].excerpt, /^DB size fell from 1\d\d MB to \d+ kB at /);
    assert.ok(r.evidence.some((e) => e.query?.includes('etcd_disk_backend_commit_duration_seconds_bucket') && /averaged .* before .* after/.test(e.excerpt)));
  });
});
