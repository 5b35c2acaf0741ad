import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseLevel, parseRecord, quickLevel } from '../../src/parse/record.js';
import { matchSignals } from '../../src/signals/match.js';

// Real-looking lines, shaped after the upstream log calls that print them.
// etcd server/etcdserver/util.go warnOfExpensiveGenericRequest (zap, ts with a zone offset):
const SLOW_APPLY =
  '{"level":"warn","ts":"2024-04-22T17:18:03.213763+0800","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"3.000607371s","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/cs/leader\\" ","response":"","error":"context deadline exceeded"}';
// etcd server/storage/wal/wal.go sync:
const SLOW_FDATASYNC = '{"level":"warn","ts":"2023-03-03T01:45:11.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.044022245s","expected-duration":"1s"}';
// etcd raft (logger "raft"):
const RAFT_ELECTED =
  '{"level":"info","ts":"2026-02-22T01:04:57.812345Z","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"raft.node: c1f4e08d2b7a3956 elected leader 5a3c6b2f91d0e4a7 at term 7"}';
// etcd mvcc/kvstore_compaction.go (3.5.12+ fields):
const COMPACTION =
  '{"level":"info","ts":"2026-02-22T01:00:02.281Z","caller":"mvcc/kvstore_compaction.go:71","msg":"finished scheduled compaction","compact-revision":412301,"took":"2.281154321s","hash":3561938127,"current-db-size-bytes":467001344,"current-db-size":"467 MB","current-db-size-in-use-bytes":57020416,"current-db-size-in-use":"57 MB"}';
// kubelet with component-base JSON logging (Talos): epoch-ms ts, no level, "v" on info, "err" on errors.
const KUBELET_JSON_INFO = '{"ts":1771722300123.456,"caller":"kubelet/kubelet.go:2412","msg":"SyncLoop (PLEG): event for pod","v":2,"pod":{"name":"web-7d4b9c8f5d-x2x9k","namespace":"default"}}';
const KUBELET_JSON_ERROR =
  '{"ts":1771722302124.1,"caller":"remote/remote_runtime.go:636","msg":"ExecSync cmd from runtime service failed","containerID":"4b1e0f9c","cmd":["ceph","--admin-daemon","/run/ceph/ceph-osd.2.asok","status"],"err":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}';
// kubelet klog text, structured call (remote_runtime.go):
const KLOG_EXECSYNC =
  'E0618 16:36:34.730373     899 remote_runtime.go:636] "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="4b1e0f9c2a7d"';
// kube-apiserver lease reconciler (lease.go), klog printf style:
const KLOG_LEASE = 'W0222 01:04:58.512345       1 lease.go:265] Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.16]';
// containerd logfmt (logrus text formatter):
const CONTAINERD =
  'time="2026-02-22T01:05:03.482913847Z" level=error msg="ExecSync for \\"4b1e0f9c\\" failed" error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded"';
// etcd 3.4 default capnslog text (wal.go plog.Warningf):
const CAPNSLOG = '2026-02-22 01:05:01.044022 W | wal: sync duration of 1.044022245s, expected less than 1s';

describe('parseRecord: zap JSON (etcd)', () => {
  it('reads level, time in UTC from a +0800 zone, caller, message and fields', () => {
    const r = parseRecord(SLOW_APPLY);
    assert.equal(r.format, 'zap');
    assert.equal(r.level, 'warn');
    assert.equal(r.time, '2024-04-22T09:18:03.213Z');
    assert.equal(r.caller, 'etcdserver/util.go:170');
    assert.equal(r.msg, 'apply request took too long');
    assert.equal(r.fields.took, '3.000607371s');
    assert.equal(r.fields['expected-duration'], '100ms');
    assert.equal(r.fields.prefix, 'read-only range ');
    assert.equal(r.fields.request, 'key:"/cs/leader" ');
    assert.equal(r.fields.error, 'context deadline exceeded');
  });

  it('gives the slow-apply and slow-fdatasync signals their durations', () => {
    const apply = matchSignals(SLOW_APPLY, parseRecord(SLOW_APPLY));
    assert.deepEqual(apply.map((m) => m.def.id), ['etcd.slow-apply']);
    assert.ok(Math.abs((apply[0].extract.durationMs ?? 0) - 3000.607371) < 1e-6);
    const sync = matchSignals(SLOW_FDATASYNC, parseRecord(SLOW_FDATASYNC));
    assert.deepEqual(sync.map((m) => m.def.id), ['etcd.slow-fdatasync']);
    assert.ok(Math.abs((sync[0].extract.durationMs ?? 0) - 1044.022245) < 1e-6);
    assert.equal(parseRecord(SLOW_FDATASYNC).time, '2023-03-03T01:45:11.871Z');
  });

  it('keeps the raft logger and reads member ids and the term from the message', () => {
    const r = parseRecord(RAFT_ELECTED);
    assert.equal(r.fields.logger, 'raft');
    assert.equal(r.time, '2026-02-22T01:04:57.812Z');
    const [m] = matchSignals(RAFT_ELECTED, r);
    assert.equal(m.def.id, 'etcd.leader-elected');
    assert.deepEqual(m.extract.fields, { term: 7, member: 'c1f4e08d2b7a3956', leader: '5a3c6b2f91d0e4a7' });
  });

  it('keeps numeric compaction fields as numbers', () => {
    const r = parseRecord(COMPACTION);
    const [m] = matchSignals(COMPACTION, r);
    assert.equal(m.def.id, 'etcd.compaction');
    assert.deepEqual(m.extract.fields, { 'current-db-size-bytes': 467001344, 'current-db-size-in-use-bytes': 57020416, 'compact-revision': 412301 });
    assert.ok(Math.abs((m.extract.durationMs ?? 0) - 2281.154321) < 1e-6);
  });

  it('accepts microsecond and offset timestamps with a colon', () => {
    assert.equal(parseRecord('{"level":"info","ts":"2026-02-22T09:05:00.123456+08:00","msg":"x"}').time, '2026-02-22T01:05:00.123Z');
    assert.equal(parseRecord('{"level":"info","ts":"2026-02-22T01:05:00Z","msg":"x"}').time, '2026-02-22T01:05:00.000Z');
  });
});

describe('parseRecord: component-base JSON (kubelet on Talos)', () => {
  it('reads epoch-millisecond ts and calls a line with "v" info', () => {
    const r = parseRecord(KUBELET_JSON_INFO);
    assert.equal(r.format, 'component-base');
    assert.equal(r.level, 'info');
    assert.equal(r.time, new Date(1771722300123.456).toISOString());
    assert.equal(r.caller, 'kubelet/kubelet.go:2412');
    assert.deepEqual(r.fields.pod, { name: 'web-7d4b9c8f5d-x2x9k', namespace: 'default' });
  });

  it('calls a line with "err" an error and keeps its fields', () => {
    const r = parseRecord(KUBELET_JSON_ERROR);
    assert.equal(r.level, 'error');
    assert.equal(r.msg, 'ExecSync cmd from runtime service failed');
    const [m] = matchSignals(KUBELET_JSON_ERROR, r);
    assert.equal(m.def.id, 'kubelet.execsync-timeout');
    assert.deepEqual(m.extract.fields, { cmd: 'ceph --admin-daemon /run/ceph/ceph-osd.2.asok status' });
  });
});

describe('parseRecord: klog text', () => {
  it('reads level, a year-less time, caller, quoted message and key="value" pairs', () => {
    const r = parseRecord(KLOG_EXECSYNC);
    assert.equal(r.format, 'klog');
    assert.equal(r.level, 'error');
    assert.equal(r.time, '0000-06-18T16:36:34.730Z');
    assert.equal(r.caller, 'remote_runtime.go:636');
    assert.equal(r.msg, 'ExecSync cmd from runtime service failed');
    assert.equal(r.fields.err, 'rpc error: code = DeadlineExceeded desc = context deadline exceeded');
    assert.equal(r.fields.containerID, '4b1e0f9c2a7d');
  });

  it('keeps a printf-style message whole', () => {
    const r = parseRecord(KLOG_LEASE);
    assert.equal(r.level, 'warn');
    assert.equal(r.caller, 'lease.go:265');
    assert.equal(r.msg, 'Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.16]');
    const [m] = matchSignals(KLOG_LEASE, r);
    assert.equal(m.def.id, 'apiserver.endpoint-reset');
    assert.deepEqual(m.extract.fields, { endpoints: '10.20.0.14 10.20.0.16' });
  });

  it('unquotes escaped quotes inside the message', () => {
    const r = parseRecord('I0222 01:05:00.000001    1234 kubelet.go:2412] "Volume \\"data\\" is not ready" pod="default/web-0"');
    assert.equal(r.msg, 'Volume "data" is not ready');
    assert.equal(r.fields.pod, 'default/web-0');
  });
});

describe('parseRecord: logfmt and capnslog', () => {
  it('reads containerd logfmt with Go-quoted values', () => {
    const r = parseRecord(CONTAINERD);
    assert.equal(r.format, 'logfmt');
    assert.equal(r.level, 'error');
    assert.equal(r.time, '2026-02-22T01:05:03.482Z');
    assert.equal(r.msg, 'ExecSync for "4b1e0f9c" failed');
    assert.equal(r.fields.error, 'rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded');
  });

  it('reads etcd 3.4 capnslog lines (space-separated time, UTC)', () => {
    const r = parseRecord(CAPNSLOG);
    assert.equal(r.format, 'capnslog');
    assert.equal(r.level, 'warn');
    assert.equal(r.time, '2026-02-22T01:05:01.044Z');
    assert.equal(r.msg, 'sync duration of 1.044022245s, expected less than 1s');
    assert.equal(r.caller, 'wal');
  });
});

describe('parseRecord: what is not a log record', () => {
  it('reads a JSON object without "msg" as plain text', () => {
    const obj = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: request did not complete within requested timeout - context deadline exceeded","reason":"Timeout","code":504}';
    const r = parseRecord(obj);
    assert.equal(r.format, 'text');
    assert.equal(r.level, undefined);
    assert.equal(r.msg, obj);
  });

  it('reads a cut JSON line as text that still matches its signal, keeping its level and time', () => {
    const cut = SLOW_APPLY.slice(0, 140);
    const r = parseRecord(cut);
    assert.equal(r.format, 'text');
    assert.equal(r.msg, cut);
    assert.equal(r.level, 'warn');
    assert.equal(r.time, '2024-04-22T09:18:03.213Z');
    assert.deepEqual(matchSignals(cut, r).map((m) => m.def.id), ['etcd.slow-apply']);
    const kubelet = parseRecord(KUBELET_JSON_ERROR.slice(0, 90));
    assert.equal(kubelet.time, new Date(1771722302124.1).toISOString());
    assert.deepEqual([parseRecord('{"level":"info","ts":17717').time, parseRecord('{"ts":"2026-02-22T01:0').time], [undefined, undefined]);
  });

  it('reads plain text as text, and JSON arrays and scalars too', () => {
    for (const line of ['Starting kubelet', '[1,2,3]', '{"msg":42}', '{']) {
      const r = parseRecord(line);
      assert.equal(r.format, 'text', line);
      assert.equal(r.msg, line);
    }
  });

  it('does not take a year from nowhere: klog times keep the 0000 placeholder', () => {
    assert.ok(parseRecord(KLOG_LEASE).time?.startsWith('0000-02-22T01:04:58'));
  });
});

describe('quickLevel', () => {
  it('finds the level of each format without parsing', () => {
    assert.equal(quickLevel(SLOW_APPLY), 'warn');
    assert.equal(quickLevel(KUBELET_JSON_ERROR), 'error');
    assert.equal(quickLevel(KUBELET_JSON_INFO), 'info');
    assert.equal(quickLevel(KLOG_EXECSYNC), 'error');
    assert.equal(quickLevel(KLOG_LEASE), 'warn');
    assert.equal(quickLevel(CONTAINERD), 'error');
    assert.equal(quickLevel(CAPNSLOG), 'warn');
  });

  it('gives no level to text and to JSON that is not a log line', () => {
    assert.equal(quickLevel('Starting kubelet'), undefined);
    assert.equal(quickLevel('Error: something'), undefined);
    assert.equal(quickLevel('{"name":"kubesleuth","version":"0.1.0"}'), undefined);
  });

  it('normalises level spellings', () => {
    assert.equal(normaliseLevel('WARNING'), 'warn');
    assert.equal(normaliseLevel('dpanic'), 'fatal');
    assert.equal(normaliseLevel('notice'), 'info');
    assert.equal(normaliseLevel('verbose'), undefined);
    assert.equal(normaliseLevel(3), undefined);
  });
});
