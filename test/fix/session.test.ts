// --session FILE: every step appended as Evidence, Resolution.fix/verification updated, nothing
// else in the document touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDefrag } from '../../src/fix/executor.js';
import { compileRule, DEFAULT_RULE } from '../../src/fix/rule.js';
import { SessionRecorder } from '../../src/fix/session.js';
import { getSection, parseSession, sectionItems, sectionValue, frontMatterValue, itemRecord } from '../../src/session/index.js';
import { incidentCluster } from './fake-backend.js';

function tempCopy(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesleuth-session-'));
  const path = join(dir, 'incident.md');
  copyFileSync('test/fix/fixtures/session-fixing.md', path);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a completed run appends one Evidence item per step and fills Resolution', async () => {
  const { path, cleanup } = tempCopy();
  try {
    const before = readFileSync(path, 'utf8');
    const rec = new SessionRecorder(path, 'kubesleuth fix etcd-defrag --nodes 10.20.0.14,10.20.0.15,10.20.0.16 --yes', 'talosctl');
    const fake = incidentCluster();
    const report = await runDefrag(fake, {
      rule: compileRule(DEFAULT_RULE), dbQuota: 2 * 1024 ** 3, yes: true, moveLeader: false, waitMs: 200, pollMs: 5,
      onEvent: (e) => rec.onEvent(e),
    });
    rec.finish(report);
    const after = readFileSync(path, 'utf8');
    const doc = parseSession(after);

    // Untouched: everything up to the old Evidence item, and trigger/created.
    const head = before.slice(0, before.indexOf('## Evidence'));
    assert.equal(after.slice(0, head.length).replace(/^updated: .*$/m, ''), head.replace(/^updated: .*$/m, ''));
    assert.equal(frontMatterValue(doc, 'trigger'), 'Pods scheduled to talos02 get stuck in ContainerCreating');
    assert.equal(frontMatterValue(doc, 'created'), '2026-02-22T00:00:00Z');
    assert.notEqual(frontMatterValue(doc, 'updated'), '2026-02-22T10:39:00Z');
    assert.equal(frontMatterValue(doc, 'status'), 'fixing');

    const items = sectionItems(getSection(doc, 'Evidence')).map(itemRecord);
    assert.equal(items.length, 1 + 4, 'the old item, then plan, talos03, talos01, HashKV');
    assert.match(String(items[0].checked), /^talosctl etcd status/);
    assert.match(String(items[1].checked), /plan/);
    assert.match(String(items[1].implication), /planned order talos03 → talos01 \(leader\)/);
    assert.match(String(items[2].checked), /step 1, defragment talos03 \(fake:\/\/talos03\) via talosctl/);
    assert.match(String(items[2].found), /469 MB → 55 MB/);
    assert.match(String(items[3].checked), /step 2, defragment talos01/);
    assert.match(String(items[4].checked), /HashKV at revision 500/);
    for (const it of items.slice(1)) assert.match(String(it.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    const fix = sectionValue(doc, 'Resolution', 'fix') ?? '';
    assert.match(fix, /^PENDING: fsGroupChangePolicy OnRootMismatch for photoprism\n\nCOMPLETED: kubesleuth fix etcd-defrag/, 'the engineer\'s text is kept');
    assert.match(fix, /talos03 \(fake:\/\/talos03\): 469 MB → 55 MB/);
    assert.match(fix, /talos01 \(fake:\/\/talos01\) \[leader\]: 467 MB → 55 MB/);
    const verification = sectionValue(doc, 'Resolution', 'verification') ?? '';
    assert.match(verification, /✅ 2 member\(s\) defragmented one at a time, leader last/);
    assert.match(verification, /✅ raft term 7 → 7, leader talos01 → talos01/);
    assert.match(verification, /✅ HashKV at revision 500 identical on every member/);
    assert.equal(sectionValue(doc, 'Resolution', 'root_cause'), 'etcd fragmentation on the leader slows every linearizable read');
  } finally {
    cleanup();
  }
});

test('a stopped run says PARTIAL and ❌ in the session', async () => {
  const { path, cleanup } = tempCopy();
  try {
    const rec = new SessionRecorder(path, 'kubesleuth fix etcd-defrag --yes', 'etcd-api');
    const fake = incidentCluster();
    fake.afterDefrag = (_m, f) => {
      f.term += 1;
    };
    const report = await runDefrag(fake, {
      rule: compileRule(DEFAULT_RULE), dbQuota: 2 * 1024 ** 3, yes: true, moveLeader: false, waitMs: 200, pollMs: 5,
      onEvent: (e) => rec.onEvent(e),
    });
    rec.finish(report);
    const doc = parseSession(readFileSync(path, 'utf8'));
    const items = sectionItems(getSection(doc, 'Evidence')).map(itemRecord);
    assert.match(String(items[items.length - 1].found), /^run stopped — after defragmenting talos03: .*raft term 8, expected 7/);
    assert.match(sectionValue(doc, 'Resolution', 'fix') ?? '', /PARTIAL: kubesleuth fix etcd-defrag --yes .*\n {2}- talos03 .*\n {2}- talos01: NOT DONE/);
    assert.match(sectionValue(doc, 'Resolution', 'verification') ?? '', /❌ run stopped: .*\n❌ raft term 7 → 8/);
  } finally {
    cleanup();
  }
});

test('--session with a missing file is a usage error before anything runs', () => {
  assert.throws(() => new SessionRecorder('/nonexistent/x.md', 'k', 's'), /--session: cannot read \/nonexistent\/x\.md: ENOENT/);
});
