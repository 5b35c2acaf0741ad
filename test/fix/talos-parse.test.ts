import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEtcdAlarms, parseEtcdMembers, parseEtcdStatus, parseHumanBytes, parseNodeErrors } from '../../src/fix/backend/talos-parse.js';

test('go-humanize sizes back to bytes', () => {
  assert.equal(parseHumanBytes('21 MB'), 21e6);
  assert.equal(parseHumanBytes('6.0 MB'), 6e6);
  assert.equal(parseHumanBytes('469 kB'), 469e3);
  assert.equal(parseHumanBytes('1.2 GB'), 1.2e9);
  assert.equal(parseHumanBytes('8 B'), 8);
  assert.equal(parseHumanBytes('2.0 GiB'), 2 * 1024 ** 3);
  assert.equal(parseHumanBytes('lots'), undefined);
});

test('etcd status, v1.4–v1.10 shape (Talos docs example row)', () => {
  const out =
    'NODE         MEMBER             DB SIZE   IN USE            LEADER             RAFT INDEX   RAFT TERM   RAFT APPLIED INDEX   LEARNER   ERRORS\n' +
    '172.20.0.3   ecebb05b59a776f1   21 MB     6.0 MB (29.08%)   ecebb05b59a776f1   53391        4           53391                false\n' +
    '172.20.0.4   0a3ff4f5e6c8a9b1   21 MB     6.1 MB (29.05%)   ecebb05b59a776f1   53391        4           53390                false     memberID:738590293385415153 alarm:NOSPACE \n';
  const rows = parseEtcdStatus(out);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], {
    node: '172.20.0.3', memberId: 'ecebb05b59a776f1', dbSize: 21e6, dbSizeInUse: 6e6, leaderId: 'ecebb05b59a776f1',
    raftIndex: 53391, raftTerm: 4, raftAppliedIndex: 53391, isLearner: false, protocol: undefined, storage: undefined, errors: [],
  });
  assert.equal(rows[1].memberId, 'a3ff4f5e6c8a9b1', 'zero padding dropped: ids compare as natural hex');
  assert.deepEqual(rows[1].errors, ['memberID:738590293385415153 alarm:NOSPACE']);
});

test('etcd status, v1.11+ shape with PROTOCOL and STORAGE, rows flushed in separate chunks', () => {
  const out =
    'NODE         MEMBER             DB SIZE   IN USE            LEADER             RAFT INDEX   RAFT TERM   RAFT APPLIED INDEX   LEARNER   PROTOCOL   STORAGE   ERRORS\n' +
    '10.20.0.14   25e10c575a763da7   467 MB    55 MB (11.78%)    25e10c575a763da7   912345       195         912345               false     3.6.0      3.6.0     \n' +
    // a later flush: tabwriter aligned this row on its own
    '10.20.0.16   c3d1f0e2a4b59687   469 MB   55 MB (11.73%)   25e10c575a763da7   912345   195   912344   true   3.6.0   3.6.0   memberID:1 alarm:NOSPACE , memberID:2 alarm:CORRUPT \n';
  const rows = parseEtcdStatus(out);
  assert.deepEqual(rows.map((r) => [r.node, r.dbSize, r.dbSizeInUse, r.raftTerm, r.raftAppliedIndex, r.isLearner, r.protocol, r.storage]), [
    ['10.20.0.14', 467e6, 55e6, 195, 912345, false, '3.6.0', '3.6.0'],
    ['10.20.0.16', 469e6, 55e6, 195, 912344, true, '3.6.0', '3.6.0'],
  ]);
  assert.deepEqual(rows[0].errors, []);
  assert.deepEqual(rows[1].errors, ['memberID:1 alarm:NOSPACE', 'memberID:2 alarm:CORRUPT']);
});

test('etcd members, with and without the NODE column', () => {
  const withNode =
    'NODE         ID                 HOSTNAME   PEER URLS                  CLIENT URLS                LEARNER\n' +
    '10.20.0.14   25e10c575a763da7   talos01    https://10.20.0.14:2380    https://10.20.0.14:2379    false\n';
  assert.deepEqual(parseEtcdMembers(withNode), [{ node: '10.20.0.14', id: '25e10c575a763da7', hostname: 'talos01' }]);
  const old = 'ID                 HOSTNAME   PEER URLS                  CLIENT URLS\n0a3ff4f5e6c8a9b1   talos02    https://10.20.0.15:2380    https://10.20.0.15:2379\n';
  assert.deepEqual(parseEtcdMembers(old), [{ node: undefined, id: 'a3ff4f5e6c8a9b1', hostname: 'talos02' }]);
});

test('etcd alarm list (Talos docs example) and an empty list', () => {
  assert.deepEqual(parseEtcdAlarms('NODE         MEMBER             ALARM\n172.20.0.2   a49c021e76e707db   NOSPACE\n'), [
    { node: '172.20.0.2', memberId: 'a49c021e76e707db', alarm: 'NOSPACE' },
  ]);
  assert.deepEqual(parseEtcdAlarms(''), []);
});

test('per-node errors on stderr, IPv6 nodes included', () => {
  const stderr =
    'error from node 10.20.0.15: rpc error: code = Unavailable desc = connection error\n' +
    'error from node fd00::3: rpc error: code = DeadlineExceeded desc = context deadline exceeded\n';
  const errs = parseNodeErrors(stderr, ['10.20.0.15', 'fd00::3']);
  assert.equal(errs.get('10.20.0.15'), 'rpc error: code = Unavailable desc = connection error');
  assert.equal(errs.get('fd00::3'), 'rpc error: code = DeadlineExceeded desc = context deadline exceeded');
});
