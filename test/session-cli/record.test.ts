// The pure parts: recorded commands and items, the comparison, where files go.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parseSession } from '../../src/session/index.js';
import {
  commandIn, formatDiagnoseCommand, formatItemList, parseItemLists, recordedCommand, recordedItems, shellQuote, shellSplit,
} from '../../src/session/verify-record.js';
import { compareDiagnosis, type CurrentDiagnosis } from '../../src/session/verify.js';
import { placeAfterVerify, recordedArgs, sessionPath, slugOf, withPaths } from '../../src/cli/session-file.js';
import { parseVerifyArgs } from '../../src/cli/session.js';

test('shell words: quoting and splitting round-trip awkward paths', () => {
  const args = ['./b', 'with space/x', "it's", '$HOME', 'a"b', '', 'ünïcode', '~/not-expanded', '--symptom', 'pods: stuck; why?'];
  const cmd = formatDiagnoseCommand(args);
  assert.equal(cmd.slice(0, 24), 'kubesleuth diagnose ./b ');
  assert.deepEqual(shellSplit(cmd.slice('kubesleuth diagnose'.length)), args);
  assert.equal(shellQuote('./captures/before'), './captures/before');
  assert.deepEqual(shellSplit(`a "b \\"c\\" d" e\\ f`), ['a', 'b "c" d', 'e f']);
  assert.equal(shellSplit("'open"), null);
});

test('the command in a checked value: plain, in backticks, with text around it', () => {
  assert.equal(commandIn('kubesleuth diagnose ./b --symptom x'), 'kubesleuth diagnose ./b --symptom x');
  assert.equal(commandIn('re-ran `kubesleuth diagnose ./b` by hand, same result'), 'kubesleuth diagnose ./b');
  assert.equal(commandIn('kubesleuth session verify, re-running kubesleuth diagnose ./after'), 'kubesleuth diagnose ./after');
  assert.equal(commandIn('kubesleuth diagnoser ./b'), undefined);
  assert.equal(commandIn('talosctl etcd status'), undefined);
});

test('item lists: written and read back; none; odd subjects', () => {
  const found = [
    formatItemList('root cause', ['etcd-db-fragmentation on talos01', 'fsgroup-recursive-chown on media/volsync-src-photoprism-gsvtg']),
    formatItemList('symptom', ['pod-stuck-containercreating on talos02', 'apiserver-unavailable on the cluster']),
    '5 finding(s), 1 eliminated',
  ].join('; ');
  assert.deepEqual(parseItemLists(found), [
    { kind: 'root cause', failureMode: 'etcd-db-fragmentation', subject: 'talos01' },
    { kind: 'root cause', failureMode: 'fsgroup-recursive-chown', subject: 'media/volsync-src-photoprism-gsvtg' },
    { kind: 'symptom', failureMode: 'pod-stuck-containercreating', subject: 'talos02' },
    { kind: 'symptom', failureMode: 'apiserver-unavailable', subject: 'the cluster' },
  ]);
  assert.deepEqual(parseItemLists('root causes: none; symptoms: none; 0 finding(s)'), []);
});

const DOC = `---
status: diagnosed
trigger: "x"
created: 2026-02-22T01:00:00Z
updated: 2026-02-22T02:00:00Z
---

## Current Focus

## Symptoms

## Eliminated

## Evidence

- timestamp: 2026-02-22T01:00:00Z
  checked: kubesleuth diagnose ./first
  found: "root causes: etcd-db-fragmentation on talos03; symptoms: none; 1 finding(s), 0 eliminated"
  implication: sources

- timestamp: 2026-02-22T01:30:00Z
  checked: talosctl etcd status, then \`kubesleuth diagnose 'second capture' --threshold slowApplyMs=200\` by hand
  found: looked fine
  implication: hand-written

## Resolution

root_cause: |
  1. etcd-slow-disk on talos02 (confidence 0.8): slow fdatasync
     chain: x
  Layer 2 (prose a person added): etcd-db-fragmentation on talos01 is not a numbered kubesleuth line
fix: none
verification:
`;

test('recorded sources are the last command; recorded items come from run records and numbered root_cause lines', () => {
  const doc = parseSession(DOC);
  const cmd = recordedCommand(doc);
  assert.ok(cmd.ok);
  assert.deepEqual(cmd.command.args, ['second capture', '--threshold', 'slowApplyMs=200']);
  assert.equal(cmd.command.line, DOC.split("\n").findIndex((l) => l.includes("then `kubesleuth diagnose")) + 1);
  assert.deepEqual(recordedItems(doc).map((i) => `${i.kind}: ${i.failureMode} on ${i.subject}`), [
    'root cause: etcd-db-fragmentation on talos03',
    'root cause: etcd-slow-disk on talos02',
  ]);
  const none = recordedCommand(parseSession(DOC.replace(/kubesleuth diagnose/g, 'kubectl get')));
  assert.equal(none.ok, false);
});

function current(over: Partial<CurrentDiagnosis> = {}): CurrentDiagnosis {
  return { findings: [], rootCauses: [], symptoms: [], refutations: [], seen: new Set(['talos01', 'talos02', 'talos03']), ...over };
}

test('comparison: present, gone (with the refutation reason), not verifiable, new', () => {
  const recorded = [
    { kind: 'root cause' as const, failureMode: 'etcd-db-fragmentation', subject: 'talos01' },
    { kind: 'root cause' as const, failureMode: 'etcd-db-fragmentation', subject: 'talos03' },
    { kind: 'symptom' as const, failureMode: 'pod-stuck-containercreating', subject: 'talos02' },
    { kind: 'root cause' as const, failureMode: 'etcd-slow-disk', subject: 'talos04' },
  ];
  const stuck = { failureMode: 'pod-stuck-containercreating', subject: 'talos02', message: '1 pod(s) stuck in ContainerCreating on talos02: default/web' };
  const v = compareDiagnosis(recorded, current({
    findings: [stuck],
    symptoms: [stuck],
    rootCauses: [{ failureMode: 'etcd-quota-exceeded', subject: 'the cluster', message: 'NOSPACE alarm' }],
    refutations: [{ failureMode: 'etcd-db-fragmentation', subject: 'talos01', message: 'not fragmented: 57 MB allocated, 55 MB in use (96%)' }],
  }));
  assert.deepEqual(v.verdicts.map((d) => d.line), [
    '✅ etcd-db-fragmentation on talos01: no longer found (not fragmented: 57 MB allocated, 55 MB in use (96%))',
    '✅ etcd-db-fragmentation on talos03: no longer found (no etcd-db-fragmentation finding for talos03 in the new evidence)',
    '❌ pod-stuck-containercreating on talos02: still present: 1 pod(s) stuck in ContainerCreating on talos02: default/web',
    '❌ etcd-slow-disk on talos04: not verified: talos04 does not appear in the new evidence, so its absence proves nothing',
    '❌ etcd-quota-exceeded on the cluster: new since the recorded diagnosis (root cause): NOSPACE alarm',
  ]);
  assert.equal(v.status, 'investigating');
  assert.deepEqual(v.counts, { gone: 2, present: 1, unchecked: 1, new: 1 });

  assert.equal(compareDiagnosis(recorded.slice(0, 2), current()).status, 'resolved');
  assert.equal(compareDiagnosis(recorded.slice(0, 2), current({ seen: new Set(['talos01']) })).status, 'verifying');
});

test('where --session writes, what is recorded, where verify moves the file', () => {
  assert.equal(slugOf('Pods scheduled to talos02 get stuck in ContainerCreating with no events beyond Scheduled, while talos01 and talos03 are healthy.'),
    'pods-scheduled-to-talos02-get-stuck-in-containercreating');
  assert.equal(slugOf('¿¡!!'), 'investigation');
  assert.equal(slugOf('x'.repeat(80)), 'x'.repeat(60));
  assert.equal(sessionPath('', 'A b'), path.join('.planning', 'debug', 'a-b.md'));
  assert.equal(sessionPath('/nonexistent/dir', 'A b'), path.join('/nonexistent/dir', 'a-b.md'));
  assert.equal(sessionPath('/nonexistent/dir/', 'A b'), path.join('/nonexistent/dir', 'a-b.md'));
  assert.equal(sessionPath('/nonexistent/notes.md', 'A b'), '/nonexistent/notes.md');

  assert.deepEqual(recordedArgs(['./b', '-o', 'json', '--session', 'x.md', '--out=r.json', '--symptom', 'stuck pods', '--threshold', 'slowApplyMs=200', 'c', '--debug']),
    ['./b', 'c', '--symptom', 'stuck pods', '--threshold', 'slowApplyMs=200']);
  assert.deepEqual(recordedArgs(['--etcd-endpoints', 'https://10.0.0.1:2379', '--cacert', 'ca.pem']), ['--etcd-endpoints', 'https://10.0.0.1:2379', '--cacert', 'ca.pem']);
  assert.deepEqual(recordedArgs(['--', '-odd']), ['--', '-odd']);
  assert.deepEqual(withPaths(['./b', '--symptom', 's', '--etcd-endpoints', 'e', '--timeout', '5s'], ['./after']), ['./after', '--symptom', 's']);

  assert.equal(placeAfterVerify('.planning/debug/x.md', true), path.join('.planning/debug/resolved/x.md'));
  assert.equal(placeAfterVerify('.planning/debug/resolved/x.md', true), '.planning/debug/resolved/x.md');
  assert.equal(placeAfterVerify('.planning/debug/resolved/x.md', false), path.join('.planning/debug/x.md'));
  assert.equal(placeAfterVerify('x.md', false), 'x.md');
  assert.equal(placeAfterVerify('x.md', true), path.join('resolved', 'x.md'));

  assert.deepEqual(parseVerifyArgs(['f.md', '--paths', 'a', 'b']), { file: 'f.md', paths: ['a', 'b'] });
  assert.deepEqual(parseVerifyArgs(['--paths=a,b', 'f.md']), { file: 'f.md', paths: ['a', 'b'] });
  assert.deepEqual(parseVerifyArgs(['f.md']), { file: 'f.md', paths: undefined });
});
