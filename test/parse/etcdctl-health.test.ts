import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectContent } from '../../src/intake/detect.js';
import { isEtcdctlNoise, parseEtcdctlHealth, parseEtcdctlProbeLines, probeOf } from '../../src/parse/etcdctl-health.js';
import { fixtureLines, refIn } from './fixture.js';

const pick = (m: { name: string; node?: string; endpoint?: string; reachable: boolean; unreachableReason?: string; errors: string[] }) => [m.endpoint, m.reachable, m.unreachableReason, m.errors];

describe('parseEtcdctlHealth: etcdctl endpoint health', () => {
  it('reads plain lines: healthy, and unhealthy with the reason; skips the client warnings and the exit line', () => {
    const lines = fixtureLines('etcdctl-endpoint-health.txt');
    const members = parseEtcdctlHealth(lines, refIn('health.txt'), 11);
    assert.deepEqual(members.map(pick), [
      ['https://10.0.0.11:2379', true, undefined, []],
      ['https://10.0.0.12:2379', true, undefined, []],
      ['https://10.0.0.13:2379', false, 'context deadline exceeded', []],
    ]);
    assert.deepEqual(members.map((m) => [m.name, m.node, m.id]), [['10.0.0.11', '10.0.0.11', undefined], ['10.0.0.12', '10.0.0.12', undefined], ['10.0.0.13', '10.0.0.13', undefined]]);
    assert.deepEqual(members[2].ref, { source: 'health.txt', line: 14, excerpt: lines[3] });
  });

  it('reads -w table: an alarm is an answer (the member is up, its error kept), a deadline is not', () => {
    const members = parseEtcdctlHealth(fixtureLines('etcdctl-endpoint-health-table.txt'), refIn('t'));
    assert.deepEqual(members.map(pick), [
      ['https://10.0.0.11:2379', true, undefined, []],
      ['https://10.0.0.12:2379', true, undefined, ['Active Alarm(s): NOSPACE']],
      ['https://10.0.0.13:2379', false, 'context deadline exceeded', []],
    ]);
    assert.deepEqual(members.map((m) => m.ref.line), [4, 5, 6]);
  });

  it('reads -w json', () => {
    const members = parseEtcdctlHealth(fixtureLines('etcdctl-endpoint-health.json'), refIn('j'));
    assert.deepEqual(members.map(pick), [
      ['https://10.0.0.11:2379', true, undefined, []],
      ['https://10.0.0.12:2379', true, undefined, []],
      ['https://10.0.0.13:2379', false, 'context deadline exceeded', []],
    ]);
  });

  it('reads "Failed to get the status of endpoint" lines of endpoint status', () => {
    const [m] = parseEtcdctlProbeLines(['Failed to get the status of endpoint https://10.0.0.13:2379 (context deadline exceeded)'], refIn('s'), 7);
    assert.deepEqual(pick(m), ['https://10.0.0.13:2379', false, 'context deadline exceeded', []]);
    assert.equal(m.ref.line, 7);
  });

  it('leaves out what says nothing of the member: certificate errors of the client', () => {
    assert.deepEqual(
      parseEtcdctlHealth(['https://10.0.0.11:2379 is unhealthy: failed to commit proposal: x509: certificate signed by unknown authority'], refIn('x')),
      [],
    );
  });

  it('a member without a leader answered', () => {
    const [m] = parseEtcdctlHealth(['10.0.0.12:2379 is unhealthy: failed to commit proposal: etcdserver: no leader'], refIn('x'));
    assert.deepEqual(pick(m), ['10.0.0.12:2379', true, undefined, ['etcdserver: no leader']]);
  });

  it('is no probe: prose that says "is healthy", etcd log lines', () => {
    assert.equal(probeOf('the cluster is healthy: nothing to see'), undefined);
    assert.equal(probeOf('{"level":"info","msg":"health check","endpoint":"https://10.0.0.11:2379"}'), undefined);
    assert.deepEqual(parseEtcdctlHealth(['{"level":"warn","msg":"x","endpoint":"https://10.0.0.11:2379"}'], refIn('x')), []);
  });
});

describe('etcdctl output is detected from content', () => {
  it('health in every shape, also after the client warnings', () => {
    assert.equal(detectContent(fixtureLines('etcdctl-endpoint-health.txt')), 'etcdctl-health');
    assert.equal(detectContent(fixtureLines('etcdctl-endpoint-health-table.txt')), 'etcdctl-health');
    assert.equal(detectContent(fixtureLines('etcdctl-endpoint-health.json')), 'etcdctl-health');
    assert.equal(detectContent(['[', '  {', '    "endpoint": "https://10.0.0.11:2379",', '    "health": true,']), 'etcdctl-health');
  });

  it('a status table after warnings and failed endpoints, and failed endpoints alone', () => {
    const warn = fixtureLines('etcdctl-endpoint-health.txt')[0];
    const failed = 'Failed to get the status of endpoint https://10.0.0.13:2379 (context deadline exceeded)';
    assert.equal(detectContent([warn, failed, ...fixtureLines('etcdctl-endpoint-status-3.5.txt')]), 'etcdctl-status-table');
    assert.equal(detectContent([warn, failed]), 'etcdctl-health');
    assert.ok(isEtcdctlNoise(warn));
  });

  it('etcd\'s own logs are logs, even its client lines alone', () => {
    const zap = '{"level":"warn","ts":"2026-02-22T01:05:00.112Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.812339812s","expected-duration":"1s"}';
    assert.equal(detectContent([zap]), 'log');
    assert.equal(detectContent([fixtureLines('etcdctl-endpoint-health.txt')[0]]), 'log');
    assert.equal(isEtcdctlNoise(zap), false);
  });
});
