import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutCausalGraph } from '../../../src/report/html/index.js';
import { allChains } from '../../../src/report/html/graph.js';
import { linkKey } from '../../../src/report/html/format.js';
import { wrapText } from '../../../src/report/html/wrap.js';
import { chainsReport, emptyReport, link, member, node, overlaps, referenceReport } from './helpers.js';

test('the reference report: one node per failure mode and subject, one edge per chain step', () => {
  const report = referenceReport();
  const layout = layoutCausalGraph(report);
  const expectedNodes = new Set<string>();
  const expectedEdges = new Set<string>();
  for (const s of report.symptoms) expectedNodes.add(linkKey(s.failureMode, s.subject));
  for (const { chain } of allChains(report)) {
    chain.forEach((l, i) => {
      expectedNodes.add(linkKey(l.failureMode, l.subject));
      if (i > 0) expectedEdges.add(`${linkKey(chain[i - 1].failureMode, chain[i - 1].subject)} -> ${linkKey(l.failureMode, l.subject)}`);
    });
  }
  assert.deepEqual(new Set(layout.nodes.map((n) => n.id)), expectedNodes);
  assert.deepEqual(new Set(layout.edges.map((e) => `${e.from} -> ${e.to}`)), expectedEdges);
  assert.equal(layout.nodes.length, 8);
  assert.equal(layout.edges.length, 7);
  assert.equal(layout.eliminated.length, report.eliminated.length);

  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const frag = byId.get('etcd-db-fragmentation@EtcdMember/talos01')!;
  assert.equal(frag.role, 'root');
  assert.equal(frag.rootRank, 0);
  assert.equal(frag.layer, 4);
  assert.equal(byId.get('pod-stuck-containercreating@Node/talos02')!.role, 'symptom');
  assert.equal(byId.get('pod-stuck-containercreating@Node/talos02')!.layer, 0);
  assert.equal(byId.get('etcd-slow-leader@EtcdMember/talos01')!.role, 'link');
  assert.equal(byId.get('etcd-slow-leader@EtcdMember/talos01')!.layer, 3);
  const chown = byId.get('fsgroup-recursive-chown@Pod/media/volsync-src-photoprism-gsvtg')!;
  assert.equal(chown.role, 'root');
  assert.equal(chown.layer, 1);
});

test('layers follow chain position: every node sits at its furthest position in any chain', () => {
  const report = referenceReport();
  const layout = layoutCausalGraph(report);
  const want = new Map<string, number>();
  for (const { chain } of allChains(report)) {
    chain.forEach((l, i) => {
      const k = linkKey(l.failureMode, l.subject);
      want.set(k, Math.max(want.get(k) ?? 0, i));
    });
  }
  for (const n of layout.nodes) assert.equal(n.layer, want.get(n.id) ?? 0, n.id);
  // Columns left to right.
  for (const n of layout.nodes) for (const m of layout.nodes) if (n.layer < m.layer) assert.ok(n.x + n.width < m.x);
});

test('no two boxes overlap, eliminated hypotheses sit apart below the graph, all inside the canvas', () => {
  const layout = layoutCausalGraph(referenceReport());
  const boxes = [...layout.nodes, ...layout.eliminated];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]), `${i} overlaps ${j}`);
  }
  for (const b of boxes) {
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width && b.y + b.height <= layout.height);
  }
  for (const n of layout.nodes) assert.ok(n.y + n.height <= layout.graphHeight);
  for (const e of layout.eliminated) assert.ok(e.y >= layout.graphHeight);
});

test('edges run left to right from the effect box to the cause box', () => {
  const layout = layoutCausalGraph(referenceReport());
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    const first = e.points[0];
    const last = e.points[e.points.length - 1];
    assert.equal(first.x, a.x + a.width);
    assert.ok(first.y > a.y && first.y < a.y + a.height);
    assert.equal(last.x, b.x);
    assert.ok(last.y > b.y && last.y < b.y + b.height);
    for (let i = 1; i < e.points.length; i++) assert.ok(e.points[i].x > e.points[i - 1].x);
  }
  // The primary root cause's chain is marked as such.
  const primary = layout.edges.filter((e) => e.roots.includes(0));
  assert.equal(primary.length, 4);
});

test('an edge that skips columns is routed through the gaps, not through boxes', () => {
  const s = link('pod-stuck-containercreating', node('n1'));
  const a = link('sa-token-fetch-timeout', node('n1'));
  const b = link('apiserver-etcd-timeouts', node('n1'));
  const c = link('etcd-slow-leader', member('m1'));
  const r = link('etcd-db-fragmentation', member('m1'));
  const x = link('etcd-slow-disk', member('m2'));
  const report = chainsReport([
    [s, a, b, c, r],
    [s, x, b, c, r],
    [s, c],
  ]);
  const layout = layoutCausalGraph(report);
  const long = layout.edges.find((e) => e.from === linkKey(s.failureMode, s.subject) && e.to === linkKey(c.failureMode, c.subject))!;
  assert.ok(long);
  assert.equal(long.points.length, 2 + 2 * 2); // two intermediate columns, entered and left
  for (const n of layout.nodes) {
    for (const p of long.points.slice(1, -1)) {
      const inColumn = p.x >= n.x && p.x <= n.x + n.width;
      if (inColumn) assert.ok(p.y < n.y || p.y > n.y + n.height, `long edge passes through ${n.id}`);
    }
  }
  const boxes = layout.nodes;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]));
});

test('cycles in chains and shared links do not break the layout', () => {
  const s = link('pod-crashloop', node('n1'));
  const a = link('apiserver-etcd-timeouts', node('n1'));
  const b = link('etcd-slow-leader', member('m1'));
  const layout = layoutCausalGraph(chainsReport([[s, a, b], [s, b, a]]));
  assert.equal(layout.nodes.length, 3);
  assert.ok(layout.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y)));
});

test('a root cause without a chain and an unexplained symptom still appear', () => {
  const r = emptyReport();
  r.symptoms.push({ failureMode: 'node-not-ready', subject: node('n9'), summary: 'x', evidence: [] });
  r.rootCauses.push({ failureMode: 'etcd-quota-exceeded', subject: member('m1'), confidence: 1, summary: 'x', chain: [], evidence: [], remediation: [] });
  const layout = layoutCausalGraph(r);
  assert.deepEqual(
    layout.nodes.map((n) => [n.id, n.role]).sort(),
    [
      ['etcd-quota-exceeded@EtcdMember/m1', 'root'],
      ['node-not-ready@Node/n9', 'symptom'],
    ],
  );
  assert.equal(layoutCausalGraph(emptyReport()).nodes.length, 0);
});

test('layout is deterministic', () => {
  assert.deepEqual(layoutCausalGraph(referenceReport()), layoutCausalGraph(referenceReport()));
});

test('labels wrap at hyphens and slashes and never exceed their line budget', () => {
  const lines = wrapText('pod-stuck-containercreating', 178, { size: 13, bold: true, mono: true });
  assert.deepEqual(lines, ['pod-stuck-', 'containercreating']);
  const long = wrapText('Pod some-namespace/' + 'x'.repeat(80), 178, { size: 12 }, 2);
  assert.equal(long.length, 2);
  assert.ok(long[1].endsWith('…'));
});

test('a chain that starts at an observation, not a listed symptom, is not called a symptom', () => {
  const r = emptyReport();
  const chain = [link('etcd-slow-leader', member('m1')), link('etcd-db-fragmentation', member('m1'))];
  r.rootCauses.push({ failureMode: 'etcd-db-fragmentation', subject: member('m1'), confidence: 0.6, summary: 'x', chain, evidence: [], remediation: [] });
  const layout = layoutCausalGraph(r);
  const start = layout.nodes.find((n) => n.failureMode === 'etcd-slow-leader')!;
  assert.equal(start.role, 'link');
  assert.equal(start.start, true);
  assert.equal(layout.nodes.find((n) => n.failureMode === 'etcd-db-fragmentation')!.start, false);
});
