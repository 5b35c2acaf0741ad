import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectContent, detectTableHeader } from '../../src/intake/detect.js';
import { sections } from '../../src/intake/ingest.js';
import { fixtureLines } from '../parse/fixture.js';

const ZAP = '{"level":"warn","ts":"2023-03-03T01:45:11.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.044022245s","expected-duration":"1s"}';

describe('detectContent: tables by their header', () => {
  const cases: Array<[string, string]> = [
    ['talosctl-etcd-status-v1.10.txt', 'talosctl-etcd-status'],
    ['talosctl-etcd-status-v1.11.txt', 'talosctl-etcd-status'],
    ['talosctl-etcd-status-single.txt', 'talosctl-etcd-status'],
    ['etcdctl-endpoint-status-3.4.txt', 'etcdctl-status-table'],
    ['etcdctl-endpoint-status-3.6.txt', 'etcdctl-status-table'],
    ['etcdctl-endpoint-status-3.5.json', 'etcdctl-status-json'],
    ['talosctl-processes.txt', 'processes'],
    ['support-processes.txt', 'processes'],
    ['support-io.txt', 'io'],
    ['kubectl-top-nodes.txt', 'top-nodes'],
    ['kubectl-top-nodes-1.31.txt', 'top-nodes'],
    ['kubectl-get-events.txt', 'events-table'],
    ['kubectl-get-pods-wide.txt', 'pods-table'],
    ['kubectl-get-nodes-wide.txt', 'nodes-table'],
  ];
  for (const [file, kind] of cases) {
    it(`${file} is ${kind}`, () => assert.equal(detectContent(fixtureLines(file)), kind));
  }

  it('skips leading blank lines and reads a header with CR endings', () => {
    assert.equal(detectContent(['', '   ', ...fixtureLines('kubectl-get-pods-wide.txt')]), 'pods-table');
    assert.equal(detectTableHeader('NAME      READY   STATUS    RESTARTS   AGE\r'), 'pods-table');
  });

  it('reads `kubectl get events` without -A and pods without a namespace column', () => {
    assert.equal(detectTableHeader('LAST SEEN   TYPE      REASON        OBJECT         MESSAGE'), 'events-table');
    assert.equal(detectTableHeader('NAME                    READY   STATUS    RESTARTS   AGE'), 'pods-table');
  });
});

describe('detectContent: Kubernetes objects', () => {
  it('finds YAML lists with and without kind (talosctl support kubernetesResources/)', () => {
    assert.equal(detectContent(['items:', '- metadata:', '    name: talos01']), 'kube-objects');
    assert.equal(detectContent(['apiVersion: v1', 'kind: Pod']), 'kube-objects');
    assert.equal(detectContent(['---', 'apiVersion: v1', 'kind: Node']), 'kube-objects');
    assert.equal(detectContent(['- metadata:', '    name: talos01']), 'kube-objects');
  });

  it('finds pretty-printed JSON (kubectl get -o json, cluster-info dump)', () => {
    assert.equal(detectContent(['{', '    "kind": "NodeList",', '    "apiVersion": "v1",']), 'kube-objects');
    assert.equal(detectContent(['[', '  {', '    "metadata": {']), 'kube-objects');
  });
});

describe('detectContent: logs and what is not a table', () => {
  it('calls a zap JSON line a log even when it has API-looking keys', () => {
    assert.equal(detectContent([ZAP, ZAP]), 'log');
    assert.equal(detectContent(['{"level":"info","ts":"2026-02-22T01:05:00Z","msg":"x","kind":"Pod"}']), 'log');
  });

  it('calls a log whose first line was cut a log', () => {
    assert.equal(detectContent([ZAP.slice(0, 50), ZAP]), 'log');
  });

  it('calls klog, CRI and plain text logs', () => {
    assert.equal(detectContent(['W0222 01:04:58.512345       1 lease.go:265] Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.16]']), 'log');
    assert.equal(detectContent(['2026-02-22T01:05:00.123456789Z stderr F I0222 01:05:00.123456       1 x.go:1] y']), 'log');
    assert.equal(detectContent(['the node is slow since yesterday']), 'log');
  });

  it('does not take prose that mentions column names for a table', () => {
    assert.equal(detectContent(['The NAME and STATUS columns show ROLES too']), 'log');
    assert.equal(detectContent(['PID 1 is in STATE D']), 'log');
  });

  it('calls an empty file empty', () => {
    assert.equal(detectContent([]), 'empty');
    assert.equal(detectContent(['', '  ']), 'empty');
  });
});

describe('sections of a pasted excerpt', () => {
  it('splits at fences and prompts and detects each part on its own', () => {
    const status = fixtureLines('talosctl-etcd-status-v1.10.txt');
    const pods = fixtureLines('kubectl-get-pods-wide.txt');
    const lines = [
      'Pods on talos02 hang in ContainerCreating. What I ran:',
      '```',
      '$ talosctl -n 10.20.0.14,10.20.0.15,10.20.0.16 etcd status',
      ...status,
      '```',
      '',
      '```console',
      '$ kubectl get pods -A -o wide',
      ...pods,
      '```',
      'and the etcd log:',
      `10.20.0.15: ${ZAP}`,
    ];
    const parts = sections(lines);
    const S = status.length;
    assert.deepEqual(parts.map((p) => [p.start, p.kind]), [
      [0, 'log'],
      [3, 'talosctl-etcd-status'],
      [7 + S, 'pods-table'],
      [8 + S + pods.length, 'log'],
    ]);
    assert.deepEqual(parts[1].lines, status);
  });

  it('splits at "# kubectl" and "❯ talosctl" prompts too', () => {
    const parts = sections(['# kubectl top nodes', ...fixtureLines('kubectl-top-nodes.txt'), '❯ talosctl -n 10.20.0.15 processes', ...fixtureLines('talosctl-processes.txt')]);
    assert.deepEqual(parts.map((p) => p.kind), ['top-nodes', 'processes']);
  });

  it('keeps a file without fences or prompts whole', () => {
    const lines = fixtureLines('kubectl-get-events.txt');
    assert.deepEqual(sections(lines).map((p) => [p.start, p.kind, p.lines.length]), [[0, 'events-table', lines.length]]);
  });
});
