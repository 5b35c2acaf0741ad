import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CheckMessage, checkDocument, checkSession, formatCheckMessage, hasErrors, parseSession } from '../../src/session/index.js';
import { readFixture, readReference } from './fixtures.js';

const brief = (ms: CheckMessage[]): string[] => ms.map((m) => `${m.line} ${m.severity} ${m.code}`);

describe('session check', () => {
  it('finds nothing to report in the reference incident (LF or CRLF)', () => {
    assert.deepEqual(checkSession(readReference()), []);
    assert.deepEqual(checkSession(readReference().replace(/\n/g, '\r\n')), []);
    assert.deepEqual(checkDocument(parseSession(readReference())), []);
  });

  for (const name of ['crlf.md', 'no-final-newline.md', 'template-empty.md', 'unknown-frontmatter.md', 'values.md', 'item-unknown-keys.md', 'odd-indentation.md']) {
    it(`finds no errors in ${name}`, () => {
      assert.equal(hasErrors(checkSession(readFixture(name))), false, brief(checkSession(readFixture(name))).join('\n'));
    });
  }

  it('notes extra sections without calling them errors', () => {
    assert.deepEqual(brief(checkSession(readFixture('extra-sections.md'))), ['28 note section.extra', '57 note section.extra']);
  });

  it('reports broken fields with their lines', () => {
    const messages = checkSession(readFixture('broken-fields.md'));
    assert.deepEqual(brief(messages), [
      '1 error frontmatter.key_missing',
      '2 error status.invalid',
      '4 error timestamp.invalid',
      '7 error field.missing',
      '17 warning parse.unrecognised',
      '26 error timestamp.invalid',
      '30 error item.key_missing',
    ]);
    assert.match(messages[0].message, /updated/);
    assert.match(messages[3].message, /next_action/);
    assert.match(messages[6].message, /found/);
    assert.equal(hasErrors(messages), true);
    assert.equal(formatCheckMessage(messages[1], 'a.md'), `a.md:2: error: ${messages[1].message} [status.invalid]`);
  });

  it('reports sections out of order and missing', () => {
    assert.deepEqual(brief(checkSession(readFixture('broken-order.md'))), ['30 error section.order', '34 error section.missing']);
  });

  it('reports a missing front matter', () => {
    const messages = brief(checkSession(readFixture('no-frontmatter.md')));
    assert.equal(messages[0], '1 error frontmatter.missing');
    assert.deepEqual(messages.slice(1), [
      '8 error section.missing',
      '8 error section.missing',
      '8 error section.missing',
      '8 error section.missing',
    ]);
  });

  it('warns about timestamps without a zone, dates out of order, vague next actions, duplicates', () => {
    const ref = readReference();
    const text = ref
      .replace('updated: 2026-02-22T11:12:00Z', 'updated: 2026-02-22 11:12')
      .replace('next_action: Document findings and open new investigation for talos02 disk contention (Ceph vs etcd on same disk)', 'next_action: continue investigating')
      .replace('- timestamp: 2026-02-22T01:05:00Z', '- timestamp: 2026-02-21T23:05:00Z')
      .replace('## Resolution', '## Evidence\n\n## Resolution');
    assert.deepEqual(brief(checkSession(text)), [
      '5 warning timestamp.no_zone',
      '13 warning next_action.vague',
      '61 warning item.timestamp_order',
      '61 warning timestamp.before_created',
      '116 warning section.duplicate',
    ]);
  });

  it('warns when a resolved session has an empty root cause, and on invalid YAML front matter', () => {
    const text = readFixture('template-empty.md').replace('status: gathering', 'status: resolved').replace('created: 2026', 'created: [2026');
    const got = brief(checkSession(text));
    // yaml notices the unclosed flow sequence on the line after it.
    assert.ok(got.includes('5 warning frontmatter.yaml'), got.join('\n'));
    assert.ok(got.includes('4 error timestamp.invalid'), got.join('\n'));
    assert.deepEqual(got.filter((m) => m.includes('resolution.empty')), [
      '34 warning resolution.empty',
      '35 warning resolution.empty',
      '36 warning resolution.empty',
    ]);
  });
});
