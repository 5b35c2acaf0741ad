// The live Kubernetes source against a local HTTPS API server reached through a generated
// kubeconfig: what is collected (paginated), how a live diagnosis cites it, that `collect` +
// `diagnose BUNDLE` concludes the same, and how partial and total failures are reported.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BundleWriter } from '../../../src/collect/bundle/writer.js';
import { collectLive } from '../../../src/collect/kube/index.js';
import type { BundleManifest } from '../../../src/collect/bundle/manifest.js';
import { startKubeApiServer, type KubeApiServer } from '../../harness/kube-api-server.js';
import { makeOtherCa } from '../../harness/tls.js';
import { plantedCluster } from './fixtures.js';
import { bin, cli, cliJson, conclusions, isOneLineFailure, readBundle, zipOrder } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubesleuth-kube-live-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const out = (name = 'bundle.zip'): string => path.join(tmp, String(n++), name);

describe('live Kubernetes source', () => {
  let srv: KubeApiServer;
  before(async () => {
    srv = await startKubeApiServer(plantedCluster().fixture);
  });
  after(async () => {
    await srv?.close();
  });

  it('lists every resource page by page and fetches the control-plane logs', async () => {
    const start = srv.requests.length;
    const bundle = await BundleWriter.create();
    try {
      const { source } = await collectLive({ kubeconfig: srv.kubeconfig, context: srv.context, pageSize: 2 }, bundle);
      assert.equal(source.kind, 'kubernetes-api');
      assert.equal(source.context, 'kubesleuth-test');
      assert.equal(source.server, srv.url);
      assert.deepEqual(source.nodes, ['cp1', 'w1', 'w2']);
      assert.deepEqual(source.warnings, []);
      const f = srv.fixture;
      const files = new Map(bundle.manifest.files.map((x) => [x.path, x]));
      assert.equal(files.get('kubernetes/nodes.json')?.items, f.nodes.length);
      assert.equal(files.get('kubernetes/pods.json')?.items, f.pods.length);
      assert.equal(files.get('kubernetes/events.json')?.items, f.events.length);
      assert.equal(files.get('kubernetes/endpointslices-kubernetes.json')?.items, 1, 'only the kubernetes service slices');
      assert.equal(files.get('kubernetes/ciliumnodes.json')?.items, 3);
      assert.match(files.get('kubernetes/pods.json')!.request, /^GET \/api\/v1\/pods\?limit=2 \(5 pages\)$/);
      // Every page after the first carried the continue token of the page before.
      const podPages = srv.requests.slice(start).filter((r) => r.path === '/api/v1/pods');
      assert.equal(podPages.length, 5);
      assert.equal(podPages[0].query.continue, undefined);
      assert.ok(podPages.slice(1).every((r) => r.query.continue && r.query.limit === '2'));
      const pods = JSON.parse(readFileSync(path.join(bundle.dir, 'kubernetes/pods.json'), 'utf8')) as { kind: string; items: Array<{ metadata: { name: string } }> };
      assert.equal(pods.kind, 'PodList');
      assert.deepEqual(pods.items.map((p) => p.metadata.name), f.pods.map((p) => p.metadata.name));
      // Logs: the four static pods, kube-scheduler also its previous instance; no workload logs.
      const logs = bundle.manifest.files.filter((x) => x.path.endsWith('.log')).map((x) => x.path).sort();
      assert.deepEqual(logs, [
        'nodes/cp1/kubernetes-logs/kube-system/etcd-cp1/etcd.log',
        'nodes/cp1/kubernetes-logs/kube-system/kube-apiserver-cp1/kube-apiserver.log',
        'nodes/cp1/kubernetes-logs/kube-system/kube-controller-manager-cp1/kube-controller-manager.log',
        'nodes/cp1/kubernetes-logs/kube-system/kube-scheduler-cp1/kube-scheduler-exited.log',
        'nodes/cp1/kubernetes-logs/kube-system/kube-scheduler-cp1/kube-scheduler.log',
      ]);
      const logRequests = srv.requests.slice(start).filter((r) => r.resource === 'pods/log');
      assert.ok(logRequests.every((r) => r.query.tailLines === '10000' && r.query.limitBytes === String(16 * 1024 * 1024)));
      assert.equal(logRequests.filter((r) => r.query.previous === 'true').length, 1);
      assert.match(readFileSync(path.join(bundle.dir, 'kubernetes/top-nodes.txt'), 'utf8'), /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\ncp1\s+812m\s+20%\s+5012Mi\s+31%\nw1\s+1543m\s+38%\s+7168Mi\s+45%\nw2\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>\n$/);
      assert.ok(srv.requests.slice(start).every((r) => r.authenticated), 'TLS client certificate from the kubeconfig');
    } finally {
      await bundle.remove();
    }
  });

  it('diagnose --kubeconfig --context finds the planted incident and cites live objects', async () => {
    const { run, report } = await cliJson(['diagnose', '--kubeconfig', srv.kubeconfig, '--context', srv.context]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    assert.deepEqual(report.sources, [{ kind: 'kubernetes-api', location: `context kubesleuth-test (${srv.url})`, nodes: ['cp1', 'w1', 'w2'], warnings: [] }]);
    const top = report.rootCauses[0];
    assert.equal(top.failureMode, 'sa-token-fetch-timeout');
    assert.deepEqual(top.subject, { kind: 'Node', name: 'w2' });
    assert.deepEqual(top.chain.map((l) => l.failureMode), ['pod-stuck-containercreating', 'sa-token-fetch-timeout']);
    for (const e of top.evidence) {
      assert.equal(e.source, 'kubernetes-api');
      assert.match(e.object ?? '', /^Event\/(shop|media)\/[\w.-]+$/);
      assert.match(e.excerpt, /^Warning FailedMount: MountVolume\.SetUp failed for volume "kube-api-access-[\w-]+" : failed to fetch token: Timeout/);
    }
    const stuck = report.symptoms.find((s) => s.failureMode === 'pod-stuck-containercreating');
    assert.deepEqual(stuck?.subject, { kind: 'Node', name: 'w2' });
    assert.deepEqual(stuck?.evidence[0], {
      source: 'kubernetes-api', object: 'Pod/shop/web-7d4b9c8f6-k2x7q', excerpt: 'shop/web-7d4b9c8f6-k2x7q on w2: Pending; app waiting (ContainerCreating)',
    });
    assert.ok(report.symptoms.some((s) => s.failureMode === 'metrics-unavailable' && s.subject.name === 'w2'), 'w2 has no node metrics');
    const apiserver = report.findings.find((f) => f.rule === 'apiserver/etcd-timeouts');
    assert.deepEqual(apiserver?.evidence[0] && { ...apiserver.evidence[0], excerpt: undefined }, {
      source: 'kubernetes-api', object: 'Pod/kube-system/kube-apiserver-cp1', query: 'logs -c kube-apiserver, line 3', time: '2026-02-22T10:09:00.000Z', excerpt: undefined,
    });
    // Nothing anywhere cites the staging folder.
    assert.doesNotMatch(run.stdout, /kubesleuth-bundle-|\/tmp\//);
  });

  it('collect writes a bundle that diagnose reads offline to the same conclusions', async () => {
    const file = out();
    const c = await cli(['collect', '--kubeconfig', srv.kubeconfig, '--context', srv.context, '--out', file]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stderr, '', 'no progress when stderr is not a terminal');
    assert.match(c.stdout, new RegExp(`^wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 16 files from context kubesleuth-test \\(https://127\\.0\\.0\\.1:\\d+\\); \\d+ value\\(s\\) redacted\\n$`));
    assert.deepEqual(readdirSync(path.dirname(file)), ['bundle.zip'], 'no temp file left beside it');
    const entries = await readBundle(file);
    assert.equal((await zipOrder(file))[0], 'kubesleuth-manifest.json', 'the manifest comes first in the zip');
    const manifest = JSON.parse(entries.get('kubesleuth-manifest.json')!) as BundleManifest;
    assert.equal(manifest.kind, 'BundleManifest');
    assert.equal(manifest.sources[0].kind, 'kubernetes-api');
    assert.deepEqual(manifest.failed, []);
    assert.deepEqual(manifest.files.map((f) => f.path).sort(), [...entries.keys()].filter((k) => k !== 'kubesleuth-manifest.json').sort());
    const live = await cliJson(['diagnose', '--kubeconfig', srv.kubeconfig, '--context', srv.context]);
    const offline = await cliJson(['diagnose', file]);
    assert.equal(offline.run.code, live.run.code);
    assert.deepEqual(conclusions(offline.report), conclusions(live.report));
    assert.equal(offline.report.sources[0].kind, 'kubesleuth-bundle');
    assert.equal(offline.report.rootCauses[0].evidence[0].source, `${file}:kubernetes/events.json`);
  });

  it('reads the current context when --context is not given, and a bearer token from the kubeconfig', async () => {
    const tokenSrv = await startKubeApiServer(plantedCluster().fixture, { auth: 'token', token: 'kubesleuth-test-token' });
    try {
      const { report } = await cliJson(['diagnose', '--kubeconfig', tokenSrv.kubeconfig]);
      assert.equal(report.sources[0].location, `context other (${tokenSrv.url})`);
      assert.equal(report.rootCauses[0].failureMode, 'sa-token-fetch-timeout');
      assert.ok(tokenSrv.requests.length > 10 && tokenSrv.requests.every((r) => r.authenticated));
    } finally {
      await tokenSrv.close();
    }
  });

  it('the usual KUBECONFIG resolution applies when only --context is given', async () => {
    const old = process.env.KUBECONFIG;
    process.env.KUBECONFIG = srv.kubeconfig;
    try {
      const { report } = await cliJson(['diagnose', '--context', srv.context]);
      assert.equal(report.sources[0].location, `context kubesleuth-test (${srv.url})`);
    } finally {
      if (old === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = old;
    }
  });
});

describe('partial failures of the Kubernetes source', () => {
  it('403s and timeouts become warnings of the source; the rest is diagnosed', async () => {
    const srv = await startKubeApiServer(plantedCluster().fixture, { forbidden: ['leases', 'pods/log'], delayMs: { volumeattachments: 3000 } });
    try {
      const { run, report } = await cliJson(['diagnose', '--kubeconfig', srv.kubeconfig, '--context', srv.context, '--timeout', '1s']);
      assert.equal(run.code, 1);
      const w = report.sources[0].warnings;
      assert.ok(w.includes('kubernetes-api leases (all namespaces): 403 Forbidden: leases is forbidden: User "kubesleuth-test-client" cannot list resource "leases" in API group "coordination.k8s.io" at the cluster scope'), w.join('\n'));
      assert.ok(w.includes('kubernetes-api VolumeAttachments: no answer within 1000ms'), w.join('\n'));
      assert.equal(w.filter((x) => /^kubernetes-api log of kube-[\w-]+-cp1\/[\w-]+( \(previous instance\))?: 403 Forbidden: pods "?\/?log"? is forbidden|^kubernetes-api log of .*: 403 Forbidden/.test(x)).length, 5, w.join('\n'));
      assert.equal(w.length, 7, w.join('\n'));
      assert.equal(report.rootCauses[0].failureMode, 'sa-token-fetch-timeout', 'nodes, pods and events were still read');
    } finally {
      await srv.close();
    }
  });

  it('an expired continue token keeps the pages already read and says the list is incomplete', async () => {
    const srv = await startKubeApiServer(plantedCluster().fixture, { expireContinueAfterPages: 2 });
    const bundle = await BundleWriter.create();
    try {
      const { source } = await collectLive({ kubeconfig: srv.kubeconfig, context: srv.context, pageSize: 2 }, bundle);
      assert.ok(source.warnings.some((w) => /^kubernetes-api pods \(all namespaces\) \(incomplete after 4\): 410 Gone: The provided continue parameter is too old/.test(w)), source.warnings.join('\n'));
      const pods = JSON.parse(readFileSync(path.join(bundle.dir, 'kubernetes/pods.json'), 'utf8')) as { items: unknown[] };
      assert.equal(pods.items.length, 4, 'the file is still a whole, readable list');
      assert.equal(bundle.manifest.failed.find((f) => f.what.startsWith('pods'))?.request, 'GET /api/v1/pods');
    } finally {
      await bundle.remove();
      await srv.close();
    }
  });

  it('CRDs that are not installed and a missing metrics-server are skipped, not failures', async () => {
    const fixture = plantedCluster().fixture;
    delete fixture.ciliumNodes;
    delete fixture.nodeMetrics;
    const srv = await startKubeApiServer(fixture);
    const bundle = await BundleWriter.create();
    try {
      const { source } = await collectLive({ kubeconfig: srv.kubeconfig, context: srv.context }, bundle);
      assert.deepEqual(source.warnings, []);
      assert.deepEqual(bundle.manifest.skipped, [
        { source: 'kubernetes-api', what: 'CiliumNodes', reason: 'not installed (no ciliumnodes.cilium.io CRD)' },
        { source: 'kubernetes-api', what: 'node metrics (metrics.k8s.io)', reason: 'metrics.k8s.io is not served (no metrics-server)' },
      ]);
      assert.ok(!bundle.has('kubernetes/top-nodes.txt') && !bundle.has('kubernetes/ciliumnodes.json'));
    } finally {
      await bundle.remove();
      await srv.close();
    }
  });
});

describe('a Kubernetes API that cannot be used', () => {
  it('not listening: exit 2, one line, for diagnose and collect', async () => {
    const srv = await startKubeApiServer(plantedCluster().fixture);
    const kubeconfig = path.join(tmp, 'closed.kubeconfig');
    writeFileSync(kubeconfig, readFileSync(srv.kubeconfig));
    await srv.close();
    const d = await cli(['diagnose', '--kubeconfig', kubeconfig, '--context', 'kubesleuth-test']);
    assert.ok(isOneLineFailure(d), d.stderr);
    assert.match(d.stderr, /^kubesleuth: Kubernetes API context kubesleuth-test \(https:\/\/127\.0\.0\.1:\d+\) cannot be used: connect ECONNREFUSED 127\.0\.0\.1:\d+\n$/);
    const file = out();
    const c = await cli(['collect', '--kubeconfig', kubeconfig, '--context', 'kubesleuth-test', '--out', file]);
    assert.ok(isOneLineFailure(c), c.stderr);
    assert.ok(!existsSync(path.dirname(file)) || readdirSync(path.dirname(file)).length === 0, 'no bundle, no temp file');
  });

  it('a certificate the kubeconfig CA does not sign: one line about TLS', async () => {
    const srv = await startKubeApiServer(plantedCluster().fixture);
    try {
      const other = await makeOtherCa(path.join(tmp, 'other-ca'));
      const kubeconfig = path.join(tmp, 'wrong-ca.kubeconfig');
      writeFileSync(kubeconfig, readFileSync(srv.kubeconfig, 'utf8').replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${readFileSync(other).toString('base64')}`));
      const d = await cli(['diagnose', '--kubeconfig', kubeconfig]);
      assert.ok(isOneLineFailure(d), d.stderr);
      assert.match(d.stderr, /cannot be used: TLS: .*(certificate|self.signed)/i);
    } finally {
      await srv.close();
    }
  });

  it('a wrong token: one line saying 401 Unauthorized', async () => {
    const srv = await startKubeApiServer(plantedCluster().fixture, { auth: 'token' });
    try {
      const kubeconfig = path.join(tmp, 'bad-token.kubeconfig');
      writeFileSync(kubeconfig, readFileSync(srv.kubeconfig, 'utf8').replace(/token: .*/, 'token: "wrong"'));
      const d = await cli(['diagnose', '--kubeconfig', kubeconfig]);
      assert.ok(isOneLineFailure(d), d.stderr);
      assert.match(d.stderr, /cannot be used: 401 Unauthorized: Unauthorized\n$/);
      assert.equal(srv.requests.length, 1, 'stops at the first refusal');
    } finally {
      await srv.close();
    }
  });

  it('a missing kubeconfig or context: exit 2, one line', async () => {
    const a = await cli(['diagnose', '--kubeconfig', path.join(tmp, 'nope')]);
    assert.ok(isOneLineFailure(a));
    assert.match(a.stderr, /^kubesleuth: cannot read --kubeconfig .*nope: no such file\n$/);
    const srv = await startKubeApiServer(plantedCluster().fixture);
    try {
      const b = await cli(['collect', '--kubeconfig', srv.kubeconfig, '--context', 'prod', '--out', out()]);
      assert.ok(isOneLineFailure(b));
      assert.equal(b.stderr, 'kubesleuth: kubeconfig has no context "prod" (it has: kubesleuth-test, other)\n');
      assert.equal(srv.requests.length, 0);
    } finally {
      await srv.close();
    }
    const c = await cli(['collect', '--context', 'x']);
    assert.equal(c.stderr, 'kubesleuth: collect needs --out BUNDLE.zip\n');
  });
});

describe('progress', () => {
  let srv: KubeApiServer;
  before(async () => {
    srv = await startKubeApiServer(plantedCluster().fixture);
  });
  after(async () => {
    await srv?.close();
  });

  it('is shown on a terminal, one line per finished step', async () => {
    const r = await cli(['collect', '--kubeconfig', srv.kubeconfig, '--out', out()], { tty: true });
    assert.equal(r.code, 0);
    const finished = r.stderr.split('\n').map((l) => l.replace(/^[^]*\r\x1b\[2K/, '')).filter(Boolean); // eslint-disable-line no-control-regex
    assert.deepEqual(finished, [
      '  nodes: 3', '  pods (all namespaces): 10', '  events (all namespaces): 7', '  Endpoints default/kubernetes', '  EndpointSlices of default/kubernetes: 1',
      '  leases (all namespaces): 4', '  VolumeAttachments: 1', '  CSINodes: 3', '  CiliumNodes: 3', '  node metrics (metrics.k8s.io): 2', '  control-plane logs: 5',
    ]);
  });

  it('is silent with --quiet, and when stderr is not a terminal (the real executable)', async () => {
    const q = await cli(['collect', '--kubeconfig', srv.kubeconfig, '--quiet', '--out', out()], { tty: true });
    assert.deepEqual([q.code, q.stdout, q.stderr], [0, '', '']);
    const file = out();
    const b = await bin(['collect', '--kubeconfig', srv.kubeconfig, '--out', file]);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stderr, '');
    assert.match(b.stdout, /^wrote .*bundle\.zip: 16 files/);
    assert.ok(existsSync(file));
  });
});
