// The stub talosctl's cluster, built from the reference example (examples/talos02-containercreating):
// its per-node support files and kubernetesResources become what `talosctl support` zips, its
// `talosctl etcd status` and `talosctl processes` outputs what those commands print. Canary secrets
// are planted in the support files (a machine-config-like resource, a Secret, a kubelet log line,
// dmesg, the process list); none may reach a bundle or a report.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseHumanBytes } from '../../../src/fix/backend/talos-parse.js';
import type { StubProcess, TalosStubState } from '../../harness/talosctl-stub/state.js';
import { CANARY, CANARY_JWT, CANARY_PEM } from '../kube/fixtures.js';

export const EXAMPLE = path.resolve('examples/talos02-containercreating');
export const NODES = ['10.20.0.14', '10.20.0.15', '10.20.0.16'];

function readTree(root: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(root, r)).isDirectory()) Object.assign(out, readTree(root, r));
    else out[r] = readFileSync(path.join(root, r), 'utf8');
  }
  return out;
}

/** talos02's from the example's `talosctl processes`; the others' from their support bundle `processes` file. */
function processesOf(node: string): StubProcess[] {
  const text = readFileSync(path.join(EXAMPLE, 'talosctl-processes-talos02.txt'), 'utf8');
  const rows = text.split('\n').slice(1).filter((l) => l.startsWith(`${node} `));
  if (!rows.length) {
    return readFileSync(path.join(EXAMPLE, node, 'processes'), 'utf8').split('\n').slice(1).filter((l) => l.trim()).map((l) => {
      const m = /^\s*(\d+)\s+(\S)\s+(\d+)\s+([\d.]+)\s+(\S+ \S+)\s+(\S+ \S+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`${node}/processes: unexpected row ${l}`);
      return { pid: Number(m[1]), state: m[2], threads: Number(m[3]), cpuSeconds: Number(m[4]), virtBytes: parseHumanBytes(m[5]) ?? 0, resBytes: parseHumanBytes(m[6]) ?? 0, label: '', command: m[7] };
    });
  }
  return rows.map((l) => {
    const c = l.split(/\s{2,}/);
    return {
      pid: Number(c[1]), state: c[2], threads: Number(c[3]), cpuSeconds: Number(c[4]),
      virtBytes: parseHumanBytes(c[5]) ?? 0, resBytes: parseHumanBytes(c[6]) ?? 0, label: c[7], command: c.slice(8).join('  '),
    };
  });
}

/** Canary-bearing files added to a node's support files. */
export function canaryFiles(): Record<string, string> {
  return {
    'resources/machineconfig.yaml': [
      'node: 10.20.0.14',
      'metadata:',
      '    namespace: config',
      '    type: MachineConfigs.config.talos.dev',
      '    id: v1alpha1',
      'spec:',
      '    machine:',
      '        type: controlplane',
      `        token: ${CANARY}.machine`,
      '        ca:',
      '            crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJQakNCOGFBREFnRUNBaEF4',
      `            key: ${Buffer.from(CANARY_PEM).toString('base64')}`,
      '        env:',
      '            - name: REGISTRY_PASSWORD',
      `              value: ${CANARY}-talos-env`,
      '    cluster:',
      `        secret: ${CANARY}-cluster-secret`,
      '        serviceAccount:',
      '            key: |',
      ...CANARY_PEM.split('\n').map((l) => `                ${l}`),
      '',
    ].join('\n'),
    'resources/leaked-secret.yaml': [
      'apiVersion: v1',
      'data:',
      `  ca.crt: ${Buffer.from(`${CANARY}-secret-data`).toString('base64')}`,
      `  namespace: ${Buffer.from('kube-system').toString('base64')}`,
      'kind: Secret',
      'metadata:',
      '  name: leaked',
      '  namespace: kube-system',
      'type: Opaque',
      '',
    ].join('\n'),
  };
}

export function talosState(opts: { down?: string[]; version?: 'v1.13' | 'v1.14'; canaries?: boolean } = {}): TalosStubState {
  const sizes: Record<string, [string, number, number]> = {
    '10.20.0.14': ['25e10c575a763da7', 467_000_000, 55_012_600],
    '10.20.0.15': ['9b3d7e1f4a6c8052', 87_000_000, 56_000_000],
    '10.20.0.16': ['6f4c2a8e1d9b3570', 467_000_000, 55_106_000],
  };
  const nodes: TalosStubState['nodes'] = {};
  for (const n of NODES) {
    const support = readTree(path.join(EXAMPLE, n));
    if (opts.canaries !== false && n === '10.20.0.14') {
      Object.assign(support, canaryFiles());
      support['service-logs/kubelet.log'] += `{"ts":1771750000000.1,"caller":"transport/round_trippers.go:553","msg":"Request Headers","Authorization":"Bearer ${CANARY}bearer-kubelet","token":"${CANARY_JWT}"}\n`;
      support['dmesg.log'] += `kern: info: [2026-02-22T10:40:00.000000000Z]: init: setting env PASSWORD=${CANARY}-dmesg for process\n`;
    }
    const [id, dbSize, dbSizeInUse] = sizes[n];
    const processes = processesOf(n);
    if (opts.canaries !== false && n === '10.20.0.15') {
      processes.push({ pid: 40001, state: 'S', threads: 4, cpuSeconds: 1.5, virtBytes: 1_200_000_000, resBytes: 40_000_000, label: 'system_u:system_r:unconfined_container_t:s0', command: `/usr/bin/backup-agent --token=${CANARY}-proc --bucket=s3://backups` });
    }
    nodes[n] = { down: opts.down?.includes(n), etcd: { id, dbSize, dbSizeInUse }, processes, support };
  }
  return {
    version: opts.version,
    nodes,
    leader: '25e10c575a763da7',
    term: 195,
    raftIndex: 187625771,
    cluster: Object.fromEntries(Object.entries(readTree(path.join(EXAMPLE, 'kubernetesResources'))).map(([k, v]) => [`kubernetesResources/${k}`, v])),
  };
}

/** kubernetesResources paths as the support bundle names them. */
export function clusterFiles(state: TalosStubState): string[] {
  return Object.keys(state.cluster ?? {});
}
