import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProcessTable } from '../../src/parse/processes.js';
import { fixtureLines, refIn } from './fixture.js';

const row = (p: { node?: string; pid: number; state?: string; threads?: number; cpuSeconds?: number; virtMemBytes?: number; resMemBytes?: number; command: string; args?: string }) =>
  [p.node, p.pid, p.state, p.threads, p.cpuSeconds, p.virtMemBytes, p.resMemBytes, p.command, p.args];

describe('parseProcessTable', () => {
  it('reads `talosctl processes` (NODE … LABEL COMMAND) with two-word sizes', () => {
    const lines = fixtureLines('talosctl-processes.txt');
    const procs = parseProcessTable(lines, refIn('processes.txt'));
    assert.deepEqual(procs.map(row), [
      ['10.20.0.15', 3188, 'S', 58, 91237.44, 17e9, 6.9e9, '/usr/bin/ceph-osd', '--foreground --id 2 --fsid 4a1c2e6e-7f0b-4d55-9b1a-3f5c8e2d9a10 --setuser ceph --setgroup ceph'],
      ['10.20.0.15', 2413, 'S', 24, 4520.31, 11e9, 467e6, '/usr/local/bin/etcd', '--advertise-client-urls=https://10.20.0.15:2379 --auto-tls=false --data-dir=/var/lib/etcd'],
      ['10.20.0.15', 1907, 'S', 31, 2210.05, 2.3e9, 212e6, '/usr/local/bin/kubelet', '--config=/etc/kubernetes/kubelet.yaml --kubeconfig=/etc/kubernetes/kubeconfig-kubelet'],
      ['10.20.0.15', 1, 'S', 9, 63.1, 1.4e9, 81e6, '/sbin/init', undefined],
    ]);
    assert.deepEqual(procs[1].ref, { source: 'processes.txt', line: 3, excerpt: lines[2].trim() });
  });

  it('reads rows whose LABEL is empty (no LSM) without shifting the command', () => {
    const procs = parseProcessTable(fixtureLines('talosctl-processes-no-label.txt'), refIn('p'));
    assert.deepEqual(procs.map(row), [
      ['10.20.0.15', 2413, 'S', 24, 4520.31, 11e9, 467e6, '/usr/local/bin/etcd', '--advertise-client-urls=https://10.20.0.15:2379'],
      ['10.20.0.15', 1, 'S', 9, 63.1, 1.4e9, 81e6, '/sbin/init', undefined],
    ]);
  });

  it('reads the support bundle\'s <node>/processes (right-aligned numbers) with the node from the layout', () => {
    const procs = parseProcessTable(fixtureLines('support-processes.txt'), refIn('p'), 'talos02');
    assert.deepEqual(procs.map(row), [
      ['talos02', 3188, 'S', 58, 91237.44, 17e9, 6.9e9, '/usr/bin/ceph-osd', '--foreground --id 2'],
      ['talos02', 2413, 'D', 24, 4520.31, 11e9, 467e6, '/usr/local/bin/etcd', '--data-dir=/var/lib/etcd'],
      ['talos02', 1, 'S', 9, 63.1, 1.4e9, 81e6, '/sbin/init', undefined],
    ]);
  });

  it('reads rows pasted with single spaces (alignment lost)', () => {
    const procs = parseProcessTable(
      ['NODE PID STATE THREADS CPU-TIME VIRTMEM RESMEM LABEL COMMAND', '10.20.0.15 2413 S 24 4520.31 11 GB 467 MB system_u:system_r:etcd_t:s0 /usr/local/bin/etcd --data-dir=/var/lib/etcd'],
      refIn('p'),
    );
    assert.deepEqual(procs.map(row), [['10.20.0.15', 2413, 'S', 24, 4520.31, 11e9, 467e6, '/usr/local/bin/etcd', '--data-dir=/var/lib/etcd']]);
  });

  it('reads ps-style cumulative CPU times', () => {
    const procs = parseProcessTable(['PID STATE THREADS CPU-TIME VIRTMEM RESMEM COMMAND', '7 S 1 1-02:03:04 10M 5M /bin/x', '8 S 1 03:04 10M 5M /bin/y'], refIn('p'));
    assert.deepEqual(procs.map((p) => p.cpuSeconds), [93784, 184]);
    assert.deepEqual(procs.map((p) => p.virtMemBytes), [10 * 1024 ** 2, 10 * 1024 ** 2]);
  });

  it('skips blank lines and rows without a numeric PID', () => {
    const procs = parseProcessTable(['PID STATE THREADS CPU-TIME VIRTMEM RESMEM COMMAND', '', 'error: rpc error: code = Unavailable', '  12   S   1   0.01   1 MB   1 MB   /bin/true'], refIn('p'));
    assert.deepEqual(procs.map((p) => p.pid), [12]);
    assert.equal(procs[0].ref.line, 4);
  });
});
