// deploy/rbac.yaml holds exactly the permissions the live collector uses: every request the test
// API server sees during a full collection must be allowed by the ClusterRole, and every
// permission of the ClusterRole must have been used. Only get and list; never Secrets or ConfigMaps.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { BundleWriter } from '../../../src/collect/bundle/writer.js';
import { collectLive } from '../../../src/collect/kube/index.js';
import { startKubeApiServer, type KubeApiServer, type RecordedRequest } from '../../harness/kube-api-server.js';
import { plantedCluster } from './fixtures.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function clusterRole(): Set<string> {
  const docs = parseAllDocuments(readFileSync('deploy/rbac.yaml', 'utf8')).map((d) => d.toJS() as { kind?: string; rules?: Rule[] });
  const roles = docs.filter((d) => d.kind === 'ClusterRole');
  assert.equal(roles.length, 1, 'one ClusterRole');
  const allowed = new Set<string>();
  for (const r of roles[0].rules ?? []) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) allowed.add(`${g}|${res}|${v}`);
  return allowed;
}

const key = (r: RecordedRequest): string => `${r.group}|${r.resource}|${r.verb}`;

describe('deploy/rbac.yaml', () => {
  let srv: KubeApiServer;
  before(async () => {
    srv = await startKubeApiServer(plantedCluster().fixture);
    const bundle = await BundleWriter.create();
    try {
      await collectLive({ kubeconfig: srv.kubeconfig, context: srv.context, pageSize: 3 }, bundle);
    } finally {
      await bundle.remove();
    }
  });
  after(async () => {
    await srv?.close();
  });

  it('allows every request the collector sends', () => {
    const allowed = clusterRole();
    const denied = [...new Set(srv.requests.map(key))].filter((k) => !allowed.has(k) && !allowed.has(k.replace(/\|[^|]+$/, '|*')));
    assert.deepEqual(denied, [], 'requests the ClusterRole would refuse');
  });

  it('allows nothing the collector does not use', () => {
    const used = new Set(srv.requests.map(key));
    assert.deepEqual([...clusterRole()].filter((k) => !used.has(k)), []);
  });

  it('is get and list only, and never touches Secrets or ConfigMaps', () => {
    assert.deepEqual([...new Set([...clusterRole()].map((k) => k.split('|')[2]))].sort(), ['get', 'list']);
    assert.deepEqual([...new Set(srv.requests.map((r) => r.method))], ['GET']);
    assert.ok(!srv.requests.some((r) => /secrets|configmaps/.test(r.path)));
    assert.ok(![...clusterRole()].some((k) => /secrets|configmaps|\*/.test(k)));
  });
});
