import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/kubelet/image-pull-failure.js';
import { assertCites, eventObject, intake, lines, listYaml, podObject, run, table } from '../../helpers/evidence.js';

const NOT_FOUND = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27-typo": failed to resolve reference "docker.io/library/nginx:1.27-typo": docker.io/library/nginx:1.27-typo: not found';

/** The Events table of `kubectl describe pod` as pasted (no pod name on the rows themselves). */
const describeEvents = [
  'Events:',
  '  Type     Reason     Age                From               Message',
  '  ----     ------     ----               ----               -------',
  '  Normal   Scheduled  2m                 default-scheduler  Successfully assigned shop/web-7d9f8c6b5-x2x9z to worker-1',
  '  Normal   Pulling    60s (x4 over 2m)   kubelet            Pulling image "nginx:1.27-typo"',
  `  Warning  Failed     59s (x4 over 2m)   kubelet            Failed to pull image "nginx:1.27-typo": ${NOT_FOUND}`,
  '  Warning  Failed     59s (x4 over 2m)   kubelet            Error: ErrImagePull',
  '  Normal   BackOff    34s (x6 over 2m)   kubelet            Back-off pulling image "nginx:1.27-typo"',
  '  Warning  Failed     34s (x6 over 2m)   kubelet            Error: ImagePullBackOff',
].join('\n');

describe('kubelet/image-pull-failure', () => {
  it('finds pods waiting on their image, with the cause from the Failed event', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([
        podObject({ namespace: 'shop', name: 'web-7d9f8c6b5-x2x9z', node: 'worker-1', containers: [{ name: 'web', waiting: 'ImagePullBackOff' }] }),
        podObject({ namespace: 'shop', name: 'cart-5c4b3a2d1-qwert', node: 'worker-1' }),
      ]),
      'events.yaml': listYaml([
        eventObject('shop/web-7d9f8c6b5-x2x9z', 'Failed', `Failed to pull image "nginx:1.27-typo": ${NOT_FOUND}`, { host: 'worker-1', count: 4 }),
        eventObject('shop/web-7d9f8c6b5-x2x9z', 'Failed', 'Error: ImagePullBackOff', { host: 'worker-1', count: 6, name: 'web-7d9f8c6b5-x2x9z.backoff' }),
        eventObject('shop/cart-5c4b3a2d1-qwert', 'Pulled', 'Container image "registry.example/cart:1" already present on machine', { type: 'Normal', host: 'worker-1' }),
      ]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'image-pull-failure');
    assert.deepEqual(f.subject, { kind: 'Pod', name: 'web-7d9f8c6b5-x2x9z', namespace: 'shop' });
    assert.equal(f.node, 'worker-1');
    assert.deepEqual(f.pods, ['shop/web-7d9f8c6b5-x2x9z']);
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 10);
    assert.match(f.message, /^shop\/web-7d9f8c6b5-x2x9z cannot pull image nginx:1\.27-typo \(ImagePullBackOff\): the image or tag does not exist/);
    assertCites(f.evidence);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['cart-5c4b3a2d1-qwert']);
    assert.match(refutations[0].reason, /image pulled \(Container image "registry\.example\/cart:1" already present/);
  });

  it('reads a pasted `kubectl describe pod` Events table and a `kubectl get pods` table', async () => {
    const ev = await intake({
      'describe.txt': `$ kubectl -n shop describe pod web-7d9f8c6b5-x2x9z\n${describeEvents}\n`,
      'pods.txt': table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], [['web-7d9f8c6b5-x2x9z', '0/1', 'ImagePullBackOff', '0', '2m']]),
    });
    const findings = run(rule, ev).findings;
    // The describe rows name no pod: their image joins the pod the table shows waiting on a pull, if one does.
    assert.ok(findings.length >= 1);
    const f = findings.find((x) => x.subject.kind === 'Pod')!;
    assert.equal(f.subject.name, 'web-7d9f8c6b5-x2x9z');
    assert.match(f.message, /ImagePullBackOff/);
    assert.ok(findings.some((x) => /nginx:1\.27-typo/.test(x.message) && /does not exist/.test(x.message)));
  });

  it('reads kubelet and containerd log lines', async () => {
    const ev = await intake({
      'worker-1/service-logs/kubelet.log': lines(
        'E0222 01:05:00.123456    1234 log.go:32] "PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \\"registry.example.com/shop/web:2.4\\": failed to resolve reference \\"registry.example.com/shop/web:2.4\\": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials" image="registry.example.com/shop/web:2.4"',
        'E0222 01:05:00.223456    1234 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"web\\" with ErrImagePull: \\"failed to pull image\\"" pod="shop/web-7d9f8c6b5-x2x9z" podUID="3f0c2d1e-aaaa-4bbb-8ccc-123456789abc"',
      ),
      'worker-1/service-logs/containerd.log': lines('time="2026-02-22T01:05:00.100000000Z" level=error msg="PullImage \\"registry.example.com/shop/web:2.4\\" failed" error="failed to pull and unpack image \\"registry.example.com/shop/web:2.4\\": 401 Unauthorized"'),
    });
    const findings = run(rule, ev).findings;
    assert.deepEqual(findings.map((f) => f.subject.name), ['web-7d9f8c6b5-x2x9z']);
    assert.equal(findings[0].count, 3);
    assert.match(findings[0].message, /cannot pull image registry\.example\.com\/shop\/web:2\.4.*the registry refuses the credentials/);
  });

  it('is refuted for a pod whose only event is Scheduled, and silent for running pods without events', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([
        podObject({ namespace: 'shop', name: 'web-1', node: 'worker-1', containers: [{ name: 'web', waiting: 'ContainerCreating' }] }),
        podObject({ namespace: 'shop', name: 'web-2', node: 'worker-1' }),
      ]),
      'events.yaml': listYaml([eventObject('shop/web-1', 'Scheduled', 'Successfully assigned shop/web-1 to worker-1', { type: 'Normal' })]),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => [r.subject.name, r.reason]), [['web-1', 'shop/web-1: no event beyond Scheduled, so kubelet has not started pulling its image']]);
  });
});
