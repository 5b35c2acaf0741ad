import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/apiserver/webhook-timeout.js';
import { assertCites, intake, klog, lines, listYaml, nodeObject, run, table } from '../../helpers/evidence.js';

const HOOK = 'validate.kyverno.svc-fail';
const POST = 'Post "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s": context deadline exceeded';
const head = (level: 'W' | 'E', ts: string, caller: string): string => klog(level, ts, caller, 'x').split('] ')[0];
const failingClosed = (ts: string): string => `${head('W', ts, 'dispatcher.go:217')}] Failed calling webhook, failing closed ${HOOK}: failed calling webhook "${HOOK}": failed to call webhook: ${POST}`;
const failingOpen = (ts: string): string =>
  `${head('W', ts, 'dispatcher.go:202')}] Failed calling webhook, failing open mutate.example.io: failed calling webhook "mutate.example.io": failed to call webhook: Post "https://example-webhook.example.svc:443/mutate?timeout=5s": no endpoints available for service "example-webhook"`;
const quiet = (ts: string): string => klog('I', ts, 'controller.go:615', 'quota admission added evaluator for', { resource: 'leases.coordination.k8s.io' });

describe('apiserver/webhook-timeout', () => {
  it('finds failing webhook calls per webhook, from the apiserver log, a kubectl error and FailedCreate events', async () => {
    const ev = await intake({
      'nodes.yaml': listYaml([nodeObject({ name: 'cp1', ip: '10.0.0.10' })]),
      'cp1/service-logs/kube-apiserver.log': lines(failingClosed('2026-02-22T01:05:00.000Z'), failingClosed('2026-02-22T01:05:20.000Z'), failingOpen('2026-02-22T01:06:00.000Z')),
      'kubectl.txt': lines(
        '$ kubectl apply -f deploy.yaml',
        `Error from server (InternalError): error when creating "deploy.yaml": Internal error occurred: failed calling webhook "${HOOK}": failed to call webhook: ${POST}`,
      ),
      'events.txt': table(['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], [
        ['shop', '2m', 'Warning', 'FailedCreate', 'replicaset/web-5d8f7c9b4', `Error creating: Internal error occurred: failed calling webhook "${HOOK}": failed to call webhook: ${POST}`],
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.deepEqual(findings.map((f) => f.subject.name).sort(), ['mutate.example.io', HOOK]);
    const f = findings.find((x) => x.subject.name === HOOK)!;
    assert.equal(f.failureMode, 'webhook-timeout');
    assert.deepEqual(f.subject, { kind: 'Cluster', name: HOOK });
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 4);
    assert.match(f.message, /admission webhook validate\.kyverno\.svc-fail \(kyverno-svc\.kyverno\.svc\) fails: 4 failed call\(s\), 4 timed out \(timeout\); failing closed/);
    assertCites(f.evidence, /failed calling webhook/);
    const open = findings.find((x) => x.subject.name === 'mutate.example.io')!;
    assert.equal(open.severity, 'warning');
    assert.match(open.message, /no endpoints behind the service\); failing open/);
  });

  it('is refuted by a kube-apiserver log without failed webhook calls', async () => {
    const ev = await intake({ 'cp1/service-logs/kube-apiserver.log': lines(...Array.from({ length: 25 }, (_, i) => quiet(`2026-02-22T01:05:${String(i).padStart(2, '0')}.000Z`))) });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => r.reason), ['no failed webhook call in 25 lines of kube-apiserver log']);
  });
});
