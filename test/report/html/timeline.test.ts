import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutTimeline } from '../../../src/report/html/index.js';
import { naturalCompare, signalStyles } from '../../../src/report/html/timeline.js';
import { emptyReport, point, referenceReport } from './helpers.js';

test('one lane per node, in natural order, cluster-wide last; every point placed once', () => {
  const r = emptyReport();
  r.timeline = [
    point('node10', 'etcd.slow-apply', '2026-02-22T10:00:00Z', 150),
    point(undefined, 'etcd.leader-elected', '2026-02-22T10:01:00Z'),
    point('node2', 'etcd.slow-apply', '2026-02-22T10:02:00Z', 900),
    point('node2', 'etcd.readindex-wait', '2026-02-22T10:03:00Z'),
    point('node2', 'etcd.slow-apply', 'not a time', 100),
  ];
  const t = layoutTimeline(r);
  assert.deepEqual(t.lanes.map((l) => l.key), ['node2', 'node10', 'cluster']);
  assert.equal(t.skipped, 1);
  assert.equal(t.lanes.reduce((n, l) => n + l.points.length, 0), 4);
  const node2 = t.lanes[0];
  assert.deepEqual(node2.durationSignals, ['etcd.slow-apply']);
  assert.deepEqual(node2.eventSignals, ['etcd.readindex-wait']);
  const apply = node2.points.find((p) => p.kind === 'duration')!;
  const wait = node2.points.find((p) => p.kind === 'event')!;
  assert.ok(apply.y >= node2.plotTop && apply.y <= node2.plotBottom);
  assert.ok(wait.y > node2.rowsTop && wait.y < node2.axisTop);
  // Time increases to the right, on one axis shared by all lanes.
  assert.ok(t.lanes[1].points[0].x < apply.x);
  assert.ok(apply.x < wait.x);
});

test('durations use a log scale shared by all lanes', () => {
  const r = emptyReport();
  r.timeline = [
    point('a', 'etcd.slow-apply', '2026-02-22T10:00:00Z', 10),
    point('a', 'etcd.slow-apply', '2026-02-22T10:01:00Z', 100),
    point('b', 'etcd.slow-apply', '2026-02-22T10:02:00Z', 1000),
    point('b', 'etcd.slow-fdatasync', '2026-02-22T10:03:00Z', 10000),
  ];
  const t = layoutTimeline(r);
  assert.equal(t.logMin, 1);
  assert.equal(t.logMax, 4);
  const ys = t.lanes.flatMap((l) => l.points.map((p) => p.y - l.plotTop));
  const step = ys[0] - ys[1];
  assert.ok(step > 0);
  assert.ok(Math.abs(ys[1] - ys[2] - step) < 1e-9);
  assert.ok(Math.abs(ys[2] - ys[3] - step) < 1e-9);
});

test('the reference timeline: all points drawn, talos02 carries the readindex waits and the defrag', () => {
  const report = referenceReport();
  const t = layoutTimeline(report);
  assert.equal(t.skipped, 0);
  assert.deepEqual(t.lanes.map((l) => l.key), ['talos01', 'talos02', 'talos03']);
  assert.equal(t.lanes.reduce((n, l) => n + l.points.length, 0), report.timeline.length);
  const talos02 = t.lanes[1];
  assert.ok(talos02.eventSignals.includes('etcd.readindex-wait'));
  assert.ok(talos02.durationSignals.includes('etcd.defrag-done'));
  for (const lane of t.lanes) for (const p of lane.points) assert.ok(p.x >= 0 && p.x <= 1000 && p.y >= 0 && p.y <= lane.height);
});

test('signal styles are stable and distinct', () => {
  const signals = ['etcd.slow-apply', 'etcd.slow-fdatasync', 'etcd.readindex-wait', 'etcd.defrag-done', 'x', 'y'];
  const a = signalStyles(signals);
  const b = signalStyles([...signals].reverse());
  assert.deepEqual([...a.entries()], [...b.entries()]);
  const combos = new Set([...a.values()].map((s) => `${s.color}/${s.shape}`));
  assert.equal(combos.size, signals.length);
  assert.equal(new Set([...a.values()].map((s) => s.color)).size, signals.length);
});

test('natural order', () => {
  assert.deepEqual(['talos10', 'talos2', 'talos01', 'a'].sort(naturalCompare), ['a', 'talos01', 'talos2', 'talos10']);
});

test('long quiet gaps are cut out of the time axis; time still runs left to right', () => {
  const r = emptyReport();
  const early = Date.parse('2026-02-22T01:00:00Z');
  const late = Date.parse('2026-02-22T09:00:00Z');
  for (let i = 0; i < 20; i++) {
    r.timeline.push(point('a', 'etcd.slow-apply', new Date(early + i * 60e3).toISOString(), 200));
    r.timeline.push(point('a', 'etcd.slow-apply', new Date(late + i * 60e3).toISOString(), 300));
  }
  const t = layoutTimeline(r);
  assert.equal(t.segments.length, 2);
  const [a, b] = t.segments;
  assert.ok(a.x1 < b.x0);
  assert.ok(a.t1 < late && b.t0 > a.t1);
  // Both bursts get a fair share of the width.
  assert.ok(a.x1 - a.x0 > 300 && b.x1 - b.x0 > 300);
  const xs = t.lanes[0].points.map((p) => p.x);
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i] > xs[i - 1]);
  for (const p of t.lanes[0].points) {
    const seg = p.t < late ? a : b;
    assert.ok(p.x >= seg.x0 && p.x <= seg.x1);
  }
  // Ticks fall inside the stretches shown.
  for (const tk of t.ticks) assert.ok(t.segments.some((s) => tk.t >= s.t0 && tk.t <= s.t1));
});

test('one burst keeps one continuous axis', () => {
  const t = layoutTimeline(referenceReport());
  assert.equal(t.segments.length, 1);
  assert.equal(t.segments[0].x0, 178);
  assert.equal(t.segments[0].x1, 1000 - 16);
});
