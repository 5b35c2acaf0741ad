// kubectl outputs through the intake: describe pod|node pasted with their prompts, the command
// line's namespace for tables without a NAMESPACE column, and what a prompt line says.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EvidenceBuilder } from '../../src/intake/builder.js';
import { collectOffline } from '../../src/intake/collect.js';
import { commandOf } from '../../src/intake/detect.js';
import { readStructured, type StructuredContext } from '../../src/intake/structured.js';
import { DEFAULT_THRESHOLDS } from '../../src/model/thresholds.js';
import nodePressure from '../../src/rules/node/node-pressure.js';
import oomKilled from '../../src/rules/node/oom-killed.js';
import podCrashloop from '../../src/rules/symptom/pod-crashloop.js';
import type { EvidenceSet, Rule } from '../../src/types.js';
import { fixtureLines } from './fixture.js';

const run = (rule: Rule, ev: EvidenceSet) => rule.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });
const ctx = (prompt?: string): StructuredContext => ({ display: 'session.txt', firstLine: 2, warn: () => {}, defer: () => {}, prompt });

/** Rows as kubectl's tabwriter prints them: columns padded to their widest cell plus three spaces. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] + 3))).join(''));
}

async function collect(files: Record<string, string>): Promise<EvidenceSet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ks-describe-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return await collectOffline([dir], { now: new Date('2026-02-22T12:00:00Z') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('kubectl describe through the intake', () => {
  it('pods pasted after a prompt: crash-looping and OOM-killed, the BackOff event joined to the pod and its node', async () => {
    const ev = await collect({ 'describe.txt': ['$ kubectl describe pods -A', ...fixtureLines('kubectl-describe-pods.txt'), ''].join('\n') });
    assert.deepEqual(ev.pods.map((p) => `${p.namespace}/${p.name}@${p.node}`), ['payments/ledger-7f9c6d5b8-hx2lp@talos02', 'shop/cart-6b8f9d7c5-2mxkq@worker-2']);
    const backoff = ev.signals.filter((s) => s.signal === 'kubelet.backoff-restart');
    assert.deepEqual(backoff.map((s) => [s.pod, s.node, s.fields.count]), [['payments/ledger-7f9c6d5b8-hx2lp', 'talos02', 231]]);
    const loop = run(podCrashloop, ev).findings;
    assert.deepEqual(loop.map((f) => f.subject.name), ['ledger-7f9c6d5b8-hx2lp']);
    assert.match(loop[0].message, /14 restarts, last exit OOMKilled/);
    assert.equal(loop[0].evidence[0].source.endsWith('describe.txt'), true);
    assert.equal(run(oomKilled, ev).findings.length, 1);
    // The sandbox failure of the other pod is a CNI signal on its node.
    assert.deepEqual(ev.signals.filter((s) => s.signal === 'kubelet.sandbox-network-failed').map((s) => [s.pod, s.node]), [['shop/cart-6b8f9d7c5-2mxkq', 'worker-2']]);
  });

  it('a node: its conditions for the node rules, its events on it', async () => {
    const ev = await collect({ 'node.txt': ['$ kubectl describe node talos02', ...fixtureLines('kubectl-describe-node.txt'), ''].join('\n') });
    assert.deepEqual(ev.nodes.map((n) => [n.name, n.conditions.find((c) => c.type === 'Ready')?.status]), [['talos02', 'Unknown']]);
    // Unknown pressure is no pressure and no proof of health either.
    const r = run(nodePressure, ev);
    assert.deepEqual([r.findings, r.refutations], [[], []]);
    assert.deepEqual(ev.events.map((e) => [e.reason, e.node]), [['NodeNotReady', 'talos02'], ['SystemOOM', 'talos02']]);
  });

  it('a healthy node refutes pressure', async () => {
    const healthy = fixtureLines('kubectl-describe-node.txt').map((l) => l.replace(/^(\s+(?:Memory|Disk|PID)Pressure\s+)Unknown(\s+.*)NodeStatusUnknown   Kubelet stopped posting node status\./, '$1False  $2KubeletHasNoPressure'));
    const ev = await collect({ 'node.txt': `${healthy.join('\n')}\n` });
    const r = run(nodePressure, ev);
    assert.deepEqual(r.findings, []);
    assert.equal(r.refutations.length, 1);
  });
});

describe('the command line of a section', () => {
  it('gives events and pods without a NAMESPACE column their namespace', () => {
    const b = new EvidenceBuilder();
    const events = [
      'LAST SEEN           TYPE      REASON                   OBJECT                     MESSAGE',
      '2m (x12 over 12m)   Warning   FailedCreatePodSandBox   pod/cart-6b8f9d7c5-2mxkq   Failed to create pod sandbox: rpc error',
    ];
    readStructured('events-table', events, ctx('$ kubectl get events -n shop'), b);
    readStructured('pods-table', ['NAME                   READY   STATUS    RESTARTS   AGE', 'cart-6b8f9d7c5-2mxkq   0/1     ContainerCreating   0   12m'], ctx('$ kubectl --namespace=shop get pods'), b);
    readStructured('events-table', events, ctx(), b);
    assert.deepEqual(b.evidence.events.map((e) => [e.namespace, e.objectKind, e.objectName, e.count]), [
      ['shop', 'Pod', 'cart-6b8f9d7c5-2mxkq', 12],
      [undefined, 'Pod', 'cart-6b8f9d7c5-2mxkq', 12],
    ]);
    assert.equal(b.evidence.pods[0].namespace, 'shop');
  });

  it('without a namespace column or prompt, the namespace a kubelet message names; SOURCE of -o wide gives the node', () => {
    const b = new EvidenceBuilder();
    const wide = aligned([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'],
      ['2m', 'Warning', 'BackOff', 'pod/ledger-7f9c6d5b8-hx2lp', 'spec.containers{ledger}', 'kubelet, worker-1',
        'Back-off restarting failed container ledger in pod ledger-7f9c6d5b8-hx2lp_payments(3f0c2d1e-aaaa-4bbb-8ccc-123456789abc)', '52m', '231', 'ledger-7f9c6d5b8-hx2lp.17f2a3b4c5d6e7f8'],
    ]);
    readStructured('events-table', wide, ctx(), b);
    assert.deepEqual(b.evidence.events.map((e) => [e.namespace, e.objectName, e.node, e.count]), [['payments', 'ledger-7f9c6d5b8-hx2lp', 'worker-1', 231]]);
  });

  it('commandOf reads kubectl, etcdctl and curl prompt lines', () => {
    assert.deepEqual(commandOf('$ kubectl get events -n shop'), { tool: 'kubectl', namespace: 'shop', verb: 'get' });
    assert.deepEqual(commandOf('$ kubectl -n kube-system logs etcd-cp2 --tail=6'), {
      tool: 'kubectl', namespace: 'kube-system', verb: 'logs', pod: 'kube-system/etcd-cp2', component: 'etcd', node: 'cp2',
    });
    assert.deepEqual(commandOf('user@bastion:~$ k logs pod/web-5d9c -c nginx --namespace=shop -f'), { tool: 'kubectl', container: 'nginx', namespace: 'shop', verb: 'logs', pod: 'shop/web-5d9c' });
    assert.deepEqual(commandOf('# kubectl get pods -A -o wide'), { tool: 'kubectl', allNamespaces: true, verb: 'get' });
    assert.equal(commandOf('$ kubectl logs deploy/web')?.pod, undefined);
    assert.equal(commandOf('$ kubectl -n shop logs etcd-backup-7d9')?.node, undefined);
    assert.deepEqual(commandOf('$ curl -sk https://10.0.0.11:2379/metrics | grep ^etcd_'), { tool: 'curl', url: 'https://10.0.0.11:2379/metrics', node: '10.0.0.11' });
    assert.equal(commandOf('$ curl -s http://127.0.0.1:2381/metrics')?.node, undefined);
    assert.equal(commandOf('$ etcdctl --endpoints=https://10.0.0.11:2379 endpoint health')?.verb, 'endpoint health');
    assert.equal(commandOf('$ ls -la'), undefined);
    assert.equal(commandOf(undefined), undefined);
  });
});
