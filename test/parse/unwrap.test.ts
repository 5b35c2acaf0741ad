import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unwrapLine } from '../../src/parse/unwrap.js';

// Component lines as the transports wrap them (etcd zap JSON from server/etcdserver/util.go,
// kubelet klog/JSON, apiserver lease.go).
const ZAP_SLOW_APPLY =
  '{"level":"warn","ts":"2024-04-22T17:18:03.213763+0800","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"3.000607371s","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/cs/leader\\" ","response":"","error":"context deadline exceeded"}';
const KLOG_LEASE = 'W0222 01:04:58.512345       1 lease.go:265] Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.16]';

describe('unwrapLine: Talos node prefix', () => {
  it('takes the node from an IPv4 prefix and leaves the zap line', () => {
    const u = unwrapLine(`172.20.0.2: ${ZAP_SLOW_APPLY}`);
    assert.equal(u.node, '172.20.0.2');
    assert.equal(u.payload, ZAP_SLOW_APPLY);
    assert.equal(u.time, undefined);
  });

  it('takes an IPv6 prefix, with or without brackets', () => {
    assert.equal(unwrapLine(`fd00:10:20::14: ${ZAP_SLOW_APPLY}`).node, 'fd00:10:20::14');
    assert.equal(unwrapLine(`[fd00:10:20::14]: ${ZAP_SLOW_APPLY}`).node, 'fd00:10:20::14');
  });

  it('takes a hostname prefix only before a JSON payload', () => {
    const u = unwrapLine(`talos02: ${ZAP_SLOW_APPLY}`);
    assert.equal(u.node, 'talos02');
    assert.equal(u.payload, ZAP_SLOW_APPLY);
    const text = unwrapLine('Warning: resource pods is missing the kubectl.kubernetes.io/last-applied-configuration annotation');
    assert.equal(text.node, undefined);
    assert.equal(text.payload, 'Warning: resource pods is missing the kubectl.kubernetes.io/last-applied-configuration annotation');
  });

  it('does not read a clock or other colon words at the start of plain text as a node', () => {
    for (const line of [
      '01:05:00: starting etcd defrag on talos01',
      '12:34: waiting for the apiserver',
      'ab:cd: not an address',
      '999.1.2.3: not an address either',
      'E0222 01:05:00.123456    1234 kubelet.go:2412] "Error syncing pod, skipping"',
    ]) {
      const u = unwrapLine(line);
      assert.equal(u.node, undefined, line);
      assert.equal(u.payload, line);
    }
  });

  it('peels a Talos prefix then a CRI frame', () => {
    const u = unwrapLine(`10.20.0.15: 2026-02-22T01:05:00.123456789Z stderr F ${KLOG_LEASE}`);
    assert.equal(u.node, '10.20.0.15');
    assert.equal(u.time, '2026-02-22T01:05:00.123Z');
    assert.equal(u.payload, KLOG_LEASE);
  });
});

describe('unwrapLine: CRI container log framing', () => {
  it('reads time, stream and the full-line tag', () => {
    const u = unwrapLine(`2026-02-22T01:05:00.123456789Z stderr F ${KLOG_LEASE}`);
    assert.equal(u.time, '2026-02-22T01:05:00.123Z');
    assert.equal(u.payload, KLOG_LEASE);
    assert.equal(u.node, undefined);
  });

  it('converts a zone offset to UTC', () => {
    const u = unwrapLine('2026-02-22T09:05:00.5+08:00 stdout F hello');
    assert.equal(u.time, '2026-02-22T01:05:00.500Z');
    assert.equal(u.payload, 'hello');
  });

  it('keeps a partial (P) line and an empty F line', () => {
    assert.equal(unwrapLine('2026-02-22T01:05:00.1Z stdout P {"level":"warn","ts":"2026-02-22T01:0').payload, '{"level":"warn","ts":"2026-02-22T01:0');
    const empty = unwrapLine('2026-02-22T01:05:00.1Z stdout F ');
    assert.equal(empty.payload, '');
    assert.equal(empty.time, '2026-02-22T01:05:00.100Z');
  });
});

describe('unwrapLine: journald and syslog headers', () => {
  it('reads the short format (no year) and the process name', () => {
    const u = unwrapLine(`Feb 22 01:05:00 cp-1 kubelet[1234]: ${KLOG_LEASE}`);
    assert.equal(u.ident, 'kubelet');
    assert.equal(u.time, '0000-02-22T01:05:00.000Z');
    assert.equal(u.payload, KLOG_LEASE);
  });

  it('reads single-digit days padded with two spaces', () => {
    const u = unwrapLine('Mar  3 01:45:11 cp-1 etcd[812]: {"level":"warn","ts":"2023-03-03T01:45:11.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.044022245s","expected-duration":"1s"}');
    assert.equal(u.ident, 'etcd');
    assert.equal(u.time, '0000-03-03T01:45:11.000Z');
    assert.ok(u.payload.startsWith('{"level":"warn"'));
  });

  it('reads short-iso with a +0000 zone', () => {
    const u = unwrapLine('2026-02-22T01:05:00+0000 cp-1 containerd[702]: time="2026-02-22T01:05:00.000000000Z" level=info msg="loading plugin"');
    assert.equal(u.ident, 'containerd');
    assert.equal(u.time, '2026-02-22T01:05:00.000Z');
    assert.equal(u.payload, 'time="2026-02-22T01:05:00.000000000Z" level=info msg="loading plugin"');
  });
});

describe('unwrapLine: docker json-file logs', () => {
  it('takes the log text without its newline and the time', () => {
    const u = unwrapLine(`{"log":${JSON.stringify(`${KLOG_LEASE}\n`)},"stream":"stderr","time":"2026-02-22T01:05:00.123456789Z"}`);
    assert.equal(u.payload, KLOG_LEASE);
    assert.equal(u.time, '2026-02-22T01:05:00.123Z');
  });

  it('leaves a cut docker line as it is', () => {
    const cut = '{"log":"W0222 01:04:58.512345       1 lease.go:265] Resetting endpoints for mas';
    assert.equal(unwrapLine(cut).payload, cut);
  });

  it('leaves other JSON objects alone', () => {
    assert.equal(unwrapLine(ZAP_SLOW_APPLY).payload, ZAP_SLOW_APPLY);
    const obj = '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Timeout","code":504}';
    assert.deepEqual(unwrapLine(obj), { payload: obj });
  });
});

describe('unwrapLine: line endings', () => {
  it('drops a CR left by CRLF files', () => {
    const u = unwrapLine(`172.20.0.2: ${ZAP_SLOW_APPLY}\r`);
    assert.equal(u.payload, ZAP_SLOW_APPLY);
    assert.equal(unwrapLine('plain text\r').payload, 'plain text');
  });
});
