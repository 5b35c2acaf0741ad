import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectContent } from '../../src/intake/detect.js';
import { etcdFromScrape, histogramQuantile, histograms, looksLikePromText, parsePromText, parseSampleLine } from '../../src/parse/prom-text.js';
import { fixtureLines, refIn } from './fixture.js';

describe('parsePromText: the text exposition format', () => {
  it('reads samples with labels, escapes, special values and timestamps', () => {
    assert.deepEqual(parseSampleLine('http_requests_total{method="post",code="200"} 1027 1395066363000', 3), {
      name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1395066363000, line: 3,
      text: 'http_requests_total{method="post",code="200"} 1027 1395066363000',
    });
    assert.deepEqual(parseSampleLine('msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9')?.labels, {
      path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"',
    });
    assert.equal(parseSampleLine('x_bucket{le="+Inf"} +Inf')?.value, Infinity);
    assert.ok(Number.isNaN(parseSampleLine('x_ratio NaN')!.value));
    assert.equal(parseSampleLine('metric_without_timestamp_and_labels 12.47')?.timestampMs, undefined);
    assert.equal(parseSampleLine('openmetrics_sample{a="b"} 1 1771725900.5')?.timestampMs, 1771725900500);
    assert.equal(parseSampleLine('trailing_comma{a="b",} 1')?.labels.a, 'b');
  });

  it('reads # TYPE and leaves # HELP and other comments, counting lines that are neither', () => {
    const s = parsePromText(['# HELP a_total A counter.', '# TYPE a_total counter', 'a_total 3', '', '# EOF', 'garbage here'], 10);
    assert.equal(s.types.get('a_total'), 'counter');
    assert.deepEqual(s.samples.map((x) => [x.name, x.value, x.line]), [['a_total', 3, 12]]);
    assert.equal(s.bad, 1);
  });

  it('is no sample: log lines, key = value, units after the number', () => {
    for (const l of ['E0222 01:05:00.1 1 x.go:1] failed', 'vm.swappiness = 60', 'MemTotal:       16318480 kB', 'took 1.2s', 'a{b=c} 1']) {
      assert.equal(parseSampleLine(l), undefined, l);
    }
  });
});

describe('histogramQuantile', () => {
  const b = (pairs: Array<[number, number]>) => pairs.map(([le, count]) => ({ le, count }));

  it('interpolates inside the bucket the rank falls in, as PromQL does', () => {
    // 0.99 × 100000 = 99000, between 98800 (le 0.512) and 99500 (le 1.024).
    const q = histogramQuantile(0.99, b([[0.256, 98000], [0.512, 98800], [1.024, 99500], [2.048, 100000], [Infinity, 100000]]));
    assert.ok(Math.abs((q ?? 0) - (0.512 + 0.512 * (200 / 700))) < 1e-12);
    assert.equal(histogramQuantile(0.5, b([[1, 10], [2, 20], [Infinity, 20]])), 1);
  });

  it('gives the highest finite bound when the rank is in +Inf, nothing without observations or +Inf', () => {
    assert.equal(histogramQuantile(0.99, b([[1, 1], [2, 2], [Infinity, 100]])), 2);
    assert.equal(histogramQuantile(0.99, b([[1, 0], [Infinity, 0]])), undefined);
    assert.equal(histogramQuantile(0.99, b([[1, 1], [2, 2]])), undefined);
  });

  it('mends counts that fall between buckets', () => {
    assert.equal(histogramQuantile(0.5, b([[1, 10], [2, 8], [4, 20], [Infinity, 20]])), 1);
  });
});

describe('etcdFromScrape: a saved `curl …/metrics` of etcd', () => {
  const lines = fixtureLines('prom-etcd-metrics.txt');
  const scrape = parsePromText(lines, 1);

  it('reads its member: id, DB sizes, quota, leadership, version, citing the size lines', () => {
    const [e] = etcdFromScrape(scrape, refIn('cp1/metrics.txt'), { node: 'cp1' });
    const m = e.member;
    assert.deepEqual(
      [m.name, m.id, m.node, m.reachable, m.dbSize, m.dbSizeInUse, m.quotaBytes, m.isLeader, m.leaderId, m.isLearner, m.version, m.errors],
      ['8e9e05c52164694d', '8e9e05c52164694d', 'cp1', true, 412_000_000, 387_616_768, 2_147_483_648, false, undefined, false, '3.5.15', []],
    );
    const at = lines.findIndex((l) => l.startsWith('etcd_mvcc_db_total_size_in_bytes ')) + 1;
    assert.deepEqual(m.ref, { source: 'cp1/metrics.txt', line: at, excerpt: 'etcd_mvcc_db_total_size_in_bytes 4.12e+08; etcd_mvcc_db_total_size_in_use_in_bytes 3.87616768e+08' });
    assert.equal(e.leaderChanges, 17);
    assert.equal(e.processStartMs, 1_771_575_300_000);
  });

  it('estimates the WAL fsync, backend commit and peer round-trip p99 from the cumulative buckets', () => {
    const [e] = etcdFromScrape(scrape, refIn('m'));
    const byQuery = Object.fromEntries(e.quantiles.map((q) => [q.query, q]));
    assert.ok(Math.abs(byQuery['etcd-wal-fsync-p99'].p99 - 0.658286) < 1e-5);
    assert.equal(byQuery['etcd-wal-fsync-p99'].observations, 100000);
    assert.ok(Math.abs(byQuery['etcd-backend-commit-p99'].p99 - 0.279273) < 1e-5);
    assert.deepEqual(byQuery['etcd-peer-rtt-p99'].labels, { To: '91bc3c398fb3c146' });
    assert.ok(byQuery['etcd-peer-rtt-p99'].p99 > 0.0064 && byQuery['etcd-peer-rtt-p99'].p99 < 0.0128);
    assert.equal(byQuery['etcd-wal-fsync-p99'].line, lines.findIndex((l) => l.startsWith('etcd_disk_wal_fsync_duration_seconds_bucket')) + 1);
  });

  it('one member per instance label (federated or Prometheus-exported text), its node from the instance', () => {
    const text = [
      'etcd_server_id{instance="10.0.0.11:2379",job="etcd",server_id="8e9e05c52164694d"} 1',
      'etcd_mvcc_db_total_size_in_bytes{instance="10.0.0.11:2379",job="etcd"} 1.2e+09',
      'etcd_mvcc_db_total_size_in_use_in_bytes{instance="10.0.0.11:2379",job="etcd"} 2e+08',
      'etcd_server_id{instance="10.0.0.12:2379",job="etcd",server_id="91bc3c398fb3c146"} 1',
      'etcd_server_has_leader{instance="10.0.0.12:2379",job="etcd"} 0',
      'up{instance="10.0.0.99:9100",job="node"} 1',
    ];
    const members = etcdFromScrape(parsePromText(text), refIn('x')).map((e) => e.member);
    assert.deepEqual(members.map((m) => [m.id, m.node, m.dbSize, m.errors]), [
      ['8e9e05c52164694d', '10.0.0.11', 1.2e9, []],
      ['91bc3c398fb3c146', '10.0.0.12', undefined, ['etcdserver: no leader (etcd_server_has_leader 0)']],
    ]);
  });

  it('a leader knows itself as leader; an instance on loopback gives no node', () => {
    const [e] = etcdFromScrape(parsePromText(['etcd_server_id{instance="127.0.0.1:2381",server_id="00a1"} 1', 'etcd_server_is_leader{instance="127.0.0.1:2381"} 1']), refIn('x'));
    assert.deepEqual([e.member.id, e.member.isLeader, e.member.leaderId, e.member.node], ['a1', true, 'a1', undefined]);
  });

  it('no member from a kubelet scrape', () => {
    const kubelet = parsePromText(fixtureLines('prom-kubelet-metrics.txt'));
    assert.deepEqual(etcdFromScrape(kubelet, refIn('k')), []);
    assert.equal(histograms(kubelet, 'kubelet_pleg_relist_duration_seconds')[0].buckets.length, 12);
  });
});

describe('scrapes are detected from content', () => {
  it('with # HELP / # TYPE, or samples alone (`curl … | grep ^etcd_`)', () => {
    assert.equal(detectContent(fixtureLines('prom-etcd-metrics.txt').slice(0, 40)), 'prom-text');
    assert.equal(detectContent(fixtureLines('prom-kubelet-metrics.txt')), 'prom-text');
    assert.equal(detectContent(['etcd_mvcc_db_total_size_in_bytes 1.203765248e+09', 'etcd_mvcc_db_total_size_in_use_in_bytes 1.81403648e+08']), 'prom-text');
  });

  it('not logs, tables or prose', () => {
    assert.equal(looksLikePromText(['# this is a comment in a shell session', 'ls -la']), false);
    assert.equal(detectContent(['total 42', 'drwxr-xr-x 2 root root 4096 Feb 22 01:00 .']), 'log');
    assert.equal(detectContent(['I0222 01:05:00.000000       1 main.go:1] started', 'up 1']), 'log');
    assert.equal(detectContent(['up 1']), 'log');
  });
});
