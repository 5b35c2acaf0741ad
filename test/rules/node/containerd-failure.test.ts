import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/node/containerd-failure.js';
import { assertCites, cbJson, evidence, intake, lines, logStat, ref, run, signal } from '../../helpers/evidence.js';

/** containerd (Talos service `cri`) logs logfmt. */
const cri = (ts: string, level: 'info' | 'warning' | 'error', msg: string, extra = ''): string => `time="${ts}" level=${level} msg=${JSON.stringify(msg)}${extra ? ` ${extra}` : ''}`;
const cleanCri = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => cri(`2026-02-22T01:${String(i % 60).padStart(2, '0')}:00.000000000Z`, 'info', 'ImageCreate event name:"registry.k8s.io/pause:3.10" labels:{key:"io.cri-containerd.image" value:"managed"}'));
const runtimeDown = (ts: string): string =>
  cbJson(ts, 'kubelet/kubelet_node_status.go:702', 'Node became not ready', {
    node: { name: 'talos03' },
    condition: { type: 'Ready', status: 'False', lastHeartbeatTime: ts, lastTransitionTime: ts, reason: 'KubeletNotReady', message: 'container runtime is down' },
  });

describe('node/containerd-failure', () => {
  it('finds a runtime reported down, error lines in containerd’s log, and refutes it on a clean log (Talos bundle)', async () => {
    const ev = await intake({
      'talos01/service-logs/cri.log': lines(...cleanCri(30)),
      'talos02/service-logs/cri.log': lines(
        ...cleanCri(5),
        cri('2026-02-22T01:06:00.000000000Z', 'error', 'RunPodSandbox for &PodSandboxMetadata{Name:web-5d8f7c9b4-abcde,Uid:5d2c,Namespace:default,Attempt:0,} failed, error', 'error="failed to create containerd task: failed to create shim task: context deadline exceeded"'),
        cri('2026-02-22T01:07:00.000000000Z', 'error', 'StopPodSandbox for \\"0a1b\\" failed', 'error="failed to destroy network for sandbox: context deadline exceeded"'),
      ),
      'talos03/service-logs/kubelet.log': lines(runtimeDown('2026-02-22T01:05:00.000Z')),
    });
    const { findings, refutations } = run(rule, ev);
    const byName = [...findings].sort((a, b) => a.subject.name.localeCompare(b.subject.name));
    assert.deepEqual(byName.map((f) => [f.subject.name, f.severity, f.count]), [['talos02', 'warning', 2], ['talos03', 'critical', 1]]);
    const [errors, down] = byName;
    assert.equal(errors.failureMode, 'containerd-failure');
    assert.deepEqual(errors.subject, { kind: 'Node', name: 'talos02' });
    assert.equal(errors.node, 'talos02');
    assert.equal(errors.message, "container runtime on talos02: 2 error lines in containerd's log");
    assertCites(errors.evidence, /RunPodSandbox .* failed/);
    assert.deepEqual(errors.evidence.map((r) => r.line), [6, 7]);
    assert.match(down.message, /kubelet reported the runtime down 1 time/);
    assert.equal(down.firstSeen, '2026-02-22T01:05:00.000Z');
    assertCites(down.evidence, /container runtime is down/);

    assert.equal(refutations.length, 1);
    assert.deepEqual(refutations[0].subject, { kind: 'Node', name: 'talos01' });
    assert.match(refutations[0].reason, /^containerd log is clean: 30 lines from 2026-02-22T01:00:00\.000Z to 2026-02-22T01:29:00\.000Z, no runtime errors, and kubelet never/);
    assert.ok(refutations[0].evidence[0].source.endsWith('talos01/service-logs/cri.log'));
  });

  it("does not count containerd's ExecSync deadlines against the runtime: they are the probed process's", async () => {
    const execTimeout = (ts: string): string =>
      cri(ts, 'error', 'ExecSync for \\"3f1c2a9b8e7d\\" failed', 'error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded"');
    const ev = await intake({
      'talos02/service-logs/cri.log': lines(...cleanCri(10), execTimeout('2026-02-22T01:10:00.000000000Z'), execTimeout('2026-02-22T01:10:05.000000000Z')),
      'talos03/service-logs/cri.log': lines(
        execTimeout('2026-02-22T01:10:00.000000000Z'),
        cri('2026-02-22T01:11:00.000000000Z', 'error', 'failed to create shim task', 'error="context deadline exceeded"'),
      ),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(refutations.map((r) => r.subject.name), ['talos02']);
    assert.match(refutations[0].reason, /no runtime errors \(only 2 exec calls timing out in the probed containers\)/);
    assert.deepEqual(findings.map((f) => [f.subject.name, f.severity, f.count]), [['talos03', 'warning', 1]]);
  });

  it('joins both kinds of trouble on one node, critical because kubelet saw the runtime down', () => {
    const down = signal(runtimeDown('2026-02-22T01:05:00.000Z'), { node: 'n1' });
    const sample = ref('n1/containerd.log', 9, 'time="…" level=error msg="failed to create shim task"');
    const { findings, refutations } = run(rule, evidence({ signals: [down], logStats: [logStat('n1', 'containerd', 100, { errorLines: 3, errorSamples: [sample] })] }));
    assert.deepEqual(refutations, []);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'critical');
    assert.equal(findings[0].count, 4);
    assert.match(findings[0].message, /1 time\(s\), 3 error lines/);
    assert.deepEqual(findings[0].evidence, [down.ref, sample]);
  });

  it('does not refute from a containerd log it never read a line of', () => {
    assert.deepEqual(run(rule, evidence({ logStats: [logStat('n1', 'containerd', 0), logStat('n2', 'kubelet', 500)] })), { findings: [], refutations: [] });
  });
});
