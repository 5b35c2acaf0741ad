// Saved scrapes through the structured reader: the member for the member rules, the p99 series for
// the metric rules once the evidence's time is known, and what the rules make of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvidenceBuilder } from '../../src/intake/builder.js';
import { placeScrapedSeries, readStructured, type StructuredContext } from '../../src/intake/structured.js';
import { DEFAULT_THRESHOLDS } from '../../src/model/thresholds.js';
import dbFragmentation from '../../src/rules/etcd/db-fragmentation.js';
import slowDisk from '../../src/rules/etcd/slow-disk.js';
import type { EvidenceSet, Rule } from '../../src/types.js';
import { fixtureLines } from './fixture.js';

const ctx = (over: Partial<StructuredContext> = {}): StructuredContext => ({ display: 'cp1/etcd-metrics.txt', firstLine: 1, warn: () => {}, defer: () => {}, ...over });
const run = (rule: Rule, ev: EvidenceSet) => rule.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });
const NOW = new Date('2026-02-22T12:00:00Z');
const metrics = (ev: EvidenceSet) => ev.metrics ?? [];

describe('readStructured: prom-text', () => {
  it('adds the etcd member of a scrape, on the node a curl prompt names', () => {
    const b = new EvidenceBuilder();
    readStructured('prom-text', fixtureLines('prom-etcd-metrics.txt'), ctx({ prompt: '$ curl -s --cacert ca.crt https://10.0.0.11:2379/metrics' }), b);
    const [m] = b.evidence.etcdMembers;
    assert.deepEqual([m.id, m.node, m.dbSize, m.quotaBytes, m.ref.source], ['8e9e05c52164694d', '10.0.0.11', 412_000_000, 2_147_483_648, 'cp1/etcd-metrics.txt']);
  });

  it('keeps the p99 series of a scrape without timestamps until its time is known, then places it at the latest evidence time', () => {
    const b = new EvidenceBuilder();
    readStructured('prom-text', fixtureLines('prom-etcd-metrics.txt'), ctx({ node: 'cp1' }), b);
    assert.deepEqual(metrics(b.evidence), []);
    b.evidence.logStats.push({ source: 'etcd.log', component: 'etcd', lines: 10, errorLines: 0, warnLines: 0, lastTime: '2026-02-22T01:06:12.044Z', errorSamples: [] });
    placeScrapedSeries(b.evidence, NOW);
    const series = metrics(b.evidence);
    assert.deepEqual(series.map((s) => s.name).sort(), ['etcd-backend-commit-p99', 'etcd-peer-rtt-p99', 'etcd-wal-fsync-p99']);
    const fsync = series.find((s) => s.name === 'etcd-wal-fsync-p99')!;
    assert.deepEqual([fsync.node, fsync.memberId, fsync.samples[0][0], fsync.end, fsync.start], ['cp1', '8e9e05c52164694d', Date.parse('2026-02-22T01:06:12.044Z'), '2026-02-22T01:06:12.044Z', '2026-02-20T08:15:00Z']);
    assert.match(fsync.query, /cp1\/etcd-metrics\.txt:\d+ \(100000 observations since the process started\)/);
    placeScrapedSeries(b.evidence, NOW);
    assert.equal(metrics(b.evidence).length, 3, 'placed once');
  });

  it('uses the clock when nothing else has a time, and the lines\' own timestamps when they carry them', () => {
    const b = new EvidenceBuilder();
    readStructured('prom-text', fixtureLines('prom-etcd-metrics.txt').filter((l) => !l.startsWith('process_start')), ctx(), b);
    placeScrapedSeries(b.evidence, NOW);
    assert.equal(metrics(b.evidence)[0].samples[0][0], NOW.getTime());

    const stamped = new EvidenceBuilder();
    const at = Date.parse('2026-02-22T01:00:00Z');
    const lines = fixtureLines('prom-etcd-metrics.txt').map((l) => (l.startsWith('etcd_disk_wal_fsync_duration_seconds') ? `${l} ${at}` : l));
    readStructured('prom-text', lines, ctx(), stamped);
    // One timestamped line dates the whole scrape.
    assert.deepEqual(metrics(stamped.evidence).map((s) => [s.name, s.samples[0][0]]), [['etcd-wal-fsync-p99', at], ['etcd-backend-commit-p99', at], ['etcd-peer-rtt-p99', at]]);
  });

  it('the rules read it: slow disk from the fsync p99, no fragmentation for a DB 94% in use', () => {
    const b = new EvidenceBuilder();
    readStructured('prom-text', fixtureLines('prom-etcd-metrics.txt'), ctx({ node: 'cp1' }), b);
    placeScrapedSeries(b.evidence, NOW);
    const slow = run(slowDisk, b.evidence);
    assert.equal(slow.findings.length, 1);
    assert.equal(slow.findings[0].node, 'cp1');
    assert.match(slow.findings[0].message, /WAL fsync p99 up to 658ms/);
    assert.match(slow.findings[0].message, /backend commit p99 up to 279ms/);
    const frag = run(dbFragmentation, b.evidence);
    assert.deepEqual(frag.findings, []);
    assert.equal(frag.refutations.length, 1);
  });

  it('a kubelet scrape adds nothing', () => {
    const b = new EvidenceBuilder();
    readStructured('prom-text', fixtureLines('prom-kubelet-metrics.txt'), ctx(), b);
    placeScrapedSeries(b.evidence, NOW);
    assert.deepEqual([b.evidence.etcdMembers, metrics(b.evidence)], [[], []]);
  });
});
