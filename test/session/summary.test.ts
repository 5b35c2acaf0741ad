import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSession, parseSession, renderSummary, summarizeSession } from '../../src/session/index.js';
import { readReference } from './fixtures.js';

describe('session summary', () => {
  const summary = summarizeSession(parseSession(readReference()));

  it('summarises the reference incident', () => {
    assert.equal(summary.status, 'resolved');
    assert.match(summary.trigger!, /^Pods scheduled to talos02 get stuck/);
    assert.equal(summary.created, '2026-02-22T00:00:00Z');
    assert.equal(summary.updated, '2026-02-22T11:12:00Z');
    assert.equal(summary.eliminatedCount, 4);
    assert.equal(summary.evidenceCount, 13);
    assert.match(summary.currentFocus.next_action!, /^Document findings/);
    assert.ok(summary.rootCause!.startsWith('TWO-LAYER ROOT CAUSE:\n\nLayer 1 (FIXED)'));
  });

  it('lists open items: ❌ verification lines and PENDING: lines, with their source lines', () => {
    assert.deepEqual(
      summary.openItems.map((o) => [o.kind, o.field, o.line]),
      [
        ['pending', 'fix', 142],
        ['pending', 'fix', 147],
        ['failed_check', 'verification', 156],
        ['failed_check', 'verification', 158],
        ['failed_check', 'verification', 160],
      ],
    );
    assert.equal(summary.openItems[0].text, 'Resolve talos02 disk I/O contention:');
    assert.equal(summary.openItems[0].details.length, 3);
    assert.match(summary.openItems[0].details[2], /^Option C: Move Prometheus/);
    assert.equal(summary.openItems[1].text, 'Add fsGroupChangePolicy: OnRootMismatch to photoprism app');
    assert.equal(
      summary.openItems[2].text,
      'kube-scheduler-talos02: 594 restarts, still CrashLoopBackOff — disk contention on talos02 still causing apiserver timeouts; scheduler /livez probe still timing out',
    );
    const lines = readReference().split('\n');
    for (const o of summary.openItems) assert.ok(lines[o.line! - 1].includes(o.text.slice(0, 20)), o.text);
  });

  it('is a plain object', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
  });

  it('renders as text', () => {
    const text = renderSummary(summary);
    assert.match(text, /^status: +resolved$/m);
    assert.match(text, /^Eliminated: 4 {3}Evidence: 13$/m);
    assert.match(text, /^Open items: 5$/m);
    assert.match(text, /^ {2}❌ etcd on talos02: still shows slow fdatasync/m);
    assert.match(text, /^ {2}PENDING: Add fsGroupChangePolicy/m);
    assert.match(text, /^ {2}TWO-LAYER ROOT CAUSE:$/m);
  });

  it('handles a fresh session with nothing found yet', () => {
    const s = summarizeSession(createSession({ trigger: 't', created: '2026-02-22T00:00:00Z' }));
    assert.equal(s.status, 'gathering');
    assert.equal(s.rootCause, null);
    assert.deepEqual(s.openItems, []);
    assert.equal(s.currentFocus.hypothesis, null);
    assert.match(renderSummary(s), /\(not found yet\)/);
  });
});
