import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import {
  SessionEditError,
  appendEliminated,
  appendEvidence,
  appendItem,
  checkSession,
  frontMatterValue,
  getSection,
  itemRecord,
  parseSession,
  sameItemContent,
  sectionFields,
  sectionItems,
  sectionValue,
  setCurrentFocus,
  setFrontMatterValue,
  setResolution,
  setStatus,
  touchUpdated,
  writeSession,
} from '../../src/session/index.js';
import { changedLines, insertion, readFixture, readReference } from './fixtures.js';

const REF = readReference();
const ref = () => parseSession(REF);

/** Asserts `after` is `before` with `text` inserted at offset `at`. */
function assertInserted(before: string, after: string, at: number, text: string): void {
  assert.ok(at >= 0, 'insertion point found');
  assert.equal(after, before.slice(0, at) + text + before.slice(at));
}

/** Text before `## name` (heading excluded) and from the heading after it on. */
function around(text: string, name: string): { before: string; after: string } {
  const start = text.indexOf(`## ${name}`);
  const next = text.indexOf('\n## ', start + 3);
  return { before: text.slice(0, start), after: next === -1 ? '' : text.slice(next) };
}

describe('session edit: front matter', () => {
  it('sets status and updated, changing only those two lines', () => {
    const { doc, changed } = setStatus(ref(), 'investigating', new Date('2026-02-22T12:00:00.456Z'));
    assert.equal(changed, true);
    const out = writeSession(doc);
    assert.deepEqual(changedLines(REF, out), [2, 5]);
    assert.equal(out.split('\n')[1], 'status: investigating');
    assert.equal(out.split('\n')[4], 'updated: 2026-02-22T12:00:00Z');
  });

  it('leaves the input document untouched', () => {
    const original = ref();
    setStatus(original, 'fixing', '2026-02-22T12:00:00Z');
    appendEvidence(original, { timestamp: '2026-02-22T11:10:00Z', checked: 'a', found: 'b', implication: 'c' });
    assert.equal(writeSession(original), REF);
  });

  it('refuses to change trigger and created once present; the same value is a no-op', () => {
    for (const [key, value] of [
      ['trigger', 'something else'],
      ['created', '2026-02-23T00:00:00Z'],
    ] as const) {
      assert.throws(
        () => setFrontMatterValue(ref(), key, value),
        (e: unknown) => e instanceof SessionEditError && e.code === 'immutable_key',
      );
    }
    const same = setFrontMatterValue(ref(), 'created', '2026-02-22T00:00:00Z');
    assert.equal(same.changed, false);
    assert.equal(writeSession(same.doc), REF);
  });

  it('rejects unknown statuses and non-ISO timestamps', () => {
    assert.throws(() => setFrontMatterValue(ref(), 'status', 'done'), SessionEditError);
    assert.throws(() => touchUpdated(ref(), 'yesterday'), SessionEditError);
    assert.throws(() => touchUpdated(ref(), new Date('nope')), SessionEditError);
  });

  it('adds a missing key after the last one, and keeps unknown keys and comments', () => {
    const text = readFixture('unknown-frontmatter.md');
    const { doc } = setFrontMatterValue(parseSession(text), 'assignee', 'dana: sre');
    const out = writeSession(doc);
    const ins = insertion(text, out);
    assert.deepEqual(ins, { at: text.indexOf('---\n', 4), text: 'assignee: "dana: sre"\n' });
    const updated = writeSession(touchUpdated(doc, '2026-03-03T13:00:00Z').doc);
    assert.deepEqual(changedLines(out, updated), [6]);
  });

  it('creates front matter in a file that has none, trigger double-quoted', () => {
    const text = readFixture('no-frontmatter.md');
    let doc = parseSession(text);
    doc = setFrontMatterValue(doc, 'status', 'investigating').doc;
    doc = setFrontMatterValue(doc, 'trigger', 'etcd says "NOSPACE"').doc;
    const out = writeSession(doc);
    assert.ok(out.startsWith('---\nstatus: investigating\ntrigger: "etcd says \\"NOSPACE\\""\n---\n\n# Debug: etcd alarms\n'));
    assert.ok(out.endsWith(text));
    assert.equal(frontMatterValue(parseSession(out), 'trigger'), 'etcd says "NOSPACE"');
  });
});

describe('session edit: Current Focus and Resolution', () => {
  const focus = {
    hypothesis: 'Ceph OSD on talos02 saturates the disk etcd writes to',
    test: 'talosctl -n 10.20.0.15 read /proc/diskstats twice, 10s apart',
    expecting: 'nvme0n1 busy > 90% while etcd fdatasync > 1s',
    next_action: 'talosctl -n 10.20.0.15 logs etcd | grep "slow fdatasync"\nthen compare with ceph osd perf',
  };

  it('overwrites Current Focus and leaves everything else byte-identical', () => {
    const out = writeSession(setCurrentFocus(ref(), focus).doc);
    const a = around(REF, 'Current Focus');
    const b = around(out, 'Current Focus');
    assert.equal(b.before, a.before);
    assert.equal(b.after, a.after);
    const doc = parseSession(out);
    for (const [k, v] of Object.entries(focus)) assert.equal(sectionValue(doc, 'Current Focus', k), v);
    assert.ok(out.includes('\nnext_action: |\n  talosctl -n 10.20.0.15 logs etcd | grep "slow fdatasync"\n  then compare with ceph osd perf\n'));
    assert.deepEqual(checkSession(out), []);
  });

  it('overwrites only the fields whose value changes', () => {
    const doc = ref();
    const same = {
      hypothesis: sectionValue(doc, 'Current Focus', 'hypothesis')!,
      test: sectionValue(doc, 'Current Focus', 'test')!,
      expecting: sectionValue(doc, 'Current Focus', 'expecting')!,
      next_action: 'kubectl -n rook-ceph get pods -o wide',
    };
    const r = setCurrentFocus(doc, same);
    assert.deepEqual(changedLines(REF, writeSession(r.doc)), [13]);
    const again = setCurrentFocus(r.doc, same);
    assert.equal(again.changed, false);
  });

  it('overwrites Resolution fields with | blocks and adds files_changed: []', () => {
    const rootCause = 'etcd leader fragmented (88%)\n\nSecond paragraph: disk contention on talos02';
    const out = writeSession(setResolution(ref(), { root_cause: rootCause, files_changed: [] }).doc);
    const a = around(REF, 'Resolution');
    assert.equal(around(out, 'Resolution').before, a.before);
    assert.ok(out.includes('\nroot_cause: |\n  etcd leader fragmented (88%)\n\n  Second paragraph: disk contention on talos02\n\nfix: |\n'));
    assert.ok(out.endsWith('  enough to unblock kubelet token requests.\nfiles_changed: []\n'));
    // fix and verification keep their bytes.
    const fixAt = REF.indexOf('fix: |');
    assert.ok(out.endsWith(`${REF.slice(fixAt)}files_changed: []\n`));
    const doc = parseSession(out);
    assert.equal(sectionValue(doc, 'Resolution', 'root_cause'), rootCause);
    assert.deepEqual(sectionFields(getSection(doc, 'Resolution')).map((f) => f.key), ['root_cause', 'fix', 'verification', 'files_changed']);
  });

  it('fills the empty Resolution of a template, keeping its comment', () => {
    const text = readFixture('template-empty.md');
    const out = writeSession(
      setResolution(parseSession(text), { root_cause: 'one line', fix: 'two\nlines', files_changed: ['src/a.ts', 'b, c.ts'] }).doc,
    );
    assert.ok(
      out.endsWith(
        '## Resolution\n<!-- OVERWRITE as understanding evolves -->\n\nroot_cause: one line\nfix: |\n  two\n  lines\nverification: \nfiles_changed: [src/a.ts, "b, c.ts"]\n',
      ),
    );
    assert.equal(around(out, 'Resolution').before, around(text, 'Resolution').before);
  });

  it('writes single-line values plain when YAML reads them back unchanged, double-quoted otherwise', () => {
    const template = parseSession(readFixture('template-empty.md'));
    const tricky = ['a: b', '- starts with dash', '#hash', 'true', '123', '[x]', '"quoted"', 'trailing  ', 'x #y', '@at', '*star', '%pct', '`tick`'];
    for (const value of tricky) {
      const out = writeSession(setResolution(template, { fix: value }).doc);
      assert.equal(sectionValue(parseSession(out), 'Resolution', 'fix'), value);
      const line = out.split('\n').find((l) => l.startsWith('fix: '))!;
      assert.ok(line.startsWith('fix: "'), line);
      assert.deepEqual(YAML.parse(line), { fix: value });
    }
    for (const value of ['plain words', "it's fine", 'a—b (c) 98%', 'back\\slash "q"']) {
      const out = writeSession(setResolution(template, { fix: value }).doc);
      const line = out.split('\n').find((l) => l.startsWith('fix: '))!;
      assert.deepEqual(YAML.parse(line), { fix: value });
      assert.equal(sectionValue(parseSession(out), 'Resolution', 'fix'), value);
    }
    assert.ok(writeSession(setResolution(template, { fix: 'plain words' }).doc).includes('\nfix: plain words\n'));
  });

  it('keeps the block style of a field when its new value is a single line', () => {
    const out = writeSession(setResolution(ref(), { fix: 'scaled the OSD down: done' }).doc);
    assert.ok(out.includes('\nfix: |\n  scaled the OSD down: done\n\nverification: |\n'));
  });
});

describe('session edit: append-only lists', () => {
  const item = {
    timestamp: '2026-02-22T11:10:00Z',
    checked: 'talosctl -n 10.20.0.15 read /proc/diskstats (nvme0n1, 10s apart)',
    found: 'nvme0n1 98% busy; ceph-osd.2 accounts for 91% of writes',
    implication: 'etcd WAL shares a saturated disk with the OSD',
  };

  it('appends an Evidence item after the last one, all earlier and later text unchanged', () => {
    const { doc, changed } = appendEvidence(ref(), item);
    assert.equal(changed, true);
    const out = writeSession(doc);
    assertInserted(
      REF,
      out,
      REF.indexOf('\n## Resolution'),
      '\n- timestamp: 2026-02-22T11:10:00Z\n  checked: talosctl -n 10.20.0.15 read /proc/diskstats (nvme0n1, 10s apart)\n  found: nvme0n1 98% busy; ceph-osd.2 accounts for 91% of writes\n  implication: etcd WAL shares a saturated disk with the OSD\n',
    );
    const items = sectionItems(getSection(parseSession(out), 'Evidence'));
    assert.equal(items.length, 14);
    assert.deepEqual(itemRecord(items[13]), item);
    assert.deepEqual(checkSession(out), []);
  });

  it('skips an item whose content equals an existing one', () => {
    const existing = itemRecord(sectionItems(getSection(ref(), 'Evidence'))[2]);
    const dup = { ...existing, timestamp: '2026-02-22T11:11:00Z', found: `  ${String(existing.found).replace(/ /g, '  ')} ` };
    const r = appendItem(ref(), 'Evidence', dup);
    assert.equal(r.changed, false);
    assert.equal(writeSession(r.doc), REF);
    // With the timestamp compared too, it is a different item.
    assert.equal(appendItem(ref(), 'Evidence', dup, { ignoreKeys: [] }).changed, true);
    // A different fact is appended.
    assert.equal(appendItem(ref(), 'Evidence', { ...dup, found: 'something else' }).changed, true);
    // Appending the same item twice adds it once.
    const once = appendEvidence(ref(), item).doc;
    const twice = appendEvidence(once, item);
    assert.equal(twice.changed, false);
    assert.equal(sectionItems(getSection(twice.doc, 'Evidence')).length, 14);
  });

  it('compares items on normalised content', () => {
    assert.ok(sameItemContent({ a: 'x  y', b: 'z' }, [['b', 'z\n'], ['A', ' x\ny ']]));
    assert.ok(!sameItemContent({ a: 'x y' }, { a: 'x y', b: 'z' }));
    assert.ok(!sameItemContent({ a: 'x', timestamp: '1' }, { a: 'x', timestamp: '2' }, { ignoreKeys: [] }));
    assert.ok(sameItemContent({ a: 'x', timestamp: '1' }, { a: 'x', timestamp: '2' }));
  });

  it('appends Eliminated items in the reference style', () => {
    const out = writeSession(
      appendEliminated(ref(), {
        timestamp: new Date('2026-02-22T11:00:00Z'),
        evidence: 'kubelet logs show no CNI errors',
        hypothesis: 'Cilium agent restarts',
      }).doc,
    );
    assertInserted(REF, out, REF.indexOf('\n## Evidence'), '\n- hypothesis: Cilium agent restarts\n  evidence: kubelet logs show no CNI errors\n  timestamp: 2026-02-22T11:00:00Z\n');
  });

  it('appends into an empty section under its comment, and into a file without a final newline', () => {
    const template = readFixture('template-empty.md');
    const out = writeSession(appendEvidence(parseSession(template), item).doc);
    assert.ok(
      out.includes(
        '## Evidence\n<!-- APPEND only - facts discovered during investigation -->\n\n- timestamp: 2026-02-22T11:10:00Z\n',
      ),
    );
    assert.ok(out.includes('  implication: etcd WAL shares a saturated disk with the OSD\n\n## Resolution\n'));
    assert.ok(insertion(template, out));

    const noNewline = readFixture('no-final-newline.md');
    const withFiles = writeSession(setResolution(parseSession(noNewline), { files_changed: ['deploy/webhook.yaml'] }).doc);
    assert.equal(withFiles, noNewline.replace('files_changed: []', 'files_changed: [deploy/webhook.yaml]\n'));
    const evidenceLast = 'x\n\n## Evidence\n\n- timestamp: 2026-01-01T00:00:00Z\n  checked: a\n  found: b\n  implication: c';
    const appended = writeSession(appendEvidence(parseSession(evidenceLast), item).doc);
    assert.equal(appended.slice(0, evidenceLast.length + 2), `${evidenceLast}\n\n`);
    assert.ok(appended.endsWith('  implication: etcd WAL shares a saturated disk with the OSD\n'));
  });

  it('keeps CRLF when appending to a CRLF file', () => {
    const text = readFixture('crlf.md');
    const out = writeSession(appendEvidence(parseSession(text), item).doc);
    assert.ok(insertion(text, out));
    assert.equal(out.split('\n').length, out.split('\r\n').length, 'no bare LF');
    assert.equal(sectionItems(getSection(parseSession(out), 'Evidence')).length, 2);
  });

  it('follows the indentation of existing items and a list written without blank lines', () => {
    const odd = readFixture('odd-indentation.md');
    const out = writeSession(appendEliminated(parseSession(odd), { hypothesis: 'h', evidence: 'e', timestamp: '2026-03-07T05:40:00Z' }).doc);
    // The last item is written "-   hypothesis:" with its keys at column 4; the new one follows it.
    assertInserted(odd, out, odd.indexOf('\n## Evidence'), '\n-   hypothesis: h\n    evidence: e\n    timestamp: 2026-03-07T05:40:00Z\n');

    const tight = readFixture('item-unknown-keys.md');
    const out2 = writeSession(appendEliminated(parseSession(tight), { hypothesis: 'h', evidence: 'e', timestamp: '2026-03-06T02:30:00Z' }).doc);
    assertInserted(tight, out2, tight.indexOf('\n## Evidence'), '- hypothesis: h\n  evidence: e\n  timestamp: 2026-03-06T02:30:00Z\n');
  });

  it('creates a missing section in format order', () => {
    const text = readFixture('broken-order.md');
    const out = writeSession(setResolution(parseSession(text), { root_cause: 'metrics-server down', fix: 'f', verification: 'v' }).doc);
    assert.ok(out.startsWith(text));
    assert.equal(out.slice(text.length), '\n## Resolution\n\nroot_cause: metrics-server down\nfix: f\nverification: v\n');

    const noEvidence = REF.replace(/## Evidence\n[\s\S]*?(?=## Resolution)/, '');
    const added = writeSession(appendEvidence(parseSession(noEvidence), item).doc);
    assert.ok(insertion(noEvidence, added));
    const doc = parseSession(added);
    assert.deepEqual(doc.sections.map((s) => s.known), ['Current Focus', 'Symptoms', 'Eliminated', 'Evidence', 'Resolution']);
    assert.deepEqual(checkSession(added), []);
  });

  it('validates timestamps of appended items', () => {
    assert.throws(() => appendEvidence(ref(), { ...item, timestamp: 'now' }), SessionEditError);
    assert.equal(itemRecord(sectionItems(getSection(appendEvidence(ref(), { ...item, timestamp: new Date(Date.UTC(2026, 1, 22, 11, 9, 30, 999)) }).doc, 'Evidence'))[13]).timestamp, '2026-02-22T11:09:30Z');
  });
});
