// Metric evidence without a Prometheus: attribution of series to members and nodes, the flag
// parsers, and what the etcd rules make of hand-built series (thresholds, trends, merging with logs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeFromLabels, attributeMetrics, hostOf } from '../../../src/collect/prometheus/attribute.js';
import { PromClient } from '../../../src/collect/prometheus/client.js';
import { isEtcdSeries } from '../../../src/collect/prometheus/evidence.js';
import { parseHeaders, parseSince } from '../../../src/collect/prometheus/index.js';
import { prometheusConnection } from '../../../src/collect/prometheus/options.js';
import { promDuration, QUERIES } from '../../../src/collect/prometheus/queries.js';
import fragmentation from '../../../src/rules/etcd/db-fragmentation.js';
import churn from '../../../src/rules/etcd/leader-churn.js';
import slowDisk from '../../../src/rules/etcd/slow-disk.js';
import slowLeader from '../../../src/rules/etcd/slow-leader.js';
import type { EvidenceSet, MetricSeries } from '../../../src/types.js';
import { evidence, member, node, run, signal, zap } from '../../helpers/evidence.js';

const T0 = Date.parse('2026-02-22T08:00:00Z');
const MIN = 60_000;
const MB = 1000 * 1000;

function series(name: string, labels: Record<string, string>, samples: Array<[number, number]>, extra: Partial<MetricSeries> = {}): MetricSeries {
  const q = QUERIES.find((x) => x.id === name);
  const query = q ? q.promql('5m', '6h') : name;
  return {
    name,
    labels,
    instance: labels.instance,
    samples,
    query,
    start: '2026-02-22T08:00:00Z',
    end: '2026-02-22T14:00:00Z',
    stepSeconds: 60,
    ref: { source: 'prometheus', query, excerpt: name },
    ...extra,
  };
}

/** A series sampled every minute from T0 for `minutes`, valued by f(minute). */
const every = (minutes: number, f: (m: number) => number): Array<[number, number]> => Array.from({ length: minutes + 1 }, (_, m) => [T0 + m * MIN, f(m)]);

/** Attributed as collectPrometheus and the intake do it. */
function withMetrics(parts: Partial<EvidenceSet>, metrics: MetricSeries[]): EvidenceSet {
  const ev = evidence({ ...parts, metrics });
  attributeFromLabels(metrics, isEtcdSeries);
  attributeMetrics(ev, isEtcdSeries);
  return ev;
}

describe('attribution of series to members and nodes', () => {
  it('hostOf strips scheme, port and IPv6 brackets', () => {
    assert.equal(hostOf('10.0.0.1:2381'), '10.0.0.1');
    assert.equal(hostOf('[fd00::1]:2379'), 'fd00::1');
    assert.equal(hostOf('https://cp1.example:2379/metrics'), 'cp1.example');
    assert.equal(hostOf('cp1'), 'cp1');
    assert.equal(hostOf('fd00::1'), 'fd00::1');
  });

  it('a node label, a kubeadm static pod, a Node address, instance as the node name, else the host', () => {
    const s = [
      series('etcd-db-total-bytes', { instance: '10.0.0.1:2381', node: 'cp1' }, [[T0, 1]]),
      series('etcd-db-total-bytes', { instance: '10.0.0.2:2381', namespace: 'kube-system', pod: 'etcd-cp2' }, [[T0, 1]]),
      series('etcd-db-total-bytes', { instance: '10.0.0.3:2381', job: 'etcd' }, [[T0, 1]]),
      series('node-disk-busy', { instance: 'cp4', device: 'sda' }, [[T0, 1]]),
      series('etcd-db-total-bytes', { instance: '10.0.0.5:2381' }, [[T0, 1]]),
      series('etcd-db-total-bytes', { instance: '10.0.0.6:2379', namespace: 'etcd-operator', pod: 'etcd-0' }, [[T0, 1]]),
    ];
    withMetrics({ nodes: [node('cp3', { addresses: ['10.0.0.3'] })] }, s);
    assert.deepEqual(s.map((x) => [x.node, x.member]), [
      ['cp1', 'cp1'],
      ['cp2', 'cp2'],
      ['cp3', 'cp3'],
      ['cp4', undefined],
      ['10.0.0.5', '10.0.0.5'],
      ['10.0.0.6', '10.0.0.6'],
    ]);
  });

  it('etcd_server_id names the member (by id among the etcd members), its client URL too; several members on one host keep their port', () => {
    const id = (instance: string, server_id: string) => series('etcd-server-id', { instance, job: 'etcd', server_id }, [[T0, 1]]);
    const s = [
      id('127.0.0.1:2379', 'a1'),
      id('127.0.0.1:22379', 'b2'),
      series('etcd-wal-fsync-p99', { instance: '127.0.0.1:2379', job: 'etcd' }, [[T0, 0.001]]),
      series('etcd-wal-fsync-p99', { instance: '127.0.0.1:22379', job: 'etcd' }, [[T0, 0.001]]),
      series('etcd-wal-fsync-p99', { instance: '127.0.0.1:32379', job: 'etcd' }, [[T0, 0.001]]),
      series('etcd-wal-fsync-p99', { instance: '127.0.0.1:42379', job: 'etcd' }, [[T0, 0.001]]),
    ];
    withMetrics(
      { etcdMembers: [member('infra1', { id: 'a1', node: 'infra1' }), member('infra3', { id: 'c3', node: 'infra3', endpoint: 'http://127.0.0.1:32379' })] },
      s,
    );
    assert.deepEqual(s.slice(2).map((x) => [x.node, x.member, x.memberId]), [
      ['infra1', 'infra1', 'a1'],
      ['127.0.0.1:22379', '127.0.0.1:22379', 'b2'],
      ['infra3', 'infra3', 'c3'],
      ['127.0.0.1:42379', '127.0.0.1:42379', undefined],
    ]);
  });
});

describe('flags and URLs', () => {
  it('--since durations, --prometheus-header values', () => {
    assert.equal(parseSince(undefined), 6 * 3_600_000);
    assert.equal(parseSince('90s'), 90_000);
    assert.equal(parseSince('1h30m'), 5_400_000);
    assert.equal(parseSince('2d'), 2 * 86_400_000);
    assert.equal(parseSince('600'), 600_000);
    assert.throws(() => parseSince('6 hours'), /--since: not a duration: 6 hours/);
    assert.deepEqual(parseHeaders(['Authorization=Bearer a=b', 'X-Scope-OrgID: tenant-1']), { Authorization: 'Bearer a=b', 'X-Scope-OrgID': 'tenant-1' });
    assert.throws(() => parseHeaders(['=x']), /NAME=VALUE/);
    assert.equal(prometheusConnection({}), undefined);
    assert.deepEqual(prometheusConnection({ prometheus: 'http://p:9090', since: '30m', timeout: '3s' }), { url: 'http://p:9090', headers: {}, sinceMs: 1_800_000, timeoutMs: 3000 });
    assert.equal(promDuration(300), '5m');
    assert.equal(promDuration(21_600), '6h');
    assert.equal(promDuration(90), '90s');
  });

  it('the client keeps the server prefix, drops an API path, and sends user:password as Basic auth without showing it', () => {
    const c = new PromClient({ url: 'https://ks:s3cret@thanos.example/prefix/api/v1/query?x=1', timeoutMs: 1000 });
    assert.equal(c.base, 'https://thanos.example/prefix');
    assert.ok(!c.display.includes('s3cret'));
    assert.equal((c as unknown as { headers: Record<string, string> }).headers.Authorization, `Basic ${Buffer.from('ks:s3cret').toString('base64')}`);
    assert.equal(new PromClient({ url: 'prom:9090', timeoutMs: 1000 }).base, 'http://prom:9090');
  });
});

describe('etcd rules on metric evidence', () => {
  const fsync = (nodeName: string, f: (m: number) => number, minutes = 60) =>
    series('etcd-wal-fsync-p99', { instance: `${nodeName}:2381`, node: nodeName }, every(minutes, f));

  it('slow-disk: fsync p99 over 0.5 s is a warning, over 1 s critical; a member under 10 ms is refuted as healthy', () => {
    const ev = withMetrics({}, [fsync('cp1', (m) => (m >= 30 && m < 35 ? 0.7 : 0.004)), fsync('cp2', (m) => (m === 40 ? 1.6 : 0.004)), fsync('cp3', () => 0.003)]);
    const { findings, refutations } = run(slowDisk, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity]), [['cp1', 'warning'], ['cp2', 'critical']]);
    assert.match(findings[0].message, /^etcd on cp1 cannot sync its WAL fast enough: WAL fsync p99 up to 700ms at 2026-02-22T08:30:00Z \(over 500ms from 2026-02-22T08:30:00Z to 2026-02-22T08:34:00Z; 1\.00s is critical/);
    assert.equal(findings[0].firstSeen, '2026-02-22T08:30:00Z');
    assert.equal(findings[0].lastSeen, '2026-02-22T08:34:00Z');
    assert.equal(findings[0].count, undefined);
    assert.deepEqual(findings[0].data, { walFsyncP99MaxMs: 700 });
    assert.equal(findings[0].evidence[0].query, 'histogram_quantile(0.99, rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m]))');
    assert.match(findings[0].evidence[0].excerpt, /^WAL fsync p99 700ms at 2026-02-22T08:30:00Z, over 500ms in 5 of 61 samples; \{instance="cp1:2381",node="cp1"\}, range /);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['cp3']);
    assert.match(refutations[0].reason, /^WAL fsync p99 at most 3\.0ms from .* \(slow over 500ms; healthy, under 10ms\)$/);
  });

  it('slow-disk: thresholds are overridable; backend commit p99 counts on its own', () => {
    const ev = withMetrics({}, [fsync('cp1', () => 0.2), series('etcd-backend-commit-p99', { instance: 'cp2:2381', node: 'cp2' }, every(10, () => 0.3))]);
    assert.deepEqual(run(slowDisk, ev).findings.map((f) => f.subject.name), ['cp2']);
    const lower = run(slowDisk, ev, { walFsyncP99WarningMs: 100 });
    assert.deepEqual(lower.findings.map((f) => f.subject.name), ['cp1', 'cp2']);
    assert.match(lower.findings[1].message, /backend commit p99 up to 300ms/);
  });

  it("slow-disk: log lines and the p99 of one node make one finding, with the node's busy disk and heaviest writers", () => {
    const line = zap('2026-02-22T08:40:01.000Z', 'warn', 'wal/wal.go:805', 'slow fdatasync', { took: '1.5s', 'expected-duration': '1s' });
    const ev = withMetrics({ signals: [signal(line, { node: 'cp2' })] }, [
      fsync('cp2', (m) => (m === 40 ? 1.6 : 0.004)),
      series('node-disk-busy', { instance: 'cp2:9100', node: 'cp2', device: 'nvme0n1' }, every(60, (m) => (m === 40 ? 0.97 : 0.2))),
      series('pod-fs-writes', { namespace: 'monitoring', pod: 'prometheus-0', node: 'cp2' }, [[T0 + 60 * MIN, 40 * MB]], { stepSeconds: 0 }),
      series('pod-fs-writes', { namespace: 'rook-ceph', pod: 'osd-1', node: 'cp3' }, [[T0 + 60 * MIN, 90 * MB]], { stepSeconds: 0 }),
    ]);
    const { findings } = run(slowDisk, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /^etcd on cp2 cannot sync its WAL fast enough: 1 slow fdatasync \(up to 1\.50s, expected under 1\.00s\), WAL fsync p99 up to 1\.60s .*, the node's nvme0n1 busy 97% of the time at 2026-02-22T08:40:00Z, heaviest writers on the node: monitoring\/prometheus-0 40 MB\/s$/);
    assert.equal(f.evidence[0].excerpt, line);
    assert.equal(f.evidence[1].source, 'prometheus');
    assert.equal(f.count, 1);
    assert.equal(f.firstSeen, '2026-02-22T08:40:00Z');
    assert.deepEqual(f.data?.topWriters, [{ name: 'monitoring/prometheus-0', bytesPerSecond: 40 * MB }]);
  });

  it('db-fragmentation from metrics: growth per hour, time to quota, quota use; a status-judged member gets the trend too', () => {
    const total = (n: string, f: (m: number) => number) => series('etcd-db-total-bytes', { instance: `${n}:2381`, node: n }, every(120, f));
    const inUse = (n: string, f: (m: number) => number) => series('etcd-db-in-use-bytes', { instance: `${n}:2381`, node: n }, every(120, f));
    const quota = (n: string, q: number) => series('etcd-quota-bytes', { instance: `${n}:2381`, node: n }, every(120, () => q));
    const leaderFlag = (n: string, v: number) => series('etcd-is-leader', { instance: `${n}:2381`, node: n }, every(120, () => v));
    const ev = withMetrics({ etcdMembers: [member('cp3', { id: 'c3', dbSize: 500 * MB, dbSizeInUse: 100 * MB })] }, [
      total('cp1', (m) => 1000 * MB + m * MB),
      inUse('cp1', () => 200 * MB),
      quota('cp1', 2000 * MB),
      leaderFlag('cp1', 1),
      total('cp2', () => 2000 * MB),
      inUse('cp2', () => 1950 * MB),
      quota('cp2', 2048 * MB),
      total('cp3', (m) => 400 * MB + m * 0.5 * MB),
      inUse('cp3', () => 100 * MB),
    ]);
    const { findings, refutations } = run(fragmentation, ev);
    const by = new Map(findings.map((f) => [f.subject.name, f]));
    const cp1 = by.get('cp1')!;
    assert.equal(cp1.severity, 'critical', 'the leader, from etcd_server_is_leader');
    assert.match(cp1.message, /^etcd member cp1 \(leader\) is 82% fragmented: 1\.1 GB allocated, 200 MB in use \(18%\), 920 MB reclaimable by defragmentation; the file grew 60 MB\/h over 120 min \(60 MB\/h of it free pages\), reaching the 2\.0 GB quota in about 15 h$/);
    assert.equal(cp1.data?.growthBytesPerHour, 60 * MB);
    assert.equal(cp1.data?.hoursToQuota, 14.7);
    assert.match(cp1.evidence.at(-1)!.excerpt, /^DB size growing 60 MB\/h, quota in 15 h/);
    const cp3 = by.get('cp3')!;
    assert.equal(cp3.evidence[0].source, 'etcd-status.txt', 'judged by its status, cited first');
    assert.equal(cp3.data?.dbSize, 500 * MB);
    assert.equal(cp3.data?.growthBytesPerHour, 30 * MB);
    assert.equal(refutations.length, 1);
    assert.match(refutations[0].reason, /^not fragmented: 2\.0 GB allocated, 1\.9 GB in use \(98%\); at 98% of its 2\.0 GB quota$/);
  });

  it('leader-churn from etcd_server_leader_changes_seen_total: the busiest window of the member that counted most, and time without a leader', () => {
    const changes = (n: string, at: number[]) =>
      series('etcd-leader-changes', { instance: `${n}:2381`, node: n }, every(60, (m) => 1 + at.filter((a) => a <= m).length));
    const ev = withMetrics({}, [
      changes('cp1', [20, 22, 25, 30, 50]),
      changes('cp2', [20, 22, 25]),
      series('etcd-has-leader', { instance: 'cp2:2381', node: 'cp2' }, every(60, (m) => (m === 22 ? 0 : 1))),
    ]);
    const { findings } = run(churn, ev);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^etcd changed leader 4 times within 15 min as member cp1 counted it \(at least 4 in 15 min is churn\), 2026-02-22T08:20:00Z to 2026-02-22T08:30:00Z; cp2 without a leader for about 60s from 2026-02-22T08:22:00Z$/);
    assert.equal(findings[0].evidence[0].query, 'etcd_server_leader_changes_seen_total');
    const calm = run(churn, withMetrics({}, [changes('cp1', [20, 50])]));
    assert.equal(calm.findings.length, 0);
    assert.match(calm.refutations[0].reason, /^at most 1 leader change within 15 min seen by any member/);
  });

  it('slow-leader from followers\' slow read indexes, the leader from etcd_server_is_leader', () => {
    const ev = withMetrics({}, [
      series('etcd-is-leader', { instance: 'cp1:2381', node: 'cp1' }, every(10, () => 1)),
      series('etcd-is-leader', { instance: 'cp2:2381', node: 'cp2' }, every(10, () => 0)),
      series('etcd-slow-read-indexes', { instance: 'cp2:2381', node: 'cp2' }, every(10, (m) => (m > 5 ? 7 : 0))),
      series('etcd-slow-read-indexes', { instance: 'cp1:2381', node: 'cp1' }, every(10, () => 0)),
      series('etcd-slow-applies', { instance: 'cp1:2381', node: 'cp1' }, every(10, (m) => m * 2)),
    ]);
    const { findings } = run(slowLeader, ev);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].subject.name, 'cp1');
    assert.equal(findings[0].message, 'followers cp2 wait on leader cp1 for linearizable reads: 7 slow read indexes (etcd_server_slow_read_indexes_total); the leader itself counted 20 slow applies');
  });
});
