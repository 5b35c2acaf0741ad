// The live Talos source through a stub talosctl replaying real output shapes: what is collected,
// how a live diagnosis cites it, that its bundle diagnoses the same, and how nodes that do not
// answer, a missing talosctl and an old talosctl are handled.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { BundleManifest } from '../../../src/collect/bundle/manifest.js';
import { BundleWriter } from '../../../src/collect/bundle/writer.js';
import { collectLive } from '../../../src/collect/talos/index.js';
import { startKubeApiServer } from '../../harness/kube-api-server.js';
import { installTalosctlStub, type InstalledStub } from '../../harness/talosctl-stub/install.js';
import { plantedCluster } from '../kube/fixtures.js';
import { cli, cliJson, conclusions, isOneLineFailure, readBundle } from '../kube/helpers.js';
import { NODES, talosState } from './fixtures.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubesleuth-talos-live-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const out = (): string => path.join(tmp, String(n++), 'bundle.zip');

/** Runs with the stub first on PATH (the CLI finds talosctl there, like a user's shell would). */
let stub: InstalledStub;
let oldPath: string | undefined;
const useStub = (s: InstalledStub): void => {
  stub = s;
  process.env.PATH = s.env.PATH;
};
beforeEach(() => {
  oldPath = process.env.PATH;
});
afterEach(() => {
  process.env.PATH = oldPath;
  stub?.remove();
});

const talosFlags = (): string[] => ['--talosconfig', stub.talosconfig, '--nodes', NODES.join(',')];

describe('live Talos source', () => {
  it('collects etcd status, processes and the unencrypted support bundle of every node', async () => {
    useStub(installTalosctlStub(talosState()));
    const bundle = await BundleWriter.create();
    try {
      const { source } = await collectLive({ talosconfig: stub.talosconfig, nodes: NODES, talosctl: stub.bin }, bundle);
      assert.deepEqual(source.nodes, NODES);
      assert.deepEqual(source.warnings, []);
      assert.equal(source.location, `talosctl --nodes ${NODES.join(',')}`);
      assert.deepEqual(stub.calls().map((c) => [c.command, c.nodes, c.noEncryption]), [
        ['etcd status', NODES, false],
        ['processes', NODES, false],
        ['support', NODES, true],
      ]);
      const paths = bundle.manifest.files.map((f) => f.path);
      for (const p of [
        'talos/etcd-status.txt', 'talos/talosctl-processes.txt', 'talos/support/kubernetesResources/nodes.yaml', 'talos/support/kubernetesResources/systemPods.yaml',
        'talos/support/10.20.0.15/service-logs/etcd.log', 'talos/support/10.20.0.15/kubernetes-logs/kube-system/kube-scheduler-exited.log', 'talos/support/10.20.0.16/dmesg.log',
      ]) assert.ok(paths.includes(p), p);
      const status = bundle.manifest.files.find((f) => f.path === 'talos/etcd-status.txt');
      assert.deepEqual(status && { ...status, bytes: 0 }, {
        path: 'talos/etcd-status.txt', source: 'talosctl', what: 'talosctl etcd status', cite: 'talosctl etcd status', items: 3, bytes: 0,
        request: `talosctl --talosconfig ${stub.talosconfig} --nodes ${NODES.join(',')} etcd status`,
      });
      assert.equal(bundle.manifest.files.find((f) => f.path === 'talos/support/10.20.0.15/service-logs/etcd.log')?.node, '10.20.0.15');
    } finally {
      await bundle.remove();
    }
  });

  it('diagnose --talosconfig --nodes reads the cluster as the example bundle does, citing talosctl', async () => {
    useStub(installTalosctlStub(talosState()));
    const { run, report } = await cliJson(['diagnose', ...talosFlags()]);
    assert.equal(run.code, 1);
    assert.equal(report.sources.length, 1);
    assert.deepEqual({ ...report.sources[0], warnings: undefined }, { kind: 'talosctl', location: `talosctl --nodes ${NODES.join(',')}`, nodes: ['talos01', 'talos02', 'talos03'], warnings: undefined });
    const frag = report.rootCauses.find((c) => c.failureMode === 'etcd-db-fragmentation' && c.subject.name === 'talos01');
    assert.ok(frag, report.rootCauses.map((c) => `${c.failureMode} ${c.subject.name}`).join(', '));
    assert.deepEqual({ ...frag.evidence[0], excerpt: undefined }, { source: 'talosctl', query: 'talosctl etcd status, line 2', excerpt: undefined });
    assert.match(frag.evidence[1].query ?? '', /^talosctl support: 10\.20\.0\.14\/service-logs\/etcd\.log:\d+$/);
    assert.ok(report.rootCauses.some((c) => c.failureMode === 'etcd-disk-contention' && c.subject.name === 'talos02'));
    assert.deepEqual(report.etcdMembers.map((m) => [m.name, m.isLeader, m.dbSize]), [['talos01', true, 467_000_000], ['talos02', false, 87_000_000], ['talos03', false, 467_000_000]]);
    for (const r of [...report.rootCauses.flatMap((c) => c.evidence), ...report.findings.flatMap((f) => f.evidence)]) {
      assert.equal(r.source, 'talosctl', JSON.stringify(r));
    }
  });

  it('collect, then diagnose the bundle: the same conclusions as the live run', async () => {
    useStub(installTalosctlStub(talosState()));
    const file = out();
    const c = await cli(['collect', ...talosFlags(), '--out', file]);
    assert.equal(c.code, 0, c.stderr);
    const live = await cliJson(['diagnose', ...talosFlags()]);
    const offline = await cliJson(['diagnose', file]);
    assert.deepEqual(conclusions(offline.report), conclusions(live.report));
  });

  it('a node that does not answer is a warning; the others are collected and diagnosed', async () => {
    useStub(installTalosctlStub(talosState({ down: ['10.20.0.16'] })));
    const { run, report } = await cliJson(['diagnose', ...talosFlags()]);
    assert.equal(run.code, 1);
    assert.deepEqual(report.sources[0].nodes, ['talos01', 'talos02']);
    const w = report.sources[0].warnings.filter((x) => x.startsWith('talosctl'));
    assert.deepEqual(w, [
      'talosctl: node 10.20.0.16 did not answer (rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.20.0.16:50000: connect: connection refused"); the other nodes were collected',
    ]);
    assert.ok(report.rootCauses.some((c) => c.failureMode === 'etcd-db-fragmentation' && c.subject.name === 'talos01'));
    const file = out();
    const c = await cli(['collect', ...talosFlags(), '--out', file]);
    assert.equal(c.code, 0);
    const manifest = JSON.parse((await readBundle(file)).get('kubesleuth-manifest.json')!) as BundleManifest;
    assert.deepEqual(manifest.failed.map((f) => [f.what, f.node]), [['etcd status', '10.20.0.16'], ['processes', '10.20.0.16']]);
    assert.deepEqual(stub.calls().filter((x) => x.command === 'support').map((x) => x.nodes), [['10.20.0.14', '10.20.0.15'], ['10.20.0.14', '10.20.0.15']], 'the support bundle (minutes) only from nodes that answered');
    const bundled = await cliJson(['diagnose', file]);
    assert.ok(bundled.report.sources[0].warnings.includes(w[0]), 'the bundle says what its collection missed');
  });

  it('no node answers: exit 2 and one line', async () => {
    useStub(installTalosctlStub(talosState({ down: NODES })));
    const d = await cli(['diagnose', ...talosFlags()]);
    assert.ok(isOneLineFailure(d), d.stderr);
    assert.match(d.stderr, /^kubesleuth: no Talos node answered: 10\.20\.0\.14 \(rpc error: code = Unavailable .*connection refused"\), 10\.20\.0\.15 \(.*\), 10\.20\.0\.16 \(.*\)\n$/);
    const c = await cli(['collect', ...talosFlags(), '--out', out()]);
    assert.ok(isOneLineFailure(c), c.stderr);
  });

  it('talosctl missing: exit 2 and one line, nothing collected', async () => {
    useStub(installTalosctlStub(talosState()));
    process.env.PATH = '/nonexistent';
    for (const args of [['diagnose', ...talosFlags()], ['collect', ...talosFlags(), '--out', out()]]) {
      const r = await cli(args);
      assert.ok(isOneLineFailure(r), r.stderr);
      assert.equal(r.stderr, 'kubesleuth: talosctl not found on PATH (needed for --talosconfig/--nodes; install it from https://github.com/siderolabs/talos/releases)\n');
    }
  });

  it('talosctl before --no-encryption existed: the support bundle is asked for without it', async () => {
    useStub(installTalosctlStub(talosState({ version: 'v1.13' })));
    const { report } = await cliJson(['diagnose', ...talosFlags()]);
    assert.deepEqual(stub.calls().filter((c) => c.command === 'support').map((c) => c.noEncryption), [true, false]);
    assert.ok(report.rootCauses.some((c) => c.failureMode === 'etcd-disk-contention'), 'the support bundle was read');
  });

  it('binary files of the support bundle are not copied (they cannot be redacted), and say so', async () => {
    useStub(installTalosctlStub({ ...talosState(), binaryEntry: 'core.dump' }));
    const bundle = await BundleWriter.create();
    try {
      await collectLive({ talosconfig: stub.talosconfig, nodes: NODES, talosctl: stub.bin }, bundle);
      assert.ok(!bundle.has('talos/support/10.20.0.14/core.dump'));
      assert.deepEqual(bundle.manifest.skipped, [{ source: 'talosctl', what: 'talosctl support: 10.20.0.14/core.dump', reason: 'binary content; not copied (it could not be redacted)' }]);
    } finally {
      await bundle.remove();
    }
  });

  it('a talosctl that hangs is killed after the timeout', async () => {
    useStub(installTalosctlStub({ ...talosState(), hangMs: 5000 }));
    const t0 = Date.now();
    const d = await cli(['diagnose', ...talosFlags(), '--timeout', '300ms']);
    assert.ok(isOneLineFailure(d), d.stderr);
    assert.match(d.stderr, /no Talos node answered: 10\.20\.0\.14 \(no answer within 300ms\)/);
    assert.ok(Date.now() - t0 < 4500, 'did not wait for talosctl');
  });

  it('with the Kubernetes API unreachable, collect still writes the Talos data and exits 2', async () => {
    useStub(installTalosctlStub(talosState()));
    const srv = await startKubeApiServer(plantedCluster().fixture);
    const kubeconfig = path.join(tmp, 'closed.kubeconfig');
    copyFileSync(srv.kubeconfig, kubeconfig);
    await srv.close();
    const file = out();
    const r = await cli(['collect', '--kubeconfig', kubeconfig, ...talosFlags(), '--out', file]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^wrote .*bundle\.zip: 135 files from talosctl --nodes 10\.20\.0\.14,10\.20\.0\.15,10\.20\.0\.16; 1 warning\(s\)/);
    assert.match(r.stderr, /^kubesleuth: Kubernetes API context other \(https:\/\/127\.0\.0\.1:\d+\) cannot be used: connect ECONNREFUSED .* \(.*bundle\.zip holds the other sources\)\n$/);
    const { report } = await cliJson(['diagnose', file]);
    assert.ok(report.sources[0].warnings.some((w) => /^Kubernetes API context other .* cannot be used: connect ECONNREFUSED/.test(w)));
    assert.ok(report.rootCauses.some((c) => c.failureMode === 'etcd-db-fragmentation'));
  });

  it('--talosconfig without --nodes is a usage error', async () => {
    const r = await cli(['diagnose', '--talosconfig', '/x']);
    assert.ok(isOneLineFailure(r));
    assert.equal(r.stderr, 'kubesleuth: --talosconfig needs --nodes A,B (the Talos nodes to collect from)\n');
  });
});

describe('talosctl output parsing', () => {
  it('reads `error from node` lines and the support bundle error table', async () => {
    const { nodeErrors, supportErrors } = await import('../../../src/collect/talos/run.js');
    const errs = nodeErrors(
      'error from node 10.20.0.16: rpc error: code = Unavailable desc = connection refused\nError: error from node fd00::3: rpc error: code = DeadlineExceeded desc = context deadline exceeded\n',
      ['10.20.0.16', 'fd00::3'],
    );
    assert.deepEqual([...errs], [['10.20.0.16', 'rpc error: code = Unavailable desc = connection refused'], ['fd00::3', 'rpc error: code = DeadlineExceeded desc = context deadline exceeded']]);
    const table = 'Processed with errors:\n   SOURCE       ERROR\n   10.20.0.16   \x1b[31mrpc error: code = Unavailable desc = connection refused\x1b[0m\n   cluster      \x1b[31mfailed to get kubernetes client\x1b[0m\nSupport bundle is written to support.zip\n';
    assert.deepEqual(supportErrors(table), [
      { source: '10.20.0.16', error: 'rpc error: code = Unavailable desc = connection refused' },
      { source: 'cluster', error: 'failed to get kubernetes client' },
    ]);
  });
});
