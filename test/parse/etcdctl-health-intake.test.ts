// etcdctl health and status through the structured reader and the real intake: one member per
// endpoint whichever outputs name it, so member-down counts members right.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EvidenceBuilder } from '../../src/intake/builder.js';
import { collectOffline } from '../../src/intake/collect.js';
import { readStructured, type StructuredContext } from '../../src/intake/structured.js';
import { DEFAULT_THRESHOLDS } from '../../src/model/thresholds.js';
import memberDown from '../../src/rules/etcd/member-down.js';
import { fixtureLines } from './fixture.js';

const ctx = (firstLine = 1): StructuredContext => ({ display: 'session.txt', firstLine, warn: () => {}, defer: () => {} });
const WARN = fixtureLines('etcdctl-endpoint-health.txt')[0];
const FAILED = 'Failed to get the status of endpoint https://10.0.0.13:2379 (context deadline exceeded)';
const STATUS = [
  '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
  '|        ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
  '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
  '| https://10.0.0.11:2379 | 8e9e05c52164694d |  3.5.15 |  412 MB |      true |      false |        12 |  403338812 |          403338812 |        |',
  '| https://10.0.0.12:2379 | 91bc3c398fb3c146 |  3.5.15 |  409 MB |     false |      false |        12 |  403338812 |          403338812 |        |',
  '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
];

describe('readStructured: etcdctl health and status', () => {
  it('reads the failed endpoints before a status table as unreachable members', () => {
    const b = new EvidenceBuilder();
    readStructured('etcdctl-status-table', [WARN, FAILED, ...STATUS], ctx(20), b);
    assert.deepEqual(
      b.evidence.etcdMembers.map((m) => [m.endpoint, m.id, m.reachable, m.unreachableReason, m.ref.line]),
      [
        ['https://10.0.0.13:2379', undefined, false, 'context deadline exceeded', 21],
        ['https://10.0.0.11:2379', '8e9e05c52164694d', true, undefined, 25],
        ['https://10.0.0.12:2379', '91bc3c398fb3c146', true, undefined, 26],
      ],
    );
  });

  it('gives health lines the id of the status row with their endpoint, in either order', () => {
    for (const order of [['health', 'status'], ['status', 'health']]) {
      const b = new EvidenceBuilder();
      for (const o of order) {
        if (o === 'health') readStructured('etcdctl-health', fixtureLines('etcdctl-endpoint-health.txt'), ctx(), b);
        else readStructured('etcdctl-status-table', STATUS, ctx(40), b);
      }
      const ids = b.evidence.etcdMembers.map((m) => `${m.endpoint}=${m.id ?? '-'}`);
      assert.equal(ids.filter((x) => x === 'https://10.0.0.11:2379=8e9e05c52164694d').length, 2, order.join(','));
      assert.equal(ids.filter((x) => x === 'https://10.0.0.13:2379=-').length, 1, order.join(','));
    }
  });
});

describe('etcdctl outputs pasted in one file, through the intake', () => {
  it('name the member that does not answer, with quorum counted over three members', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ks-health-'));
    try {
      const text = [
        '$ etcdctl --endpoints=https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379 endpoint health',
        ...fixtureLines('etcdctl-endpoint-health.txt'),
        '$ etcdctl --endpoints=https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379 endpoint status -w table',
        WARN,
        FAILED,
        ...STATUS,
      ].join('\n');
      await writeFile(path.join(dir, 'session.txt'), `${text}\n`);
      const ev = await collectOffline([dir], { now: new Date('2026-02-22T12:00:00Z') });
      assert.deepEqual(ev.etcdMembers.map((m) => [m.id ?? m.name, m.reachable]).sort(), [['10.0.0.13', false], ['8e9e05c52164694d', true], ['91bc3c398fb3c146', true]]);
      // etcdctl's client warnings are not apiserver log lines.
      assert.deepEqual(ev.signals.filter((s) => s.signal === 'apiserver.etcd-deadline'), []);
      const r = memberDown.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS });
      assert.equal(r.findings.length, 1);
      assert.match(r.findings[0].message, /https:\/\/10\.0\.0\.13:2379\) does not answer: context deadline exceeded; 2 of 3 members answer/);
      assert.equal(r.findings[0].evidence[0].line, 5);
      assert.equal(r.refutations.length, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('all healthy: no member down', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ks-health-'));
    try {
      await writeFile(path.join(dir, 'health.txt'), fixtureLines('etcdctl-endpoint-health.json')[0].replace(/"health":false,"took":"[^"]*","error":"[^"]*"/, '"health":true,"took":"12.5ms"') + '\n');
      const ev = await collectOffline([dir], { now: new Date('2026-02-22T12:00:00Z') });
      assert.deepEqual(ev.etcdMembers.map((m) => m.reachable), [true, true, true]);
      assert.deepEqual(memberDown.run({ evidence: ev, thresholds: DEFAULT_THRESHOLDS }).findings, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
