import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../src/rules/node/oom-killed.js';
import { assertCites, intake, lines, listYaml, podObject, run } from '../../helpers/evidence.js';

const UID = '1f2e3d4c-5b6a-4789-8abc-def012345678';
const SLICE = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice/cri-containerd-4b1d9c.scope`;
/** One memcg OOM kill as the kernel prints it (dmesg without -T: seconds since boot). */
const memcgKill = (t: number, pid: number): string[] => [
  `[${t.toFixed(6)}] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=969`,
  `[${(t + 0.000012).toFixed(6)}] CPU: 3 PID: ${pid} Comm: java Not tainted 6.6.32-talos #1`,
  `[${(t + 0.0004).toFixed(6)}] memory: usage 524288kB, limit 524288kB, failcnt 1543`,
  `[${(t + 0.0009).toFixed(6)}] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-4b1d9c.scope,mems_allowed=0,oom_memcg=${SLICE},task_memcg=${SLICE},task=java,pid=${pid},uid=1000`,
  `[${(t + 0.001).toFixed(6)}] Memory cgroup out of memory: Killed process ${pid} (java) total-vm:4123456kB, anon-rss:520192kB, file-rss:20480kB, shmem-rss:0kB, UID:1000 pgtables:1480kB oom_score_adj:969`,
];
const boring = (i: number): string => `[${(100 + i).toFixed(6)}] eth0: renamed from tmp${i}`;

describe('node/oom-killed', () => {
  it('finds a container last terminated OOMKilled, and attributes kernel kills to it by the memcg pod UID', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([
        podObject({ namespace: 'shop', name: 'search-0', uid: UID, node: 'worker-1', containers: [{ name: 'search', restarts: 6, waiting: 'CrashLoopBackOff', lastTerminated: 'OOMKilled' }] }),
        podObject({ namespace: 'shop', name: 'web-1', node: 'worker-1', containers: [{ name: 'web', restarts: 2, lastTerminated: 'Error' }] }),
      ]),
      'worker-1/dmesg.log': lines(...memcgKill(5012.1, 41233), ...memcgKill(5102.4, 41501), ...Array.from({ length: 20 }, (_, i) => boring(i))),
    });
    const { findings, refutations } = run(rule, ev);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.failureMode, 'oom-killed');
    assert.deepEqual(f.subject, { kind: 'Pod', name: 'search-0', namespace: 'shop' });
    assert.deepEqual(f.pods, ['shop/search-0']);
    assert.equal(f.node, 'worker-1');
    assert.equal(f.severity, 'warning');
    assert.equal(f.count, 2, 'two kills, each logged on three lines');
    assert.match(f.message, /^shop\/search-0 \(search\) ran out of memory: last terminated OOMKilled \(6 restarts\), 2 OOM kill\(s\) by the kernel of java/);
    assertCites(f.evidence, /Killed process 41233/);
    assert.deepEqual(refutations.map((r) => [r.subject.name, r.reason]), [['web-1', 'shop/web-1: web last exited Error (code 1), not OOMKilled']]);
  });

  it('calls a system-wide OOM in a journald kernel excerpt critical, on the node', async () => {
    const ev = await intake({
      'worker-2/kernel.log': lines(
        'Feb 22 01:05:00 worker-2 kernel: postgres invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0',
        'Feb 22 01:05:00 worker-2 kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/postgresql.service,task=postgres,pid=2211,uid=113',
        'Feb 22 01:05:00 worker-2 kernel: Out of memory: Killed process 2211 (postgres) total-vm:8123456kB, anon-rss:6048576kB, file-rss:0kB, shmem-rss:0kB, UID:113 pgtables:12000kB oom_score_adj:0',
      ),
    });
    const [f] = run(rule, ev).findings;
    assert.deepEqual(f.subject, { kind: 'Node', name: 'worker-2' });
    assert.equal(f.severity, 'critical');
    assert.equal(f.count, 1);
    assert.match(f.message, /1 system-wide OOM kill\(s\) by the kernel of postgres — the node itself ran out of memory/);
  });

  it('keeps a single past OOM kill of a container that runs again as info', async () => {
    const ev = await intake({ 'pods.yaml': listYaml([podObject({ namespace: 'monitoring', name: 'promtail-n4wp2', node: 'worker-1', containers: [{ name: 'promtail', restarts: 1, lastTerminated: 'OOMKilled' }] })]) });
    const [f] = run(rule, ev).findings;
    assert.equal(f.severity, 'info');
  });

  it('is refuted on a node whose kernel log has no OOM kill, and says nothing of pods that never restarted', async () => {
    const ev = await intake({
      'pods.yaml': listYaml([podObject({ namespace: 'shop', name: 'web-1', node: 'worker-1' })]),
      'worker-1/dmesg.log': lines(...Array.from({ length: 25 }, (_, i) => boring(i))),
    });
    const { findings, refutations } = run(rule, ev);
    assert.deepEqual(findings, []);
    assert.deepEqual(refutations.map((r) => r.reason), ["no OOM kill in 25 lines of worker-1's kernel log"]);
  });
});
