import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { collectOffline } from '../../src/intake/collect.js';
import type { EvidenceSet, SignalEvent } from '../../src/types.js';
import { fixtureText } from '../parse/fixture.js';
import { clusterInfoDumpTree, cri, pastedExcerpt, SLOW_FDATASYNC, talosSupportTree } from './evidence-trees.js';
import { NOW, relocated, tempDir, writeTree, writeZip } from './tree.js';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;
const fresh = (name: string): string => path.join(tmp.dir, `${n++}-${name}`);

const sig = (ev: EvidenceSet, id: string): SignalEvent[] => ev.signals.filter((s) => s.signal === id);
const brief = (s: SignalEvent) => ({ node: s.node, component: s.component, pod: s.pod, time: s.time, line: s.ref.line });

describe('collectOffline: content decides, not the name', () => {
  it('reads a talosctl etcd status table saved as foo.log as member status', async () => {
    const dir = writeTree(fresh('loose'), { 'foo.log': fixtureText('talosctl-etcd-status-v1.10.txt') });
    const ev = await collectOffline([path.join(dir, 'foo.log')], { now: NOW });
    assert.deepEqual(ev.etcdMembers.map((m) => [m.id, m.node, m.dbSize, m.isLeader]), [
      ['5a3c6b2f91d0e4a7', '10.20.0.14', 467e6, true],
      ['c1f4e08d2b7a3956', '10.20.0.15', 60e6, false],
      ['f2d7e91a4b8c365', '10.20.0.16', 21e6, false],
    ]);
    assert.deepEqual(ev.logStats, []);
    assert.deepEqual(ev.sources, [{ kind: 'file', location: path.join(dir, 'foo.log'), nodes: [], warnings: [] }]);
  });

  it('reads a log saved as status.txt as a log, and a YAML node list saved as .log as objects', async () => {
    const dir = writeTree(fresh('loose'), {
      'status.txt': `${SLOW_FDATASYNC}\n`,
      'nodes.log': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: talos02\n  status:\n    addresses:\n    - address: 10.20.0.15\n      type: InternalIP\n',
    });
    const ev = await collectOffline([dir], { now: NOW });
    assert.equal(sig(ev, 'etcd.slow-fdatasync').length, 1);
    assert.deepEqual(ev.nodes.map((x) => [x.name, x.addresses, x.ref.line]), [['talos02', ['10.20.0.15'], 4]]);
  });
});

describe('collectOffline: a folder of loose files', () => {
  it('reads every kind, places files by their folder once nodes are known, and warns only about unknown text', async () => {
    const dir = writeTree(fresh('evidence'), {
      'nodes.txt': fixtureText('kubectl-get-nodes-wide.txt'),
      'pods.txt': fixtureText('kubectl-get-pods-wide.txt'),
      'events.txt': fixtureText('kubectl-get-events.txt'),
      'top.txt': fixtureText('kubectl-top-nodes.txt'),
      'etcdctl.json': fixtureText('etcdctl-endpoint-status-3.5.json'),
      'talos02/etcd.log': `${SLOW_FDATASYNC}\n`,
      'talos02/processes.txt': fixtureText('support-processes.txt'),
      'notes.txt': 'we rebooted talos02 twice\nthen it got worse\n',
    });
    const ev = await collectOffline([dir], { now: NOW });
    assert.equal(ev.sources.length, 1);
    assert.equal(ev.sources[0].kind, 'folder');
    assert.deepEqual(ev.sources[0].warnings, [`${path.join(dir, 'notes.txt')}: format not recognised (no log, table or object format found); read as plain text`]);
    assert.deepEqual(ev.nodes.map((x) => x.name), ['talos01', 'talos02', 'talos03']);
    assert.equal(ev.pods.length, 5);
    assert.equal(ev.nodeMetrics.length, 2);
    // The member at 10.20.0.15 is named after its node; the etcd log in talos02/ lands on talos02.
    assert.deepEqual(ev.etcdMembers.map((m) => [m.name, m.node]), [['talos01', 'talos01'], ['talos02', 'talos02']]);
    assert.deepEqual(sig(ev, 'etcd.slow-fdatasync').map(brief), [{ node: 'talos02', component: 'etcd', pod: undefined, time: '2026-02-22T01:05:01.871Z', line: 1 }]);
    assert.deepEqual([...new Set(ev.processes.map((p) => p.node))], ['talos02']);
    // The FailedMount event becomes a token signal on the pod's node.
    assert.deepEqual(sig(ev, 'kubelet.token-fetch-failed').map((s) => [s.node, s.pod]), [['talos02', 'default/web-7d4b9c8f5d-x2x9k']]);
  });
});

describe('collectOffline: talosctl support bundle', () => {
  it('maps IP folders to node names from kubernetesResources/nodes.yaml and reads CRI container logs', async () => {
    const dir = writeTree(fresh('support'), talosSupportTree());
    const ev = await collectOffline([dir], { now: NOW });
    const [source] = ev.sources;
    assert.equal(source.kind, 'talos-support-bundle');
    assert.deepEqual(source.nodes, ['talos01', 'talos02']);
    assert.deepEqual(source.warnings, []);
    assert.deepEqual(ev.nodes.map((x) => x.name), ['talos01', 'talos02', 'talos03']);
    assert.deepEqual(ev.pods.map((p) => [p.name, p.node, p.containers[0].restartCount]), [['kube-scheduler-talos02', 'talos02', 468]]);

    assert.deepEqual(sig(ev, 'etcd.slow-fdatasync').map(brief), [{ node: 'talos02', component: 'etcd', pod: undefined, time: '2026-02-22T01:05:01.871Z', line: 2 }]);
    const apply = sig(ev, 'etcd.slow-apply');
    assert.deepEqual(apply.map(brief), [{ node: 'talos02', component: 'etcd', pod: undefined, time: '2026-02-22T01:05:03.213Z', line: 3 }]);
    assert.equal(apply[0].durationMs, 960.514);
    assert.equal(apply[0].ref.source, path.join(dir, '10.20.0.15/service-logs/etcd.log'));
    assert.equal(sig(ev, 'etcd.readindex-wait')[0].node, 'talos02');

    const token = sig(ev, 'kubelet.token-fetch-failed');
    assert.deepEqual(token.map(brief), [{ node: 'talos02', component: 'kubelet', pod: undefined, time: new Date(1771722305123.4).toISOString(), line: 2 }]);

    // klog inside CRI: the klog time gets its year from the evidence.
    assert.deepEqual(sig(ev, 'apiserver.endpoint-reset').map(brief), [{ node: 'talos01', component: 'kube-apiserver', pod: undefined, time: '2026-02-22T01:04:58.512Z', line: 1 }]);
    assert.deepEqual(sig(ev, 'controlplane.handlers-not-synced').map((s) => [s.node, s.component]), [['talos02', 'kube-scheduler']]);

    assert.deepEqual([...new Set(ev.processes.map((p) => p.node))], ['talos02']);
    assert.deepEqual(ev.diskIo.map((d) => [d.node, d.device]), [['talos02', 'nvme0n1'], ['talos02', 'sda']]);
    const etcdStat = ev.logStats.find((s) => s.source.endsWith('10.20.0.15/service-logs/etcd.log'));
    assert.deepEqual(etcdStat && [etcdStat.node, etcdStat.component, etcdStat.lines, etcdStat.warnLines, etcdStat.firstTime, etcdStat.lastTime], ['talos02', 'etcd', 4, 3, '2026-02-22T01:04:00.000Z', '2026-02-22T01:05:04.002Z']);
  });

  it('gives the same evidence from the zip as from the unpacked folder', async () => {
    const tree = talosSupportTree();
    const dir = writeTree(fresh('support'), tree);
    const zip = writeZip(fresh('support.zip'), tree);
    const fromDir = await collectOffline([dir], { now: NOW });
    const fromZip = await collectOffline([zip], { now: NOW });
    assert.equal(fromZip.sources[0].kind, 'talos-support-bundle');
    for (const ev of [fromDir, fromZip]) for (const s of ev.sources) s.location = 'BUNDLE';
    assert.deepEqual(relocated(fromZip, `${zip}:`, 'BUNDLE/'), relocated(fromDir, `${dir}${path.sep}`, 'BUNDLE/'));
    assert.ok(fromZip.signals.length >= 6);
  });
});

describe('collectOffline: kubectl cluster-info dump', () => {
  it('reads nodes.json, per-namespace pods/events and logs.txt with container markers', async () => {
    const dir = writeTree(fresh('dump'), clusterInfoDumpTree());
    const ev = await collectOffline([dir], { now: NOW });
    assert.equal(ev.sources[0].kind, 'kubectl-cluster-info-dump');
    assert.deepEqual(ev.sources[0].warnings, []);
    assert.deepEqual(ev.nodes.map((x) => [x.name, x.ref.object]), [['talos01', 'Node/talos01'], ['talos02', 'Node/talos02']]);
    assert.deepEqual(ev.pods.map((p) => `${p.namespace}/${p.name}@${p.node}`).sort(), ['default/web-7d4b9c8f5d-x2x9k@talos02', 'kube-system/kube-apiserver-talos01@talos01']);
    assert.deepEqual(ev.events.map((e) => [e.reason, e.node, e.count]), [['FailedMount', 'talos02', 6]]);

    const handler = sig(ev, 'apiserver.handler-timeout');
    assert.deepEqual(handler.map(brief), [{ node: 'talos01', component: 'kube-apiserver', pod: 'kube-system/kube-apiserver-talos01', time: '2026-02-22T01:05:09.100Z', line: 3 }]);
    assert.equal(handler[0].ref.source, path.join(dir, 'kube-system/kube-apiserver-talos01/logs.txt'));
    assert.deepEqual(sig(ev, 'apiserver.json-write-timeout').map((s) => [s.node, s.ref.line]), [['talos01', 4]]);
    assert.deepEqual(sig(ev, 'kubelet.token-fetch-failed').map((s) => [s.node, s.pod, s.time]), [['talos02', 'default/web-7d4b9c8f5d-x2x9k', '2026-02-22T01:05:12.000Z']]);
  });
});

describe('collectOffline: a pasted excerpt', () => {
  it('splits fenced command outputs by their prompts and reads each part as what it is', async () => {
    const dir = writeTree(fresh('paste'), { 'issue.md': pastedExcerpt() });
    const file = path.join(dir, 'issue.md');
    const ev = await collectOffline([file], { now: NOW });
    assert.deepEqual(ev.sources[0].warnings, []);
    assert.deepEqual(ev.etcdMembers.map((m) => [m.name, m.node, m.ref.line]), [['talos01', 'talos01', 7], ['talos02', 'talos02', 8], ['talos03', 'talos03', 9]]);
    assert.deepEqual(ev.nodes.map((x) => [x.name, x.ref.line]), [['talos01', 15], ['talos02', 16], ['talos03', 17]]);
    assert.deepEqual(ev.pods.map((p) => p.ref.line), [20, 21, 22, 23, 24]);
    // Log lines keep their true line numbers in the file; the Talos prefix names the node.
    assert.deepEqual(sig(ev, 'etcd.slow-fdatasync').map(brief), [{ node: 'talos02', component: 'etcd', pod: undefined, time: '2026-02-22T01:05:01.871Z', line: 29 }]);
    assert.deepEqual(sig(ev, 'etcd.slow-apply').map((s) => s.ref.line), [30]);
    assert.equal(ev.signals.filter((s) => s.ref.source === file && s.signal.startsWith('etcd.')).length, 2);
  });
});

describe('collectOffline: year completion', () => {
  it('gives klog lines the year of the other timestamps in the evidence', async () => {
    const dir = writeTree(fresh('years'), {
      'etcd.log': '{"level":"warn","ts":"2025-12-30T23:59:00.000Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.2s","expected-duration":"1s"}\n',
      'kube-apiserver.log': 'W1230 23:58:58.512345       1 lease.go:265] Resetting endpoints for master service "kubernetes" to [10.20.0.14]\n',
    });
    const ev = await collectOffline([dir], { now: NOW });
    const [reset] = sig(ev, 'apiserver.endpoint-reset');
    assert.equal(reset.time, '2025-12-30T23:58:58.512Z');
    assert.equal(reset.ref.time, '2025-12-30T23:58:58.512Z');
    const stat = ev.logStats.find((s) => s.component === 'kube-apiserver');
    assert.deepEqual([stat?.firstTime, stat?.lastTime], ['2025-12-30T23:58:58.512Z', '2025-12-30T23:58:58.512Z']);
  });

  it('falls back to the clock\'s year when nothing in the evidence has one', async () => {
    const dir = writeTree(fresh('years'), { 'kube-apiserver.log': 'W0222 01:04:58.512345       1 lease.go:265] Resetting endpoints for master service "kubernetes" to [10.20.0.14]\n' });
    const ev = await collectOffline([dir], { now: NOW });
    assert.equal(sig(ev, 'apiserver.endpoint-reset')[0].time, '2026-02-22T01:04:58.512Z');
  });

  it('completes journald short times the same way, and CRLF files read like LF ones', async () => {
    const dir = writeTree(fresh('years'), {
      'kubelet.log': [
        'Feb 22 01:05:02 talos02 kubelet[1907]: E0222 01:05:02.124100    1907 remote_runtime.go:636] "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="4b1e0f9c"',
        cri('2025-02-22T01:05:00.000000000Z', 'stderr', 'I0222 01:05:00.000000    1907 kubelet.go:1] "started"'),
        '',
      ].join('\r\n'),
    });
    const ev = await collectOffline([dir], { now: NOW });
    const [exec] = sig(ev, 'kubelet.execsync-timeout');
    assert.equal(exec.time, '2025-02-22T01:05:02.124Z');
    assert.equal(exec.node, 'talos02', 'the journald host field names the node');
    assert.equal(exec.component, 'kubelet');
    assert.ok(!exec.ref.excerpt.endsWith('\r'));
  });
});

describe('collectOffline: broken object documents', () => {
  it('warns about a cut JSON list and a YAML syntax error, and reads the other documents', async () => {
    const nodes = clusterInfoDumpTree()['nodes.json'] as string;
    const dir = writeTree(fresh('broken'), {
      'nodes.json': nodes.slice(0, Math.floor(nodes.length / 2)),
      'pods.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\n  namespace: default\nspec:\n  nodeName: talos02\n  containers:\n  - name: web\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n',
    });
    const ev = await collectOffline([dir], { now: NOW });
    const w = ev.sources[0].warnings;
    assert.equal(w.length, 2, JSON.stringify(w));
    assert.match(w[0], /nodes\.json: not valid JSON \(.*\); skipped$/);
    assert.match(w[1], /pods\.yaml: YAML error at line 1[0-9]: /);
    assert.deepEqual(ev.nodes, []);
    assert.deepEqual(ev.pods.map((p) => [p.name, p.node, p.ref.line]), [['web-0', 'talos02', 1]]);
  });
});

describe('collectOffline: several paths', () => {
  it('keeps one source per path and resolves nodes across them', async () => {
    const a = writeTree(fresh('a'), { 'nodes.txt': fixtureText('kubectl-get-nodes-wide.txt') });
    const b = writeTree(fresh('b'), { 'etcd.log': `10.20.0.16: ${SLOW_FDATASYNC}\n` });
    const ev = await collectOffline([a, path.join(b, 'etcd.log')], { now: NOW });
    assert.deepEqual(ev.sources.map((s) => s.kind), ['folder', 'file']);
    assert.deepEqual(sig(ev, 'etcd.slow-fdatasync').map((s) => s.node), ['talos03']);
    assert.deepEqual(ev.sources[1].nodes, []);
  });
});
