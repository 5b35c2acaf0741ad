import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/apiserver/cert-expired.js';
import { assertCites, intake, klog, lines, listYaml, nodeObject, run } from '../../helpers/evidence.js';

const nodes = listYaml([nodeObject({ name: 'cp1', ip: '10.0.0.10' }), nodeObject({ name: 'worker-1', ip: '10.0.0.21' })]);
const X509 = 'x509: certificate has expired or is not yet valid: current time 2026-02-22T01:05:00Z is after 2026-02-21T09:12:00Z';

/** `kubeadm certs check-expiration` as printed (tabwriter, padding 3). */
const checkExpiration = (residual: (cert: string) => string): string =>
  [
    '$ sudo kubeadm certs check-expiration',
    "[check-expiration] Reading configuration from the cluster...",
    "[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'",
    '',
    'CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED',
    ...['admin.conf', 'apiserver', 'apiserver-etcd-client', 'apiserver-kubelet-client', 'controller-manager.conf', 'scheduler.conf'].map(
      (c) => `${c.padEnd(27)}${residual(c) === '<invalid>' ? 'Feb 21, 2026 09:12 UTC' : 'Feb 21, 2027 09:12 UTC'}   ${residual(c).padEnd(16)}ca                      no`,
    ),
    '',
    'CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED',
    'ca                      Feb 19, 2035 09:12 UTC   8y              no',
  ].join('\n');

describe('apiserver/cert-expired', () => {
  it('finds x509 expiry in the apiserver log and an expired kubelet client certificate, per component and node', async () => {
    const ev = await intake({
      'nodes.yaml': nodes,
      'cp1/kubernetes-logs/kube-system/kube-apiserver.log': lines(
        `2026-02-22T01:05:00.100000000Z stderr F ${klog('E', '2026-02-22T01:05:00.100Z', 'authentication.go:73', 'Unable to authenticate the request', { err: `[${X509}, verifying certificate SN=41235, SKID=, AKID= failed: ${X509}]` })}`,
        `2026-02-22T01:05:02.100000000Z stderr F ${klog('E', '2026-02-22T01:05:02.100Z', 'authentication.go:73', 'Unable to authenticate the request', { err: `[${X509}]` })}`,
      ),
      'worker-1/kubelet.log': lines(
        'Feb 22 01:06:11 worker-1 kubelet[11127]: E0222 01:06:11.970450   11127 bootstrap.go:265] part of the existing bootstrap client certificate in /etc/kubernetes/kubelet.conf is expired: 2026-02-21 09:12:00 +0000 UTC',
        'Feb 22 01:06:11 worker-1 kubelet[11127]: E0222 01:06:11.970471   11127 run.go:74] "command failed" err="failed to run Kubelet: unable to load bootstrap kubeconfig: stat /etc/kubernetes/bootstrap-kubelet.conf: no such file or directory"',
      ),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations, []);
    assert.deepEqual(findings.map((f) => f.subject.name).sort(), ['cp1', 'worker-1']);
    const api = findings.find((f) => f.node === 'cp1')!;
    assert.equal(api.failureMode, 'apiserver-cert-expired');
    assert.equal(api.severity, 'critical');
    assert.equal(api.count, 2);
    assert.match(api.message, /^kube-apiserver on cp1: a certificate expired — valid until 2026-02-21T09:12:00Z, checked at 2026-02-22T01:05:00Z; 2 TLS failure/);
    assertCites(api.evidence, /certificate has expired/);
    const kubelet = findings.find((f) => f.node === 'worker-1')!;
    assert.match(kubelet.message, /^kubelet on worker-1: certificate\(s\) \/etc\/kubernetes\/kubelet\.conf expired — valid until 2026-02-21 09:12:00 \+0000 UTC/);
  });

  it('reads <invalid> rows of kubeadm certs check-expiration, and says a clock behind when not yet valid', async () => {
    const ev = await intake({ 'check.txt': checkExpiration((c) => (c === 'apiserver' || c === 'admin.conf' ? '<invalid>' : '364d')) });
    const [f] = run(rule, ev).findings;
    assert.deepEqual(f.data?.certs, ['admin.conf', 'apiserver']);
    assert.equal(f.count, 2);
    const early = await intake({ 'etcd.log': lines(JSON.stringify({ level: 'warn', ts: '2026-02-22T01:05:00.000Z', caller: 'embed/config_logging.go:169', msg: 'rejected connection', 'remote-addr': '10.0.0.12:41234', 'server-name': '', error: 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-02-22T01:05:00Z is before 2026-02-22T03:00:00Z' })) });
    assert.match(run(rule, early).findings[0].message, /not yet valid \(is a clock behind\?\)/);
  });

  it('is refuted by a check-expiration table whose certificates are all valid', async () => {
    const ev = await intake({ 'check.txt': checkExpiration(() => '364d') });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.equal(refutations.length, 1);
    assert.match(refutations[0].reason, /lists 7 certificates, all valid; the first to expire is admin\.conf in 364d/);
  });
});
