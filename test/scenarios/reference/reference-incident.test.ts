// The reference incident (shared/spec/000_1b30baa065185c8b.txt) as the bundled example: the
// diagnosis must reach the operator's conclusion from general rules.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Report } from '../../../src/types.js';
import { EXAMPLE, chainsOf, is, run } from './example.js';

describe('reference incident: talos02 pods stuck in ContainerCreating', () => {
  let report: Report;
  before(async () => {
    report = await run(EXAMPLE);
  });

  it('names the symptom on talos02', () => {
    assert.ok(report.symptoms.some((s) => s.failureMode === 'pod-stuck-containercreating' && is(s.subject, 'Node', 'talos02')));
  });

  it('ranks the fragmented leader talos01 first, through the token timeouts and the slow leader', () => {
    const top = report.rootCauses[0];
    assert.equal(top.failureMode, 'etcd-db-fragmentation');
    assert.ok(is(top.subject, 'EtcdMember', 'talos01'));
    assert.equal(top.subject.id, '25e10c575a763da7');
    const chain = top.chain.map((l) => `${l.failureMode}@${l.subject.name}`);
    assert.deepEqual(chain, [
      'pod-stuck-containercreating@talos02',
      'sa-token-fetch-timeout@talos02',
      'apiserver-etcd-timeouts@talos02',
      'etcd-slow-leader@talos01',
      'etcd-db-fragmentation@talos01',
    ]);
    assert.ok(top.evidence.length > 0 && top.evidence.every((e) => e.source && e.excerpt));
  });

  it('also finds the disk contention on talos02 and the recursive chown of the photoprism pod', () => {
    const contention = report.rootCauses.find((r) => r.failureMode === 'etcd-disk-contention');
    assert.ok(contention && is(contention.subject, 'Node', 'talos02'));
    const summary = contention.summary.toLowerCase();
    for (const w of ['ceph-osd', 'ceph-mon', 'prometheus', 'ffmpeg']) assert.ok(summary.includes(w), `contention names ${w}`);
    const chown = report.rootCauses.find((r) => r.failureMode === 'fsgroup-recursive-chown');
    assert.ok(chown && chown.subject.kind === 'Pod' && chown.subject.name === 'volsync-src-photoprism-gsvtg');
    assert.ok(chainsOf(report).some((c) => c[0] === 'pod-stuck-containercreating@talos02' && c.at(-1) === 'fsgroup-recursive-chown@volsync-src-photoprism-gsvtg'));
  });

  it('rules out containerd, CNI, CSI and node pressure on talos02, each with evidence', () => {
    for (const mode of ['containerd-failure', 'cni-failure', 'csi-failure', 'node-pressure']) {
      const e = report.eliminated.find((x) => x.failureMode === mode && is(x.subject, 'Node', 'talos02'));
      assert.ok(e, `${mode} eliminated on talos02`);
      assert.ok(e.evidence.length > 0 && e.reason.length > 10);
    }
    assert.ok(!report.rootCauses.some((r) => ['containerd-failure', 'cni-failure', 'csi-failure', 'node-pressure'].includes(r.failureMode)));
  });

  it('plans the defrag talos03 then talos01 (leader last) and skips talos02', () => {
    const d = report.remediation.find((r) => r.id === 'etcd-defrag');
    assert.ok(d);
    const steps = d.steps.join('\n');
    const i03 = steps.indexOf('Defragment talos03');
    const i01 = steps.indexOf('Defragment talos01');
    assert.ok(i03 >= 0 && i01 > i03, 'talos03 before talos01');
    assert.match(steps, /Skip talos02: not fragmented/);
    assert.ok(!/Defragment talos02/.test(steps));
    assert.match(d.command ?? '', /--nodes 10\.20\.0\.16,10\.20\.0\.14$/);
  });

  it('proposes the OnRootMismatch policy and options for isolating etcd disk', () => {
    assert.ok(report.remediation.some((r) => r.id.startsWith('fsgroup-on-root-mismatch') && r.steps.join(' ').includes('OnRootMismatch')));
    const iso = report.remediation.find((r) => r.id === 'etcd-disk-isolation');
    assert.ok(iso && iso.steps.filter((s) => s.startsWith('Option')).length >= 3);
  });

  it('cites file and line for every finding, root cause and elimination', () => {
    for (const list of [report.findings, report.rootCauses, report.eliminated]) {
      for (const x of list) {
        assert.ok(x.evidence.length > 0);
        for (const e of x.evidence) assert.ok(e.line !== undefined || e.object !== undefined || /\.(log|txt|yaml)$|service-logs|kubernetes-logs/.test(e.source), `${e.source} cited precisely`);
      }
    }
  });

  it('lists each symptom once', () => {
    const keys = report.symptoms.map((s) => `${s.failureMode}|${s.subject.namespace ?? ''}|${s.subject.name}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});
