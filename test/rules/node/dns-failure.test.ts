import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/node/dns-failure.js';
import { assertCites, intake, lines, listYaml, nodeObject, podObject, run, table } from '../../helpers/evidence.js';

const nodes = listYaml([nodeObject({ name: 'worker-1', ip: '10.0.0.21' }), nodeObject({ name: 'worker-2', ip: '10.0.0.22' })]);
const coredns = (name: string, node: string, extra: { ready?: boolean; waiting?: string; restarts?: number } = {}): object =>
  podObject({ namespace: 'kube-system', name, node, labels: { 'k8s-app': 'kube-dns' }, containers: [{ name: 'coredns', ...extra }] });
/** A cluster-info dump's pod log: `<ns>/<pod>/logs.txt` with its START/END markers. */
const dumpLog = (ns: string, podName: string, container: string, body: string[]): string =>
  lines(`==== START logs for container ${container} of pod ${ns}/${podName} ====`, ...body, `==== END logs for container ${container} of pod ${ns}/${podName} ====`);
const timeout = (ts: string): string =>
  `${ts} ERROR failed to connect to database: dial tcp: lookup postgres.db.svc.cluster.local on 10.96.0.10:53: read udp 10.244.1.5:39762->10.96.0.10:53: i/o timeout`;

describe('node/dns-failure', () => {
  it("finds lookups timing out in a pod's log on its node, and CoreDNS not ready cluster-wide", async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'pods.yaml': listYaml([
        podObject({ namespace: 'shop', name: 'api-6d5f7c8b9-k2x7q', node: 'worker-1', containers: [{ name: 'api', restarts: 7, waiting: 'CrashLoopBackOff' }] }),
        coredns('coredns-7db6d8ff4d-4ndbz', 'worker-2', { ready: false }),
        coredns('coredns-7db6d8ff4d-9xk2p', 'worker-2', { waiting: 'CrashLoopBackOff', restarts: 12 }),
      ]),
      'shop/api-6d5f7c8b9-k2x7q/logs.txt': dumpLog('shop', 'api-6d5f7c8b9-k2x7q', 'api', [timeout('2026-02-22T01:05:00Z'), timeout('2026-02-22T01:05:30Z')]),
      'kube-system/coredns-7db6d8ff4d-4ndbz/logs.txt': dumpLog('kube-system', 'coredns-7db6d8ff4d-4ndbz', 'coredns', [
        '[INFO] plugin/ready: Still waiting on: "kubernetes"',
        '[INFO] plugin/ready: Still waiting on: "kubernetes"',
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.deepEqual(findings.map((f) => f.subject.name), ['worker-1', 'cluster']);
    const [node, cluster] = findings;
    assert.equal(node.failureMode, 'dns-failure');
    assert.equal(node.node, 'worker-1');
    assert.deepEqual(node.pods, ['shop/api-6d5f7c8b9-k2x7q']);
    assert.match(node.message, /^DNS lookups fail on worker-1: 2 timeouts resolving postgres\.db\.svc\.cluster\.local via 10\.96\.0\.10:53 in shop\/api-6d5f7c8b9-k2x7q/);
    assertCites(node.evidence, /i\/o timeout/);
    assert.equal(cluster.severity, 'critical');
    assert.deepEqual(cluster.affects, ['worker-1', 'worker-2']);
    assert.match(cluster.message, /CoreDNS pod\(s\) not ready: coredns-7db6d8ff4d-4ndbz, coredns-7db6d8ff4d-9xk2p \(CrashLoopBackOff\); CoreDNS reports itself not ready or looping 2 time\(s\)/);
  });

  it('reads a pasted terminal session: nslookup timeouts, EAI_AGAIN', async () => {
    const ev = await intake({
      'paste.md': [
        '```console',
        '$ kubectl exec -it deploy/api -- nslookup kubernetes.default',
        ';; connection timed out; no servers could be reached',
        '',
        'command terminated with exit code 1',
        '$ kubectl logs deploy/web --tail=2',
        'Error: getaddrinfo EAI_AGAIN redis.shop.svc.cluster.local',
        '    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)',
        '```',
      ].join('\n'),
    });
    const [f] = run(rule, ev).findings;
    assert.deepEqual(f.subject, { kind: 'Cluster', name: 'cluster' });
    assert.match(f.message, /2 failed lookups: 2 timeouts\/temporary resolver failures resolving redis\.shop\.svc\.cluster\.local/);
  });

  it("ignores NXDOMAIN answers and the node resolver's failures in kubelet's image pulls", async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'shop/api-6d5f7c8b9-k2x7q/logs.txt': dumpLog('shop', 'api-6d5f7c8b9-k2x7q', 'api', ['2026-02-22T01:05:00Z ERROR dial tcp: lookup postgres.wrong-ns.svc.cluster.local on 10.96.0.10:53: no such host']),
      'worker-1/service-logs/kubelet.log': lines('E0222 01:05:00.123456    1234 log.go:32] "PullImage from image service failed" err="rpc error: code = Unknown desc = failed to resolve reference \\"ghcr.io/x/y:1\\": dial tcp: lookup ghcr.io on 10.0.0.2:53: read udp 10.0.0.21:41000->10.0.0.2:53: i/o timeout" image="ghcr.io/x/y:1"'),
    });
    assert.deepEqual(run(rule, ev).findings, []);
  });

  it('is refuted on every node when the CoreDNS pods are Ready', async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'pods.txt': table(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'], [
        ['kube-system', 'coredns-7db6d8ff4d-4ndbz', '1/1', 'Running', '0', '12d', '10.244.2.3', 'worker-2'],
        ['kube-system', 'coredns-7db6d8ff4d-9xk2p', '1/1', 'Running', '0', '12d', '10.244.1.4', 'worker-1'],
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['worker-1', 'worker-2']);
    assert.equal(refutations[0].reason, 'CoreDNS pods coredns-7db6d8ff4d-4ndbz, coredns-7db6d8ff4d-9xk2p are Ready and no lookup failed');
  });
});
