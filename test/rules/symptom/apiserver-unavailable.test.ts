import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/symptom/apiserver-unavailable.js';
import { assertCites, intake, klog, lines, listYaml, nodeObject, run } from '../../helpers/evidence.js';

const nodes = listYaml([nodeObject({ name: 'cp1', ip: '10.0.0.10' }), nodeObject({ name: 'worker-1', ip: '10.0.0.21' })]);
/** `journalctl -u kubelet` on worker-1: syslog header, then klog. */
const kubeletJournal = (hms: string, msg: string, kv: Record<string, string> = {}): string =>
  `Feb 22 ${hms} worker-1 kubelet[1234]: ${klog('E', `2026-02-22T${hms}.000Z`, 'kubelet_node_status.go:549', msg, kv).replace(/^E\d{4} [\d:.]+\s+899/, (h) => h.replace('899', '1234'))}`;
const statusUpdate = (hms: string): string =>
  kubeletJournal(hms, 'Error updating node status, will retry', { err: 'error getting node "worker-1": Get "https://10.0.0.10:6443/api/v1/nodes/worker-1?resourceVersion=0&timeout=10s": context deadline exceeded' });

describe('symptom/apiserver-unavailable', () => {
  it("places kubelet's failed status updates on the apiserver they name", async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'kubelet-worker-1.txt': lines(statusUpdate('01:05:00'), statusUpdate('01:05:10'), statusUpdate('01:05:20')),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'apiserver-unavailable');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'cp1' });
    assert.equal(f.node, 'cp1');
    assert.equal(f.count, 3);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /kube-apiserver on cp1 is unavailable to its clients: 3 failed request\(s\) \(no answer\)/);
    assert.equal(f.firstSeen, '2026-02-22T01:05:00.000Z');
    assertCites(f.evidence, /Error updating node status/);
  });

  it('reads a pasted kubectl session, and places it on the only apiserver the evidence knows', async () => {
    const paste = [
      '```',
      '$ kubectl get pods -A',
      'Unable to connect to the server: net/http: TLS handshake timeout',
      '$ kubectl get nodes',
      'Error from server (Timeout): the server was unable to return a response in the time allotted, but may still be processing the request (get nodes)',
      '$ kubectl get ns',
      'Unable to connect to the server: net/http: TLS handshake timeout',
      '$ kubectl get pods -n kube-system',
      'Error from server (Timeout): the server was unable to return a response in the time allotted, but may still be processing the request (get pods)',
      '$ kubectl get nodes',
      'Unable to connect to the server: net/http: TLS handshake timeout',
      '```',
    ].join('\n');
    const alone = run(rule, await intake({ 'notes.md': paste }));
    assert.equal(alone.findings.length, 1);
    assert.deepEqual(alone.findings[0].subject, { kind: 'Cluster', name: 'cluster' });
    assert.equal(alone.findings[0].node, undefined);
    assert.equal(alone.findings[0].severity, 'critical');
    assert.match(alone.findings[0].message, /TLS handshake timeout/);
    assert.match(alone.findings[0].message, /requests time out in the server/);

    const withApiserverLog = run(rule, await intake({ 'notes.md': paste, 'cp1/service-logs/kube-apiserver.log': lines(klog('I', '2026-02-22T01:00:00.000Z', 'controller.go:615', 'quota admission added evaluator for', { resource: 'leases.coordination.k8s.io' })) }));
    assert.deepEqual(withApiserverLog.findings.map((f) => f.node), ['cp1']);
  });

  it("takes the apiserver's own readiness failing on etcd, and refused connections to :6443", async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'cp1/kubernetes-logs/kube-system/kube-apiserver.log': lines(
        `2026-02-22T01:05:00.100000000Z stderr F ${klog('I', '2026-02-22T01:05:00.100Z', 'healthz.go:280', 'x').split('] ')[0]}] etcd,etcd-readiness check failed: readyz`,
        '2026-02-22T01:05:00.100000000Z stderr F [-]etcd failed: error getting data from etcd: context deadline exceeded',
      ),
      'worker-1/kubelet.txt': lines(kubeletJournal('01:05:03', 'Failed to ensure lease exists, will retry', { err: 'Get "https://10.0.0.10:6443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-1?timeout=10s": dial tcp 10.0.0.10:6443: connect: connection refused', interval: '7s' })),
    });
    const [f] = run(rule, ev).findings;
    assert.equal(f.node, 'cp1');
    assert.equal(f.count, 3);
    assert.deepEqual([...(f.data?.kinds as string[])].sort(), ['readiness failing on etcd', 'refused']);
  });

  it('says nothing for lookalikes: no kubeconfig, the metrics API, registries, startup readiness', async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'session.txt': lines(
        '$ kubectl get pods',
        'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
        '$ kubectl top nodes',
        'Error from server (ServiceUnavailable): the server is currently unable to handle the request (get nodes.metrics.k8s.io)',
        'E0222 01:05:00.000000   1234 memcache.go:265] couldn\'t get current server API group list: the server is currently unable to handle the request (get pods.metrics.k8s.io)',
      ),
      'worker-1/kubelet.txt': lines(
        kubeletJournal('01:05:00', 'Failed to pull image', { err: 'Get "https://registry.example.com/v2/": net/http: TLS handshake timeout', image: 'registry.example.com/web:1' }),
        kubeletJournal('01:05:10', 'Error updating node status, will retry', { err: 'failed to patch status for node "worker-1": Operation cannot be fulfilled on nodes "worker-1": the object has been modified; please apply your changes to the latest version and try again' }),
      ),
      'cp1/service-logs/kube-apiserver.log': lines(
        `${klog('I', '2026-02-22T01:00:00.100Z', 'healthz.go:280', 'x').split('] ')[0]}] informer-sync,poststarthook/start-service-ip-repair-controllers check failed: readyz`,
      ),
    });
    assert.deepEqual(run(rule, ev), { findings: [], refutations: [] });
  });
});
