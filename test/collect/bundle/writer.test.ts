// The bundle writer: the staging folder and its zip read as the same evidence, the zip is written
// whole or not at all, cluster-chosen names cannot climb out of the bundle, long objects stay readable.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { bundlePath, BundleWriter, safeSegment } from '../../../src/collect/bundle/writer.js';
import { UserError } from '../../../src/intake/errors.js';
import { collectOffline } from '../../../src/intake/collect.js';
import { MAX_LINE_BYTES } from '../../../src/intake/lines.js';
import { CANARY_PEM, plantedCluster } from '../kube/fixtures.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubesleuth-writer-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function smallBundle(): Promise<BundleWriter> {
  const { fixture } = plantedCluster();
  const w = await BundleWriter.create(new Date('2026-02-22T10:40:00Z'));
  const meta = { source: 'kubernetes-api' as const, what: 'test', request: 'GET /x' };
  const nodes = await w.openList('kubernetes/nodes.json', { kind: 'NodeList', apiVersion: 'v1' }, meta);
  await nodes.add(fixture.nodes);
  await nodes.close();
  const pods = await w.openList('kubernetes/pods.json', { kind: 'PodList', apiVersion: 'v1' }, meta);
  await pods.add(fixture.pods.slice(0, 4));
  await pods.add(fixture.pods.slice(4));
  await pods.close();
  const events = await w.openList('kubernetes/events.json', { kind: 'EventList', apiVersion: 'v1' }, meta);
  await events.add(fixture.events);
  await events.close();
  await w.writeText('nodes/cp1/kubernetes-logs/kube-system/kube-apiserver-cp1/kube-apiserver.log', fixture.logs!['kube-system/kube-apiserver-cp1/kube-apiserver'], { ...meta, object: 'Pod/kube-system/kube-apiserver-cp1' });
  await w.finish(new Date('2026-02-22T10:41:00Z'));
  return w;
}

describe('BundleWriter', () => {
  it('the staging folder and its zip are the same evidence', async () => {
    const w = await smallBundle();
    try {
      const zip = path.join(tmp, 'same.zip');
      await w.zipTo(zip);
      const now = new Date('2026-02-22T11:00:00Z');
      const [a, b] = [await collectOffline([w.dir], { now }), await collectOffline([zip], { now })];
      const strip = (ev: typeof a): unknown => JSON.parse(JSON.stringify({ ...ev, sources: ev.sources.map((s) => s.kind) }).split(`${w.dir}/`).join('').split(`${zip}:`).join(''));
      assert.deepEqual(strip(b), strip(a));
      assert.equal(a.sources[0].kind, 'kubesleuth-bundle');
      assert.equal(a.pods.length, 10);
      assert.equal(a.events.length, 7);
      assert.ok(a.signals.some((s) => s.signal === 'kubelet.token-fetch-failed'));
    } finally {
      await w.remove();
    }
  });

  it('writes the zip whole or not at all', async () => {
    const w = await smallBundle();
    try {
      const blocker = path.join(tmp, 'a-file');
      writeFileSync(blocker, 'x');
      await assert.rejects(w.zipTo(path.join(blocker, 'bundle.zip')), (e: unknown) => e instanceof UserError && /^cannot write .*bundle\.zip: (ENOTDIR|EEXIST)$/.test(e.message));
      const dir = path.join(tmp, 'ok');
      await w.zipTo(path.join(dir, 'bundle.zip'));
      await w.zipTo(path.join(dir, 'bundle.zip')); // replaced in one step
      assert.deepEqual(readdirSync(dir), ['bundle.zip']);
    } finally {
      await w.remove();
    }
    assert.ok(!existsSync(w.dir), 'the staging folder is removed');
  });

  it('keeps names the cluster chose inside the bundle', () => {
    assert.equal(safeSegment('../../etc'), '__.._etc');
    assert.equal(safeSegment('..'), '_');
    assert.equal(safeSegment('.hidden'), '_hidden');
    assert.equal(safeSegment('kube-apiserver-cp1'), 'kube-apiserver-cp1');
    assert.equal(safeSegment('fd00::3'), 'fd00::3');
    assert.equal(bundlePath('a/b', 'c d'), 'a_b/c_d');
  });

  it('writes an object too long for a line reader pretty-printed, still one readable list', async () => {
    const w = await BundleWriter.create();
    try {
      const big = { metadata: { name: 'big', namespace: 'x', annotations: { note: 'y'.repeat(MAX_LINE_BYTES + 10) } }, spec: { containers: [{ name: 'c' }], nodeName: 'n1' }, status: { phase: 'Running' } };
      const list = await w.openList('kubernetes/pods.json', { kind: 'PodList', apiVersion: 'v1' }, { source: 'kubernetes-api', what: 'pods', request: 'GET /api/v1/pods' });
      await list.add([big, { metadata: { name: 'small', namespace: 'x' }, spec: { containers: [{ name: 'c' }] } }]);
      await list.close();
      const text = readFileSync(path.join(w.dir, 'kubernetes/pods.json'), 'utf8');
      assert.ok(text.split('\n').every((l) => l.length < MAX_LINE_BYTES));
      assert.equal((JSON.parse(text) as { items: unknown[] }).items.length, 2);
      const ev = await collectOffline([w.dir]);
      assert.deepEqual(ev.pods.map((p) => p.name).sort(), ['big', 'small']);
      assert.match(text, /"note": "y{32768}…\[229386 characters cut by kubesleuth\]"/);
    } finally {
      await w.remove();
    }
  });

  it('copies streams line by line, redacting blocks that span lines, and refuses binary content', async () => {
    const w = await BundleWriter.create();
    try {
      await w.copyLines('a.log', Readable.from([Buffer.from(`one\n${CANARY_PEM.slice(0, 40)}`), Buffer.from(`${CANARY_PEM.slice(40)}\ntwo\n`)]), { source: 'talosctl', what: 'a', request: 'x' });
      assert.equal(readFileSync(path.join(w.dir, 'a.log'), 'utf8'), 'one\n-----BEGIN EC PRIVATE KEY-----[REDACTED]\n[REDACTED]\n[REDACTED]\n-----END EC PRIVATE KEY-----\ntwo\n');
      await assert.rejects(w.copyLines('b.bin', Readable.from([Buffer.from('\0\0\0\0')]), { source: 'talosctl', what: 'b', request: 'x' }), /binary content/);
      assert.ok(!existsSync(path.join(w.dir, 'b.bin')) && !w.has('b.bin'));
      assert.deepEqual(w.manifest.files.map((f) => [f.path, f.bytes]), [['a.log', readFileSync(path.join(w.dir, 'a.log')).length]]);
    } finally {
      await w.remove();
    }
  });
});

describe('a bundle\'s recorded failures', () => {
  it('become warnings of its source when it is diagnosed', async () => {
    const w = await smallBundle();
    try {
      w.manifest.sources.push({ kind: 'kubernetes-api', location: 'context x (https://k)', nodes: [], startedAt: '', warnings: ['kubernetes-api leases (all namespaces): 403 Forbidden: nope'] });
      await w.finish();
      const zip = path.join(tmp, 'failures.zip');
      await w.zipTo(zip);
      const { diagnose } = await import('../../../src/diagnose.js');
      const report = await diagnose({ paths: [zip] });
      assert.deepEqual(report.sources[0].warnings, ['kubernetes-api leases (all namespaces): 403 Forbidden: nope']);
    } finally {
      await w.remove();
    }
  });
});
