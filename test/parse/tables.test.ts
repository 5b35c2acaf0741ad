import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIoTable } from '../../src/parse/io.js';
import { parseEventsTable, parseNodesTable, parsePodsTable, parseTopNodes } from '../../src/parse/kubectl-tables.js';
import { parseAlignedTable, parseBorderedTable, parseWhitespaceTable } from '../../src/parse/table.js';
import { fixtureLines, refIn } from './fixture.js';

describe('table primitives', () => {
  it('cuts aligned rows at the header\'s column starts, so values keep their spaces', () => {
    const t = parseAlignedTable(['NAME      LAST SEEN   MESSAGE', 'a         2m (x3)     hello world', '', 'b         5s          x'], 10);
    assert.deepEqual(t.headers, ['NAME', 'LAST SEEN', 'MESSAGE']);
    assert.deepEqual(t.rows, [
      { cells: { NAME: 'a', 'LAST SEEN': '2m (x3)', MESSAGE: 'hello world' }, line: 11 },
      { cells: { NAME: 'b', 'LAST SEEN': '5s', MESSAGE: 'x' }, line: 13 },
    ]);
  });

  it('splits tab-separated tables at the tabs', () => {
    const t = parseAlignedTable(['NAME\tDB SIZE\tSTATUS', 'a-rather-long-name\t467 MB\tReady', 'n2\t21 MB\tNotReady']);
    assert.deepEqual(t.headers, ['NAME', 'DB SIZE', 'STATUS']);
    assert.deepEqual(t.rows.map((r) => r.cells), [
      { NAME: 'a-rather-long-name', 'DB SIZE': '467 MB', STATUS: 'Ready' },
      { NAME: 'n2', 'DB SIZE': '21 MB', STATUS: 'NotReady' },
    ]);
  });

  it('splits single-space tables and reads bordered ones', () => {
    assert.deepEqual(parseWhitespaceTable(['A B C', '1 2 3 4']).rows[0].cells, { A: '1', B: '2', C: '3 4' });
    assert.deepEqual(parseWhitespaceTable(['A B C', '1 2 3 4'], 1, false).rows[0].cells, { A: '1', B: '2', C: '3' });
    assert.deepEqual(parseBorderedTable(['no table here']), { headers: [], rows: [] });
  });
});

describe('parseIoTable (support bundle <node>/io)', () => {
  it('reads device counters', () => {
    const io = parseIoTable(fixtureLines('support-io.txt'), refIn('talos02/io'), 'talos02');
    assert.deepEqual(io.map(({ node, device, ioTimeMs, ioTimeWeightedMs, writeSectors, readSectors }) => [node, device, ioTimeMs, ioTimeWeightedMs, writeSectors, readSectors]), [
      ['talos02', 'nvme0n1', 81234567, 912345678, 1827364512, 283746501],
      ['talos02', 'sda', 1203, 1544, 0, 90112],
    ]);
    assert.equal(io[1].ref.line, 3);
  });
});

describe('parsePodsTable (kubectl get pods -A -o wide)', () => {
  it('reads namespace, node, status, readiness and restarts "468 (2m10s ago)"', () => {
    const pods = parsePodsTable(fixtureLines('kubectl-get-pods-wide.txt'), refIn('pods.txt'));
    assert.deepEqual(
      pods.map((p) => [p.namespace, p.name, p.node, p.phase, p.displayStatus, p.containers[0].ready, p.containers[0].restartCount, p.containers[0].waitingReason]),
      [
        ['default', 'web-7d4b9c8f5d-x2x9k', 'talos02', undefined, 'ContainerCreating', false, 0, 'ContainerCreating'],
        ['kube-system', 'kube-scheduler-talos02', 'talos02', undefined, 'CrashLoopBackOff', false, 468, 'CrashLoopBackOff'],
        ['kube-system', 'kube-apiserver-talos01', 'talos01', 'Running', 'Running', true, 3, undefined],
        ['rook-ceph', 'rook-ceph-osd-2-6c9f7b8d4-qq7rm', 'talos02', 'Running', 'Running', true, 0, undefined],
        ['default', 'batch-28473920-x7k2p', 'talos03', 'Completed', 'Completed', false, 0, undefined],
      ],
    );
    assert.equal(pods[1].ref.line, 3);
  });

  it('puts pods without a NAMESPACE column in "default" and a <none> node nowhere', () => {
    const pods = parsePodsTable(['NAME        READY   STATUS    RESTARTS   AGE   IP       NODE', 'web-0       0/1     Pending   0          1m    <none>   <none>'], refIn('p'));
    assert.equal(pods[0].namespace, 'default');
    assert.equal(pods[0].node, undefined);
    assert.equal(pods[0].phase, 'Pending');
  });
});

describe('parseEventsTable (kubectl get events -A)', () => {
  it('reads the object kind and name, reason and the whole message', () => {
    const events = parseEventsTable(fixtureLines('kubectl-get-events.txt'), refIn('events.txt'));
    assert.deepEqual(events.map((e) => [e.namespace, e.type, e.reason, e.objectKind, e.objectName]), [
      ['default', 'Warning', 'FailedMount', 'Pod', 'web-7d4b9c8f5d-x2x9k'],
      ['default', 'Normal', 'Scheduled', 'Pod', 'web-7d4b9c8f5d-x2x9k'],
      ['kube-system', 'Warning', 'BackOff', 'Pod', 'kube-scheduler-talos02'],
      ['rook-ceph', 'Warning', 'Unhealthy', 'Pod', 'rook-ceph-mon-b-5d8f9c7b6-2xk4q'],
      ['default', 'Normal', 'SuccessfulCreate', 'ReplicaSet', 'web-7d4b9c8f5d'],
    ]);
    assert.equal(events[0].message, 'MountVolume.SetUp failed for volume "kube-api-access-9xk2p" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded');
  });
});

describe('parseNodesTable (kubectl get nodes -o wide)', () => {
  it('reads readiness, roles and addresses', () => {
    const nodes = parseNodesTable(fixtureLines('kubectl-get-nodes-wide.txt'), refIn('nodes.txt'));
    assert.deepEqual(nodes.map((n) => [n.name, n.conditions[0].status, n.roles, n.addresses]), [
      ['talos01', 'True', ['control-plane'], ['10.20.0.14']],
      ['talos02', 'True', ['control-plane'], ['10.20.0.15']],
      ['talos03', 'False', ['control-plane'], ['10.20.0.16']],
    ]);
  });
});

describe('parseTopNodes (kubectl top nodes)', () => {
  it('reads CPU% / MEMORY% and marks nodes without metrics', () => {
    const m = parseTopNodes(fixtureLines('kubectl-top-nodes.txt'), refIn('top.txt'));
    assert.deepEqual(m.map((x) => [x.node, x.unknown, x.cpu, x.cpuPercent, x.memory, x.memoryPercent]), [
      ['talos01', false, '812m', 20, '5012Mi', 32],
      ['talos02', true, undefined, undefined, undefined, undefined],
    ]);
  });

  it('reads the CPU(%) / MEMORY(%) headers of kubectl 1.31+', () => {
    const m = parseTopNodes(fixtureLines('kubectl-top-nodes-1.31.txt'), refIn('top.txt'));
    assert.deepEqual(m.map((x) => [x.node, x.cpuPercent, x.memoryPercent]), [
      ['talos01', 20, 32],
      ['talos03', 97, 95],
    ]);
  });
});
