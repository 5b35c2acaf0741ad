import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/symptom/metrics-unavailable.js';
import { assertCites, evidence, intake, klog, lines, listYaml, node, nodeObject, run, signal, table } from '../../helpers/evidence.js';

const scrapeFailed = (ts: string, target: string, ip: string): string =>
  klog('E', ts, 'scraper.go:149', 'Failed to scrape node', { err: `Get "https://${ip}:10250/metrics/resource": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, node: target });
const topNodes = (rows: string[][]): string => table(['NAME', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%'], rows);

describe('symptom/metrics-unavailable', () => {
  it('joins `kubectl top nodes` <unknown> with metrics-server scrape failures for the same node', async () => {
    const pod = 'metrics-server-6d94bc8694-x7k2p';
    const ev = await intake({
      'top-nodes.txt': topNodes([
        ['talos01', '812m', '20%', '5123Mi', '32%'],
        ['talos02', '<unknown>', '<unknown>', '<unknown>', '<unknown>'],
      ]),
      // `kubectl cluster-info dump` layout: the scraper runs on talos01, the failures are about talos02.
      [`kube-system/${pod}/logs.txt`]: lines(
        `==== START logs for container metrics-server of pod kube-system/${pod} ====`,
        scrapeFailed('2026-02-22T10:38:12.000Z', 'talos02', '10.20.0.15'),
        scrapeFailed('2026-02-22T10:38:27.000Z', 'talos02', '10.20.0.15'),
        `==== END logs for container metrics-server of pod kube-system/${pod} ====`,
      ),
      'nodes.yaml': listYaml([nodeObject({ name: 'talos01', ip: '10.20.0.14' }), nodeObject({ name: 'talos02', ip: '10.20.0.15' })]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'metrics-unavailable');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 3, 'one <unknown> row and two scrape failures');
    assert.equal(f.firstSeen, '2026-02-22T10:38:12.000Z');
    assert.equal(f.lastSeen, '2026-02-22T10:38:27.000Z');
    assertCites(f.evidence, /Failed to scrape node/);
    assert.match(f.evidence[0].excerpt, /^talos02\s+<unknown>/);
    assert.equal(f.evidence.length, 3);
  });

  it('names the scraped node by its address when metrics-server logs an IP', () => {
    const s = signal(scrapeFailed('2026-02-22T10:38:12.000Z', '10.20.0.15', '10.20.0.15'), { node: 'talos01', component: 'metrics-server' });
    const { findings } = run(rule, evidence({ nodes: [node('talos01', { addresses: ['10.20.0.14'] }), node('talos02', { addresses: ['10.20.0.15'] })], signals: [s] }));
    assert.deepEqual(findings.map((f) => [f.subject.name, f.count]), [['talos02', 1]]);
  });

  it('finds a node from `kubectl top nodes` alone', async () => {
    const ev = await intake({ 'top.txt': topNodes([['talos03', '<unknown>', '<unknown>', '<unknown>', '<unknown>']]) });
    const { findings } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.count, f.evidence.length]), [['talos03', 1, 1]]);
  });

  it('says nothing when every node reports metrics', async () => {
    const ev = await intake({ 'top.txt': topNodes([['talos01', '812m', '20%', '5123Mi', '32%'], ['talos02', '1204m', '30%', '7000Mi', '44%']]) });
    assert.deepEqual(run(rule, ev), { findings: [], refutations: [] });
  });
});
