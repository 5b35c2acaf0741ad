// The reference incident varied: the rules must follow the evidence, not the example.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { chainsOf, copyExample, is, run } from './example.js';

const STATUS = 'talosctl-etcd-status.txt';
const ID01 = '25e10c575a763da7';
const ID03 = '6f4c2a8e1d9b3570';

describe('varied reference incident', () => {
  it('moves the primary root cause to talos03 when talos03 leads', async () => {
    const c = copyExample();
    try {
      c.edit(STATUS, (t) => t.split('\n').map((l, i) => (i === 0 || !l.trim() ? l : l.replace(new RegExp(`(MB \\([\\d.]+%\\)\\s+)${ID01}`), `$1${ID03}`))).join('\n'));
      const r = await run(c.dir);
      assert.equal(r.rootCauses[0].failureMode, 'etcd-db-fragmentation');
      assert.ok(is(r.rootCauses[0].subject, 'EtcdMember', 'talos03'));
      assert.ok(r.rootCauses[0].chain.some((l) => l.failureMode === 'etcd-slow-leader' && l.subject.name === 'talos03'));
      assert.ok(!chainsOf(r).some((ch) => ch.includes('etcd-slow-leader@talos01')));
    } finally {
      c.cleanup();
    }
  });

  it('does not blame the leader for talos02 timeouts without follower-side linearized-read waits', async () => {
    const c = copyExample();
    try {
      c.editAll(/service-logs\/etcd\.log$/, (t) => t.split('\n').filter((l) => !/ReadIndex|read index|linearized reading/.test(l)).join('\n'));
      const r = await run(c.dir);
      assert.ok(!r.findings.some((f) => f.failureMode === 'etcd-slow-leader'));
      assert.ok(!chainsOf(r).some((ch) => ch.includes('etcd-slow-leader@talos01')));
      const frag01 = r.rootCauses.find((x) => x.failureMode === 'etcd-db-fragmentation' && x.subject.name === 'talos01');
      assert.ok(frag01, 'the fragmentation itself is still reported');
      assert.ok(!(frag01.explains ?? []).some((s) => s.failureMode === 'pod-stuck-containercreating'), 'but not as the cause of the stuck pods');
      assert.notEqual(`${r.rootCauses[0].failureMode}@${r.rootCauses[0].subject.name}`, 'etcd-db-fragmentation@talos01');
    } finally {
      c.cleanup();
    }
  });

  it('eliminates containerd on a clean log and keeps it a candidate when it errors', async () => {
    const clean = await run(copyExampleDir());
    assert.ok(clean.eliminated.some((e) => e.failureMode === 'containerd-failure' && is(e.subject, 'Node', 'talos02')));
    const c = copyExample();
    try {
      c.edit('10.20.0.15/service-logs/containerd.log', (t) =>
        t + Array.from({ length: 5 }, (_, i) => `time="2026-02-22T10:3${i}:00.000000000Z" level=error msg="failed to create shim task" error="OCI runtime create failed: runc create failed: unable to start container process: error during container init"\n`).join(''),
      );
      const r = await run(c.dir);
      assert.ok(!r.eliminated.some((e) => e.failureMode === 'containerd-failure' && is(e.subject, 'Node', 'talos02')));
      assert.ok(r.findings.some((f) => f.failureMode === 'containerd-failure' && is(f.subject, 'Node', 'talos02')));
    } finally {
      c.cleanup();
    }
  });

  it('gives no defrag advice when nothing is fragmented', async () => {
    const c = copyExample();
    try {
      c.edit(STATUS, (t) => t.replace(/467 MB/g, '58 MB'));
      const r = await run(c.dir);
      assert.ok(!r.findings.some((f) => f.failureMode === 'etcd-db-fragmentation'));
      assert.ok(!r.remediation.some((x) => x.id === 'etcd-defrag'));
      assert.ok(r.eliminated.some((e) => e.failureMode === 'etcd-db-fragmentation') || r.rootCauses.every((x) => x.failureMode !== 'etcd-db-fragmentation'));
    } finally {
      c.cleanup();
    }
  });

  it('finds nothing wrong in a healthy bundle: exit 0 and no root cause', () => {
    const c = copyExample();
    try {
      // A healthy cluster: only ordinary log lines, unfragmented members, every pod running.
      c.editAll(/\.log$/, (t) => t.split('\n').filter((l) => !/"level":"(warn|error)"|level=(warn|warning|error)|"err":|\] "?(E|W)\d{4}|^.{0,40}[EW]\d{4} |slow|took too long|ReadIndex|timeout|Timeout|deadline|trace\[|Setting volume ownership|Health check failed|handlers are not fully/.test(l)).join('\n'));
      c.edit(STATUS, (t) => t.replace(/467 MB/g, '58 MB'));
      c.edit('kubectl-top-nodes.txt', (t) => t.replace('talos02   <unknown>    <unknown>   <unknown>       <unknown>', 'talos02   1502m        9%          24410Mi         38%'));
      c.remove('kubectl-get-pods.yaml');
      c.remove('kubectl-get-events.txt');
      c.remove('kubernetesResources/systemPods.yaml');
      const out = execFileSync(process.execPath, ['bin/kubesleuth.js', 'diagnose', c.dir, '-o', 'json'], { encoding: 'utf8' });
      const r = JSON.parse(out);
      assert.deepEqual(r.rootCauses, []);
      assert.ok(!r.findings.some((f: { severity: string }) => f.severity === 'critical'));
    } finally {
      c.cleanup();
    }
  });
});

function copyExampleDir(): string {
  return copyExample().dir;
}
