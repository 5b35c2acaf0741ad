// Canary secrets planted in the Kubernetes API server's objects and logs, in the kubeconfig's
// token, and in the Talos support bundle must appear nowhere: not in any file of a collected
// bundle (manifest included), not in any report of that bundle or of the live run, in any format.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BundleManifest } from '../../../src/collect/bundle/manifest.js';
import { startKubeApiServer, type KubeApiServer } from '../../harness/kube-api-server.js';
import { installTalosctlStub, type InstalledStub } from '../../harness/talosctl-stub/install.js';
import { CANARY, canaryNeedles, plantedCluster } from '../kube/fixtures.js';
import { cli, readBundle } from '../kube/helpers.js';
import { NODES, talosState } from '../talos/fixtures.js';

const FORMATS = ['text', 'json', 'markdown', 'html'];

function assertClean(where: string, text: string): void {
  for (const needle of canaryNeedles()) {
    const i = text.toLowerCase().indexOf(needle.toLowerCase());
    assert.equal(i, -1, `${where} leaks ${needle}: …${text.slice(Math.max(0, i - 80), i + 80)}…`);
  }
}

describe('canary secrets', () => {
  let srv: KubeApiServer;
  let stub: InstalledStub;
  let oldPath: string | undefined;
  const tmp = mkdtempSync(path.join(tmpdir(), 'kubesleuth-canaries-'));
  const bundle = path.join(tmp, 'bundle.zip');
  let flags: string[];
  before(async () => {
    srv = await startKubeApiServer(plantedCluster().fixture, { auth: 'token', token: `${CANARY}-kubeconfig-token` });
    stub = installTalosctlStub(talosState());
    oldPath = process.env.PATH;
    process.env.PATH = stub.env.PATH;
    flags = ['--kubeconfig', srv.kubeconfig, '--context', srv.context, '--talosconfig', stub.talosconfig, '--nodes', NODES.join(',')];
    // The canaries are really there to be found.
    assert.match(readFileSync(srv.kubeconfig, 'utf8'), new RegExp(CANARY));
    assert.match(JSON.stringify(srv.fixture), new RegExp(CANARY));
  });
  after(async () => {
    process.env.PATH = oldPath;
    stub?.remove();
    await srv?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('never reach a collected bundle', async () => {
    const r = await cli(['collect', ...flags, '--out', bundle]);
    assert.equal(r.code, 0, r.stderr);
    assertClean('collect output', r.stdout + r.stderr);
    const entries = await readBundle(bundle);
    assert.ok(entries.size > 100);
    for (const [name, text] of entries) assertClean(name, text);
    assertClean('the zip bytes', readFileSync(bundle).toString('latin1'));
    const manifest = JSON.parse(entries.get('kubesleuth-manifest.json')!) as BundleManifest;
    assert.deepEqual(manifest.sources.map((s) => s.kind), ['kubernetes-api', 'talosctl']);
    for (const kind of ['private-key', 'jwt', 'bearer', 'credential-value', 'secret-data', 'url-password'] as const) {
      assert.ok((manifest.redactions[kind] ?? 0) > 0, `${kind} redacted: ${JSON.stringify(manifest.redactions)}`);
    }
    // Redacted, not dropped: the objects and lines are still there.
    assert.match(entries.get('kubernetes/pods.json')!, /"name":"POSTGRES_PASSWORD","value":"\[REDACTED\]"/);
    assert.match(entries.get('talos/support/10.20.0.14/resources/leaked-secret.yaml')!, /ca\.crt: "?\[REDACTED\]"?/);
    assert.ok(!srv.requests.some((q) => /secrets|configmaps/.test(q.path)), 'Secrets are never asked for');
  });

  it('never reach a report of the bundle, in any format', async () => {
    for (const format of FORMATS) {
      const r = await cli(['diagnose', bundle, '-o', format]);
      assert.equal(r.code, 1, r.stderr);
      assertClean(`diagnose bundle -o ${format}`, r.stdout + r.stderr);
    }
  });

  it('never reach a report of the live run, in any format', async () => {
    for (const format of FORMATS) {
      const r = await cli(['diagnose', ...flags, '-o', format]);
      assert.equal(r.code, 1, r.stderr);
      assertClean(`diagnose live -o ${format}`, r.stdout + r.stderr);
      if (format === 'json') {
        const report = JSON.parse(r.stdout) as { sources: Array<{ kind: string }> };
        assert.deepEqual(report.sources.map((s) => s.kind), ['kubernetes-api', 'talosctl']);
      }
    }
  });
});
