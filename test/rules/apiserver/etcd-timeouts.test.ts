import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/apiserver/etcd-timeouts.js';
import { assertCites, evidence, intake, klog, lines, listYaml, logStat, node, nodeObject, run, signal, zap } from '../../helpers/evidence.js';

/** kube-apiserver's container log as the support bundle stores it: CRI framing around klog. */
const cri = (ts: string, line: string): string => `${ts.replace('Z', '123Z')} stderr F ${line}`;
const handlerTimeout = (ts: string, uri: string): string =>
  cri(ts, klog('E', ts, 'wrap.go:53', 'Timeout or abort while handling', { method: 'GET', URI: uri, auditID: '3c2f9a71-5b1e-4c7a-9d0e-2f6b8a4c1d09' }));
const jsonWriteTimeout = (ts: string): string =>
  cri(ts, `${klog('E', ts, 'writers.go:122', 'x').split('] ')[0]}] apiserver was unable to write a JSON response: http: Handler timeout`);
const etcdDeadline = (ts: string): string =>
  zap(ts, 'warn', 'v3@v3.5.16/retry_interceptor.go:62', 'retrying of unary invoker failed', {
    logger: 'etcd-client',
    target: 'etcd-endpoints://0xc00265e000/localhost:2379',
    attempt: 0,
    error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
  });
const reset = (ts: string, ips: string[]): string => cri(ts, `${klog('I', ts, 'lease.go:265', 'x').split('] ')[0]}] Resetting endpoints for master service "kubernetes" to [${ips.join(' ')}]`);
const quiet = (i: number): string => cri(`2026-02-22T01:00:${String(i).padStart(2, '0')}.000Z`, klog('I', `2026-02-22T01:00:${String(i).padStart(2, '0')}.000Z`, 'controller.go:615', 'quota admission added evaluator for', { resource: 'leases.coordination.k8s.io' }));

const nodesYaml = listYaml([nodeObject({ name: 'talos01', ip: '10.20.0.14' }), nodeObject({ name: 'talos02', ip: '10.20.0.15' }), nodeObject({ name: 'talos03', ip: '10.20.0.16' })]);

describe('apiserver/etcd-timeouts', () => {
  it('counts the timeouts of each apiserver and the times it fell out of the kubernetes endpoints', async () => {
    const ev = await intake({
      'kubernetesResources/nodes.yaml': nodesYaml,
      'talos02/kubernetes-logs/kube-system/kube-apiserver.log': lines(
        handlerTimeout('2026-02-22T01:00:05.000Z', '/api/v1/namespaces/kube-system/pods?limit=500'),
        jsonWriteTimeout('2026-02-22T01:00:05.500Z'),
        cri('2026-02-22T01:00:06.000Z', etcdDeadline('2026-02-22T01:00:06.000Z')),
        handlerTimeout('2026-02-22T01:00:07.000Z', '/api/v1/nodes/talos02?timeout=10s'),
        cri('2026-02-22T01:00:08.000Z', etcdDeadline('2026-02-22T01:00:08.000Z')),
        handlerTimeout('2026-02-22T01:00:09.000Z', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/talos02'),
      ),
      'talos01/kubernetes-logs/kube-system/kube-apiserver.log': lines(
        reset('2026-02-22T00:50:00.000Z', ['10.20.0.14', '10.20.0.15', '10.20.0.16']),
        ...Array.from({ length: 20 }, (_, i) => quiet(i)),
        reset('2026-02-22T01:00:30.000Z', ['10.20.0.14', '10.20.0.16']),
      ),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'apiserver-etcd-timeouts');
    assert.deepEqual(f.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(f.node, 'talos02');
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 7, '6 timeouts and 1 drop from the endpoints');
    assert.equal(f.firstSeen, '2026-02-22T01:00:05.000Z');
    assert.equal(f.lastSeen, '2026-02-22T01:00:09.000Z');
    assert.match(f.message, /3 handler timeouts/);
    assert.match(f.message, /1 responses cut by the handler timeout/);
    assert.match(f.message, /2 etcd requests failing with DeadlineExceeded/);
    assert.match(f.message, /dropped from the kubernetes service endpoints 1 time/);
    assertCites(f.evidence, /Timeout or abort while handling/);
    assert.ok(f.evidence.some((r) => r.source.endsWith('talos01/kubernetes-logs/kube-system/kube-apiserver.log') && /to \[10\.20\.0\.14 10\.20\.0\.16\]/.test(r.excerpt)), 'cites the reset that dropped it');

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'Node', name: 'talos01' });
    assert.match(refutations[0].reason, /in 22 lines of kube-apiserver log/);
  });

  it('is a warning for a few timeouts without a drop from the endpoints', () => {
    const ev = evidence({ signals: [signal(handlerTimeout('2026-02-22T01:00:05.000Z', '/api/v1/pods'), { node: 'talos03', component: 'kube-apiserver' })] });
    const { findings } = run(rule, ev);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].count, 1);
    assert.equal(findings[0].subject.name, 'talos03');
  });

  it('names a dropped apiserver by its IP when no node has that address', () => {
    const ev = evidence({
      nodes: [node('talos01', { addresses: ['10.20.0.14'] })],
      signals: [
        signal(reset('2026-02-22T00:50:00.000Z', ['10.20.0.14', '10.20.0.99']), { node: 'talos01', component: 'kube-apiserver', line: 1 }),
        signal(reset('2026-02-22T00:51:00.000Z', ['10.20.0.14']), { node: 'talos01', component: 'kube-apiserver', line: 2 }),
      ],
    });
    const { findings } = run(rule, ev);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity, f.count]), [['10.20.0.99', 'critical', 1]]);
    assert.deepEqual(findings[0].evidence.map((r) => r.line), [2]);
  });

  it('does not call an empty endpoint list a dropped apiserver without a name', () => {
    const ev = evidence({
      signals: [
        signal(reset('2026-02-22T00:50:00.000Z', ['10.20.0.14']), { node: 'talos01', component: 'kube-apiserver', line: 1 }),
        signal(reset('2026-02-22T00:51:00.000Z', []), { node: 'talos01', component: 'kube-apiserver', line: 2 }),
      ],
    });
    const { findings } = run(rule, ev);
    assert.deepEqual(findings.map((f) => f.subject.name), ['10.20.0.14']);
  });

  it("does not blame the apiserver for another etcd client's DeadlineExceeded (etcd's own log, cilium)", async () => {
    const ev = await intake({
      'talos02/service-logs/etcd.log': lines(etcdDeadline('2026-02-22T01:00:06.000Z')),
      'talos02/kubernetes-logs/kube-system/cilium-agent.log': lines(cri('2026-02-22T01:00:07.000Z', etcdDeadline('2026-02-22T01:00:07.000Z'))),
    });
    assert.equal(ev.signals.filter((s) => s.signal === 'apiserver.etcd-deadline').length, 2);
    assert.deepEqual(run(rule, ev).findings, []);
  });

  it('refutes only from an apiserver log long enough to judge (20 lines)', () => {
    assert.deepEqual(run(rule, evidence({ logStats: [logStat('talos01', 'kube-apiserver', 19)] })).refutations, []);
    const { refutations } = run(rule, evidence({ logStats: [logStat('talos01', 'kube-apiserver', 20), logStat('talos01', 'etcd', 500)] }));
    assert.equal(refutations.length, 1);
    assert.equal(refutations[0].failureMode, 'apiserver-etcd-timeouts');
    assert.ok(refutations[0].evidence[0].source.includes('kube-apiserver'));
  });

  it('says nothing without apiserver evidence', () => {
    assert.deepEqual(run(rule, evidence()), { findings: [], refutations: [] });
  });
});
