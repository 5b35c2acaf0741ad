// create → update twice → verify (persisting) → verify (resolved), through the real CLI.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assertAppendOnly, assertClean, cli, frontMatter, listItems, nextSecond, prefixOf, read, sectionField, tempDir, verificationBlock, writeBundle } from './bundles.js';

// Dated when the person wrote them: after the session was created, before the next run.
const handTime = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const handEliminated = (at: string): string => `- hypothesis: containerd on talos02 is broken
  evidence: containerd logs are clean — healthy startup, no failed image pulls (checked by hand: talosctl -n talos02 logs containerd)
  timestamp: ${at}
`;

const handEvidence = (at: string): string => `- timestamp: ${at}
  checked: kubectl -n default describe pod web-7d4   # by hand
  found: |
    Events: only "Scheduled"; no FailedMount event although the kubelet log has them
    (odd spacing   kept   on purpose)
  implication: Events lag behind the kubelet log; trust the log
  note: an extra key a person added
`;

const HAND_SECTION = `## Notes (by hand)

Paged at 00:50 by the on-call; talos02 joined 44h ago.

`;

test('diagnose --session creates, updates twice, verify finds a persisting symptom, then resolves and moves', async () => {
  const tmp = tempDir();
  const before1 = writeBundle(path.join(tmp, 'capture-0100'), { fragmented: ['talos01', 'talos03'], slow: 2, stuck: true, hour: 1 });
  const before2 = writeBundle(path.join(tmp, 'capture-0300'), { fragmented: ['talos01'], slow: 4, stuck: true, hour: 3 });
  const partial = writeBundle(path.join(tmp, 'after-defrag'), { fragmented: [], slow: 0, stuck: true, hour: 11 });
  const fixed = writeBundle(path.join(tmp, 'after-fix'), { fragmented: [], slow: 0, stuck: false, hour: 12 });
  const folder = path.join(tmp, 'repo/.planning/debug');
  const trigger = 'Pods scheduled to talos02 get stuck in ContainerCreating';

  // 1. create: the folder does not exist yet; the file is named from the trigger.
  const c = cli(['diagnose', before1, '--session', folder, '--symptom', trigger, '-o', 'json']);
  assert.equal(c.code, 1, c.stderr);
  const file = path.join(folder, 'pods-scheduled-to-talos02-get-stuck-in-containercreating.md');
  assert.ok(existsSync(file), c.stderr);
  assert.match(c.stderr, /session written: .*pods-scheduled-to-talos02-get-stuck-in-containercreating\.md/);
  const v0 = read(file);
  assert.equal(frontMatter(v0, 'status'), 'diagnosed');
  assert.equal(frontMatter(v0, 'trigger'), JSON.stringify(trigger));
  assert.equal(frontMatter(v0, 'created'), frontMatter(v0, 'updated'));
  const run0 = listItems(v0, 'Evidence')[0];
  assert.ok(run0.includes(`  checked: kubesleuth diagnose ${before1} --symptom '${trigger}'\n`), run0);
  assert.match(run0, /root causes: [^;]*etcd-db-fragmentation on talos01[^;]*etcd-db-fragmentation on talos03/);
  assert.match(run0, /symptoms: pod-stuck-containercreating on talos02/);
  assert.doesNotMatch(run0, /--session|-o json/, 'output flags are not part of the recorded sources');
  assert.match(v0, /checked: etcd\/db-fragmentation — .*etcd-status\.txt:2/);
  assertClean(file);

  // A person adds to the document by hand between runs.
  await nextSecond();
  const at = handTime();
  const HAND_ELIMINATED = handEliminated(at);
  const HAND_EVIDENCE = handEvidence(at);
  const edited = v0
    // appended after the generated items, as a person adds to the end of a list
    .replace(/\n## Evidence\n/, `\n${HAND_ELIMINATED}\n## Evidence\n`)
    .replace(/\n## Resolution\n/, `\n${HAND_EVIDENCE}\n${HAND_SECTION}## Resolution\n`)
    .replace(/^updated: .*$/m, `updated: ${at}`);
  assert.notEqual(edited, v0);
  writeFileSync(file, edited);
  assertClean(file);

  // 2. update with the same capture and a later one: only new facts are appended.
  await nextSecond();
  const u1 = cli(['diagnose', before1, '--session', file, '--symptom', trigger]);
  assert.equal(u1.code, 1, u1.stderr);
  const v1 = read(file);
  assertAppendOnly(edited, v1);
  assert.deepEqual(listItems(v1, 'Evidence').slice(listItems(edited, 'Evidence').length), [], 'the same run again adds nothing');
  assert.ok(frontMatter(v1, 'updated')! > frontMatter(edited, 'updated')!, 'updated bumped');
  assert.ok(v1.includes(HAND_ELIMINATED) && v1.includes(HAND_EVIDENCE) && v1.includes(HAND_SECTION), 'hand-written text kept verbatim');

  await nextSecond();
  const u2 = cli(['diagnose', before2, '--session', file]);
  assert.equal(u2.code, 1, u2.stderr);
  const v2 = read(file);
  assertAppendOnly(v1, v2);
  assert.ok(frontMatter(v2, 'updated')! > frontMatter(v1, 'updated')!, 'updated bumped');
  const added2 = listItems(v2, 'Evidence').slice(listItems(v1, 'Evidence').length);
  assert.ok(added2.length >= 2, `new evidence appended:\n${added2.join('')}`);
  assert.ok(added2[0].includes(`checked: kubesleuth diagnose ${before2}\n`), added2[0]);
  assert.ok(added2.some((i) => /4 ReadIndex retries/.test(i)), 'the new capture has four ReadIndex retries');
  assert.ok(v2.includes(HAND_ELIMINATED) && v2.includes(HAND_EVIDENCE) && v2.includes(HAND_SECTION), 'hand-written text kept verbatim');
  assert.equal(listItems(v2, 'Evidence').filter((i) => i.includes('kubectl -n default describe pod web-7d4')).length, 1);
  assertClean(file);

  // 3. verify re-runs the latest recorded sources: before2 still shows everything.
  await nextSecond();
  const r0 = cli(['session', 'verify', file]);
  assert.equal(r0.code, 1, r0.stdout + r0.stderr);
  assert.match(r0.stdout, /^❌ etcd-db-fragmentation on talos01: still present: /m);
  assert.match(r0.stdout, /^✅ etcd-db-fragmentation on talos03: no longer found \(not fragmented: 57 MB allocated, 55 MB in use \(96%\)\)/m);
  const v3 = read(file);
  assertAppendOnly(v2, v3);
  assert.equal(frontMatter(v3, 'status'), 'investigating');
  const run3 = listItems(v3, 'Evidence').at(-1)!;
  assert.ok(run3.includes(`checked: kubesleuth session verify, re-running kubesleuth diagnose ${before2}\n`), run3);
  assertClean(file);

  // 4. after the defrag: fragmentation and slow reads gone, the pods still stuck.
  await nextSecond();
  const r1 = cli(['session', 'verify', file, '--paths', partial]);
  assert.equal(r1.code, 1, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /^✅ etcd-db-fragmentation on talos01: no longer found \(not fragmented/m);
  assert.match(r1.stdout, /^✅ etcd-db-fragmentation on talos03: no longer found/m);
  assert.match(r1.stdout, /^✅ sa-token-fetch-timeout on talos02: no longer found/m);
  assert.match(r1.stdout, /^❌ pod-stuck-containercreating on talos02: still present: 1 pod\(s\) stuck in ContainerCreating on talos02: default\/web-7d4/m);
  assert.match(r1.stdout, /status investigating/);
  assert.ok(existsSync(file), 'not moved');
  const v4 = read(file);
  assertAppendOnly(v3, v4);
  assert.equal(frontMatter(v4, 'status'), 'investigating');
  assert.match(sectionField(v4, 'Current Focus', 'hypothesis') ?? '', /pod-stuck-containercreating on talos02 persists after the fix/);
  assert.ok((sectionField(v4, 'Current Focus', 'next_action') ?? '').length > 20);
  const ver4 = verificationBlock(v4);
  assert.match(ver4, /^PARTIAL VERIFICATION \(kubesleuth session verify at \S+; re-ran: kubesleuth diagnose /);
  assert.match(ver4, /^❌ pod-stuck-containercreating on talos02: still present/m);
  assert.match(v4, /^root_cause: \|\n {2}1\. [a-z-]+ on talos0\d \(confidence/m, 'the root cause found before stays');
  assertClean(file);

  // 5. after the real fix: everything gone → resolved, moved to resolved/ beside the file.
  await nextSecond();
  const r2 = cli(['session', 'verify', file, '--paths', fixed]);
  assert.equal(r2.code, 0, r2.stdout + r2.stderr);
  const moved = path.join(folder, 'resolved', path.basename(file));
  assert.ok(r2.stdout.includes(`session moved to ${moved}`), r2.stdout);
  assert.ok(!existsSync(file) && existsSync(moved));
  assert.doesNotMatch(r2.stdout, /❌/);
  assert.match(r2.stdout, /^✅ pod-stuck-containercreating on talos02: no longer found/m);
  const v5 = read(moved);
  assertAppendOnly(v4, v5);
  assert.equal(frontMatter(v5, 'status'), 'resolved');
  assert.ok(frontMatter(v5, 'updated')! > frontMatter(v4, 'updated')!);
  assert.match(verificationBlock(v5), /^VERIFIED /);
  assert.match(verificationBlock(v5), /4 of 4 recorded root cause\(s\) and symptom\(s\) gone → status resolved/);
  assert.ok(v5.includes(HAND_ELIMINATED) && v5.includes(HAND_EVIDENCE) && v5.includes(HAND_SECTION));
  assertClean(moved);

  // 6. verifying again re-runs the latest sources (the fixed capture) and stays in resolved/.
  await nextSecond();
  const r3 = cli(['session', 'verify', moved]);
  assert.equal(r3.code, 0, r3.stdout + r3.stderr);
  assert.ok(r3.stdout.includes(`session updated: ${moved}`));
  assert.deepEqual(readdirSync(folder).sort(), ['resolved']);
  const v6 = read(moved);
  assertAppendOnly(v5, v6);
  assertClean(moved);

  // 7. a regression: the stuck capture again moves the file back out of resolved/.
  const r4 = cli(['session', 'verify', moved, '--paths', partial]);
  assert.equal(r4.code, 1, r4.stdout);
  assert.ok(existsSync(file) && !existsSync(moved), r4.stdout);
  assert.equal(frontMatter(read(file), 'status'), 'investigating');
  assertAppendOnly(v6, read(file));
  assertClean(file);
});

test('verify: evidence that does not cover the recorded subjects leaves the session verifying', async () => {
  const tmp = tempDir();
  const before = writeBundle(path.join(tmp, 'before'), { fragmented: ['talos01', 'talos03'], slow: 2, stuck: true });
  // Only the status table, without nodes.json: members are named by IP, so talos01 … are not in this evidence.
  const bare = writeBundle(path.join(tmp, 'bare'), { nodes: false });
  const file = path.join(tmp, 'incident.md');
  assert.equal(cli(['diagnose', before, '--session', file]).code, 1);
  const v0 = read(file);
  await nextSecond();
  const r = cli(['session', 'verify', file, '--paths', path.join(bare, 'etcd-status.txt')]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^❌ etcd-db-fragmentation on talos01: not verified: talos01 does not appear in the new evidence/m);
  assert.match(r.stdout, /status verifying/);
  const v1 = read(file);
  assert.equal(frontMatter(v1, 'status'), 'verifying');
  assert.match(sectionField(v1, 'Current Focus', 'next_action') ?? '', /^"?Capture evidence that includes .*talos01/);
  assert.match(verificationBlock(v1), /^INCOMPLETE VERIFICATION/);
  assertAppendOnly(v0, v1);
  assertClean(file);
});

test('a new problem found at verify time is not resolved', async () => {
  const tmp = tempDir();
  const before = writeBundle(path.join(tmp, 'before'), { fragmented: ['talos03'] });
  const after = writeBundle(path.join(tmp, 'after'), { fragmented: ['talos01'] });
  const file = path.join(tmp, 'frag.md');
  assert.equal(cli(['diagnose', before, '--session', file]).code, 1);
  await nextSecond();
  const r = cli(['session', 'verify', file, '--paths', after]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^✅ etcd-db-fragmentation on talos03: no longer found/m);
  assert.match(r.stdout, /^❌ etcd-db-fragmentation on talos01: new since the recorded diagnosis \(root cause\)/m);
  assert.equal(frontMatter(read(file), 'status'), 'investigating');
  assertClean(file);
});
