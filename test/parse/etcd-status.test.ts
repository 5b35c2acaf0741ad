import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalIdToHex, parseEtcdctlStatusJson, parseEtcdctlStatusTable, parseTalosEtcdStatus } from '../../src/parse/etcd-status.js';
import { fixtureLines, fixtureText, refIn } from './fixture.js';

const pick = ({ name, id, node, endpoint, dbSize, dbSizeInUse, leaderId, isLeader, raftIndex, raftTerm, raftAppliedIndex, isLearner, errors, version, quotaBytes }: Record<string, unknown>) =>
  ({ name, id, node, endpoint, dbSize, dbSizeInUse, leaderId, isLeader, raftIndex, raftTerm, raftAppliedIndex, isLearner, errors, version, quotaBytes });

describe('parseTalosEtcdStatus', () => {
  it('reads talosctl <= 1.10 output: SI sizes, "6.0 MB (29.08%)" in use, leader, raft indexes', () => {
    const lines = fixtureLines('talosctl-etcd-status-v1.10.txt');
    const members = parseTalosEtcdStatus(lines, refIn('etcd-status.txt'));
    assert.equal(members.length, 3);
    assert.deepEqual(pick(members[0] as unknown as Record<string, unknown>), {
      name: '5a3c6b2f91d0e4a7', id: '5a3c6b2f91d0e4a7', node: '10.20.0.14', endpoint: '10.20.0.14',
      dbSize: 467_000_000, dbSizeInUse: 57_000_000, leaderId: '5a3c6b2f91d0e4a7', isLeader: true,
      raftIndex: 98034211, raftTerm: 7, raftAppliedIndex: 98034211, isLearner: false, errors: [], version: undefined, quotaBytes: undefined,
    });
    assert.equal(members[1].isLeader, false);
    assert.equal(members[1].raftAppliedIndex, 98034210);
    assert.equal(members[2].dbSize, 21_000_000);
    assert.equal(members[2].dbSizeInUse, 6_000_000);
    assert.deepEqual(members[0].ref, { source: 'etcd-status.txt', line: 2, excerpt: lines[1] });
    assert.equal(members[2].ref.line, 4);
  });

  it('writes member ids as etcd does (%x), without talosctl\'s zero padding', () => {
    const members = parseTalosEtcdStatus(fixtureLines('talosctl-etcd-status-v1.10.txt'), refIn('s'));
    assert.equal(members[2].id, 'f2d7e91a4b8c365');
    assert.equal(members[2].name, 'f2d7e91a4b8c365');
  });

  it('reads talosctl 1.11+ output with PROTOCOL and STORAGE columns', () => {
    const members = parseTalosEtcdStatus(fixtureLines('talosctl-etcd-status-v1.11.txt'), refIn('s'));
    assert.deepEqual(members.map((m) => [m.node, m.id, m.dbSize, m.dbSizeInUse, m.isLeader, m.isLearner, m.version]), [
      ['172.20.0.2', 'ecebb05b59a776f1', 21_000_000, 6_000_000, true, false, '3.6.0'],
      ['172.20.0.3', '2d1c9e7a0b4f3e52', 21_000_000, 6_100_000, false, false, '3.6.0'],
      ['172.20.0.4', '9b7e6a5c4d3f2e10', 4_100_000, 4_100_000, false, true, '3.6.0'],
    ]);
    assert.deepEqual(members.map((m) => m.errors), [[], [], []]);
  });

  it('reads single-node output without a NODE column, GB sizes and an alarm', () => {
    const [m] = parseTalosEtcdStatus(fixtureLines('talosctl-etcd-status-single.txt'), refIn('s'));
    assert.equal(m.node, undefined);
    assert.equal(m.id, 'c1f4e08d2b7a3956');
    assert.equal(m.dbSize, 2_100_000_000);
    assert.equal(m.isLeader, false);
    assert.deepEqual(m.errors, ['memberID:13976042440561932630 alarm:NOSPACE']);
  });

  it('numbers rows from firstLine when the table sits inside a larger file', () => {
    const members = parseTalosEtcdStatus(fixtureLines('talosctl-etcd-status-v1.10.txt'), refIn('s'), 41);
    assert.deepEqual(members.map((m) => m.ref.line), [42, 43, 44]);
  });

  it('returns no members for a header alone', () => {
    assert.deepEqual(parseTalosEtcdStatus([fixtureLines('talosctl-etcd-status-v1.10.txt')[0]], refIn('s')), []);
  });
});

describe('parseEtcdctlStatusTable', () => {
  it('reads the etcdctl 3.4/3.5 column set', () => {
    const members = parseEtcdctlStatusTable(fixtureLines('etcdctl-endpoint-status-3.5.txt'), refIn('t'));
    assert.equal(members.length, 3);
    assert.deepEqual(pick(members[0] as unknown as Record<string, unknown>), {
      name: '5a3c6b2f91d0e4a7', id: '5a3c6b2f91d0e4a7', node: '10.20.0.14', endpoint: 'https://10.20.0.14:2379',
      dbSize: 467_000_000, dbSizeInUse: undefined, leaderId: '5a3c6b2f91d0e4a7', isLeader: true,
      raftIndex: 98034211, raftTerm: 7, raftAppliedIndex: 98034211, isLearner: false, errors: [], version: '3.5.16', quotaBytes: undefined,
    });
    assert.equal(members[1].isLeader, false);
    assert.equal(members[1].leaderId, undefined);
    assert.equal(members[2].id, 'f2d7e91a4b8c365');
    assert.deepEqual(members[2].errors, ['memberID:1093669448519828325 alarm:NOSPACE', 'memberID:1093669448519828325 alarm:CORRUPT']);
    assert.deepEqual(members.map((m) => m.ref.line), [4, 5, 6]);
  });

  it('reads an etcdctl 3.4 table with a host:port endpoint', () => {
    const [m] = parseEtcdctlStatusTable(fixtureLines('etcdctl-endpoint-status-3.4.txt'), refIn('t'));
    assert.equal(m.endpoint, '127.0.0.1:2379');
    assert.equal(m.node, '127.0.0.1');
    assert.equal(m.dbSize, 29_000_000);
    assert.equal(m.version, '3.4.23');
  });

  it('reads the etcdctl 3.6 column set: IN USE and QUOTA', () => {
    const members = parseEtcdctlStatusTable(fixtureLines('etcdctl-endpoint-status-3.6.txt'), refIn('t'));
    assert.deepEqual(members.map((m) => [m.id, m.dbSize, m.dbSizeInUse, m.quotaBytes, m.isLeader, m.version, m.raftAppliedIndex]), [
      ['5a3c6b2f91d0e4a7', 467_000_000, 57_000_000, 2_100_000_000, true, '3.6.4', 98034211],
      ['c1f4e08d2b7a3956', 60_000_000, 58_000_000, 2_100_000_000, false, '3.6.4', 98034210],
    ]);
  });

  it('finds no rows in text without borders', () => {
    assert.deepEqual(parseEtcdctlStatusTable(fixtureLines('talosctl-etcd-status-v1.10.txt'), refIn('t')), []);
  });
});

describe('parseEtcdctlStatusJson', () => {
  it('keeps 64-bit member ids exact (decimal JSON numbers above 2^53) and reads sizes in bytes', () => {
    const members = parseEtcdctlStatusJson(fixtureText('etcdctl-endpoint-status-3.5.json'), refIn('j'));
    assert.deepEqual(members.map((m) => [m.endpoint, m.node, m.id, m.leaderId, m.isLeader, m.dbSize, m.dbSizeInUse, m.raftAppliedIndex]), [
      ['https://10.20.0.14:2379', '10.20.0.14', '5a3c6b2f91d0e4a7', '5a3c6b2f91d0e4a7', true, 467001344, 57020416, 98034211],
      ['https://10.20.0.15:2379', '10.20.0.15', 'c1f4e08d2b7a3956', '5a3c6b2f91d0e4a7', false, 60002304, 58003456, 98034210],
    ]);
    assert.deepEqual(members[1].errors, ['memberID:13976042440561932630 alarm:NOSPACE']);
    assert.ok(members[0].ref.excerpt.includes('https://10.20.0.14:2379'));
  });

  it('reads pretty-printed output (jq) and the 3.6 quota', () => {
    const pretty = JSON.stringify(
      [{ Endpoint: '127.0.0.1:2379', Status: { header: { cluster_id: 1, member_id: 2, revision: 3, raft_term: 2 }, version: '3.6.4', dbSize: 20480, dbSizeInUse: 16384, dbSizeQuota: 2147483648, leader: 2, raftIndex: 4, raftTerm: 2, raftAppliedIndex: 4, storageVersion: '3.6.0' } }],
      null, 2,
    ).replace('"member_id": 2', '"member_id": 18446744073709551615').replace('"leader": 2', '"leader": 18446744073709551615');
    const [m] = parseEtcdctlStatusJson(pretty, refIn('j'));
    assert.equal(m.id, 'ffffffffffffffff');
    assert.equal(m.isLeader, true);
    assert.equal(m.quotaBytes, 2147483648);
  });

  it('turns decimal ids into hex, exact from strings', () => {
    assert.equal(decimalIdToHex('13976042440561932630'), 'c1f4e08d2b7a3956');
    assert.equal(decimalIdToHex(255), 'ff');
    assert.equal(decimalIdToHex(undefined), undefined);
    assert.equal(decimalIdToHex('not a number'), undefined);
  });

  it('returns nothing for JSON that is not a list of endpoints', () => {
    assert.deepEqual(parseEtcdctlStatusJson('{"Endpoint":"x"}', refIn('j')), []);
  });
});
