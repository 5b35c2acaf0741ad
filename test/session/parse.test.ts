import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Field,
  frontMatterFields,
  frontMatterValue,
  getSection,
  itemRecord,
  parseSession,
  parseSessionWithProblems,
  sectionFields,
  sectionItems,
  sectionValue,
} from '../../src/session/index.js';
import { readFixture, readReference } from './fixtures.js';

const keys = (fields: Field[]): string[] => fields.map((f) => f.key);

describe('session parse: reference incident', () => {
  const doc = parseSession(readReference());

  it('reads the front matter, unquoting the trigger', () => {
    assert.deepEqual(keys(frontMatterFields(doc)), ['status', 'trigger', 'created', 'updated']);
    assert.equal(frontMatterValue(doc, 'status'), 'resolved');
    assert.equal(
      frontMatterValue(doc, 'trigger'),
      'Pods scheduled to talos02 get stuck in ContainerCreating with no events beyond Scheduled, while talos01 and talos03 are healthy.',
    );
    assert.equal(frontMatterValue(doc, 'created'), '2026-02-22T00:00:00Z');
    assert.equal(frontMatterValue(doc, 'updated'), '2026-02-22T11:12:00Z');
  });

  it('finds the five sections in order, with their lines', () => {
    assert.deepEqual(
      doc.sections.map((s) => [s.known, s.line]),
      [
        ['Current Focus', 8],
        ['Symptoms', 15],
        ['Eliminated', 31],
        ['Evidence', 49],
        ['Resolution', 116],
      ],
    );
  });

  it('reads fields, including a | block with quotes and colons inside', () => {
    assert.deepEqual(keys(sectionFields(getSection(doc, 'Current Focus'))), ['hypothesis', 'test', 'expecting', 'next_action']);
    assert.equal(
      sectionValue(doc, 'Current Focus', 'next_action'),
      'Document findings and open new investigation for talos02 disk contention (Ceph vs etcd on same disk)',
    );
    const errors = sectionValue(doc, 'Symptoms', 'errors')!.split('\n');
    assert.equal(errors.length, 8);
    assert.equal(errors[3], 'etcd: "waiting for ReadIndex response took too long, retrying"');
    assert.equal(sectionValue(doc, 'Symptoms', 'reproduction'), 'Schedule any pod to talos02; it never transitions out of ContainerCreating');
  });

  it('reads list items with their keys in order', () => {
    const eliminated = sectionItems(getSection(doc, 'Eliminated'));
    const evidence = sectionItems(getSection(doc, 'Evidence'));
    assert.equal(eliminated.length, 4);
    assert.equal(evidence.length, 13);
    for (const item of eliminated) assert.deepEqual(keys(item.fields), ['hypothesis', 'evidence', 'timestamp']);
    for (const item of evidence) assert.deepEqual(keys(item.fields), ['timestamp', 'checked', 'found', 'implication']);
    assert.equal(itemRecord(evidence[3]).found.slice(0, 37), '"waiting for ReadIndex response took ');
    assert.equal(itemRecord(evidence[12]).timestamp, '2026-02-22T11:07:00Z');
    assert.equal(evidence[12].line, 111);
  });

  it('keeps blank lines and deeper indentation inside block scalars', () => {
    const verification = sectionValue(doc, 'Resolution', 'verification')!.split('\n');
    assert.equal(verification[0], 'PARTIAL VERIFICATION:');
    assert.equal(verification[7], '   still causing apiserver timeouts; scheduler /livez probe still timing out');
    assert.equal(verification[11], '');
    assert.ok(sectionValue(doc, 'Resolution', 'root_cause')!.startsWith('TWO-LAYER ROOT CAUSE:\n\nLayer 1 (FIXED)'));
    assert.ok(sectionValue(doc, 'Resolution', 'fix')!.includes('\n  - talosctl etcd defrag --nodes 10.20.0.16'));
  });

  it('reports no parse problems', () => {
    assert.deepEqual(parseSessionWithProblems(readReference()).problems, []);
  });
});

describe('session parse: variations', () => {
  it('reads CRLF files into LF values', () => {
    const doc = parseSession(readFixture('crlf.md'));
    assert.equal(doc.eol, '\r\n');
    assert.equal(
      sectionValue(doc, 'Symptoms', 'errors'),
      'Error from server (InternalError): Internal error occurred: failed calling webhook "validate.payments.example.com"\ncontext deadline exceeded',
    );
    assert.equal(frontMatterValue(doc, 'status'), 'investigating');
  });

  it('keeps unknown front-matter keys, comments, lists', () => {
    const doc = parseSession(readFixture('unknown-frontmatter.md'));
    assert.deepEqual(keys(frontMatterFields(doc)), ['status', 'trigger', 'created', 'updated', 'owner', 'tags', 'ticket', 'related']);
    assert.equal(frontMatterValue(doc, 'owner'), 'sre-oncall');
    assert.deepEqual(frontMatterFields(doc).find((f) => f.key === 'tags')!.value, ['dns', 'coredns']);
    assert.deepEqual(frontMatterFields(doc).find((f) => f.key === 'related')!.value, ['OPS-1200', 'OPS-1201']);
    assert.equal(frontMatterValue(doc, 'ticket'), 'OPS-1234');
    assert.equal(doc.frontMatter!.parts[0].kind, 'raw');
  });

  it('keeps sections a person added as raw text, and does not split on headings inside code fences', () => {
    const doc = parseSession(readFixture('extra-sections.md'));
    assert.deepEqual(
      doc.sections.map((s) => [s.title, s.known]),
      [
        ['Current Focus', 'Current Focus'],
        ['Symptoms', 'Symptoms'],
        ['Timeline', null],
        ['Eliminated', 'Eliminated'],
        ['Evidence', 'Evidence'],
        ['Resolution', 'Resolution'],
        ['Follow-ups', null],
      ],
    );
    const timeline = doc.sections[2];
    assert.equal(timeline.parts.length, 1);
    assert.ok(timeline.parts[0].kind === 'raw' && timeline.parts[0].text.includes('## this is inside a code block'));
    assert.ok(doc.preamble.includes('# 502 on /api after cert rotation'));
  });

  it('decodes plain, quoted, folded, block, and list values', () => {
    const doc = parseSession(readFixture('values.md'));
    assert.equal(frontMatterValue(doc, 'trigger'), 'single "quoted" trigger');
    assert.equal(sectionValue(doc, 'Current Focus', 'hypothesis'), 'quoted: with a colon');
    assert.equal(sectionValue(doc, 'Current Focus', 'test'), "plain value with # hash and 'single' quotes");
    assert.equal(sectionValue(doc, 'Current Focus', 'expecting'), 'a plain value that continues on the next line');
    assert.equal(sectionValue(doc, 'Current Focus', 'next_action'), 'kubectl get pods\nkubectl describe pod x');
    assert.equal(sectionValue(doc, 'Symptoms', 'expected'), 'folded text on two lines\nsecond paragraph');
    assert.equal(sectionValue(doc, 'Symptoms', 'actual'), 'escaped "quote" and \\ backslash');
    assert.equal(sectionValue(doc, 'Symptoms', 'errors'), 'line one\n   indented more\nline three');
    assert.equal(sectionValue(doc, 'Symptoms', 'reproduction'), '');
    const found = itemRecord(sectionItems(getSection(doc, 'Evidence'))[0]).found;
    assert.equal(found, 'conditions:\n  - type: Ready\n    status: "False"');
    const files = sectionFields(getSection(doc, 'Resolution')).find((f) => f.key === 'files_changed')!;
    assert.deepEqual(files.value, ['src/a.ts', 'src/b c.ts']);
  });

  it('keeps unknown keys in items, in order, and blank lines inside an item', () => {
    const doc = parseSession(readFixture('item-unknown-keys.md'));
    const eliminated = sectionItems(getSection(doc, 'Eliminated'));
    assert.equal(eliminated.length, 2, 'items written without a blank line between them are still two items');
    assert.deepEqual(keys(eliminated[0].fields), ['hypothesis', 'evidence', 'timestamp', 'source']);
    const evidence = sectionItems(getSection(doc, 'Evidence'));
    assert.equal(evidence.length, 1);
    assert.deepEqual(keys(evidence[0].fields), ['timestamp', 'checked', 'command', 'found', 'implication', 'confidence']);
  });

  it('reads hand-written odd indentation as fields and items', () => {
    const doc = parseSession(readFixture('odd-indentation.md'));
    assert.equal(sectionValue(doc, 'Current Focus', 'hypothesis'), 'no default StorageClass');
    assert.equal(sectionValue(doc, 'Current Focus', 'next_action'), 'kubectl get pvc -A');
    assert.equal(
      sectionValue(doc, 'Symptoms', 'errors'),
      'waiting for a volume to be created, either by external provisioner\nor manually created by system administrator',
    );
    assert.equal(sectionValue(doc, 'Symptoms', 'reproduction'), 'kubectl apply -f pvc.yaml');
    const eliminated = sectionItems(getSection(doc, 'Eliminated'));
    assert.deepEqual(
      eliminated.map((i) => [i.dashIndent, i.keyIndent, keys(i.fields).join(',')]),
      [
        [2, 4, 'hypothesis,evidence,timestamp'],
        [0, 4, 'hypothesis,evidence,timestamp'],
      ],
    );
    const evidence = itemRecord(sectionItems(getSection(doc, 'Evidence'))[0]);
    assert.deepEqual(Object.keys(evidence), ['timestamp', 'checked', 'found', 'implication']);
    assert.equal(evidence.found, 'two classes, neither marked default');
  });

  it('keeps text that does not fit the grammar and reports its line', () => {
    const { document, problems } = parseSessionWithProblems(readFixture('broken-fields.md'));
    assert.deepEqual(problems.map((p) => p.line), [17]);
    const raw = getSection(document, 'Symptoms')!.parts.find((p) => p.kind === 'raw' && p.text.includes('prose'));
    assert.ok(raw, 'the prose line is kept as raw text');
    assert.deepEqual(keys(sectionFields(getSection(document, 'Symptoms'))), ['expected', 'actual', 'errors', 'reproduction', 'started']);
  });

  it('treats a file without front matter as body text', () => {
    const doc = parseSession(readFixture('no-frontmatter.md'));
    assert.equal(doc.frontMatter, null);
    assert.equal(doc.preamble, '# Debug: etcd alarms\n\n');
    assert.equal(sectionValue(doc, 'Current Focus', 'test'), 'etcdctl alarm list');
  });

  it('never throws on odd input', () => {
    for (const text of ['---\nstatus: [\n---\n', '## \n', '- : x\n', 'key: "\\', '\r\r\r', '## Evidence\n  - timestamp: |\n\n\n']) {
      assert.doesNotThrow(() => parseSessionWithProblems(text));
    }
  });
});
