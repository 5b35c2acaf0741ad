import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendEvidence, checkSession, parseSession, setCurrentFocus, writeSession } from '../../src/session/index.js';
import { fixtureNames, insertion, prng, readFixture, readReference } from './fixtures.js';

const roundTrip = (text: string): string => writeSession(parseSession(text));

describe('session round trip', () => {
  it('writes the reference incident back byte for byte', () => {
    const text = readReference();
    assert.ok(text.length > 10_000, 'reference document should be read in full');
    assert.equal(roundTrip(text), text);
  });

  for (const name of fixtureNames()) {
    it(`writes fixture ${name} back byte for byte`, () => {
      const text = readFixture(name);
      assert.equal(roundTrip(text), text);
    });
  }

  it('keeps CRLF line endings, a BOM, and a missing final newline', () => {
    const ref = readReference();
    const variants = [
      ref.replace(/\n/g, '\r\n'),
      `\uFEFF${ref}`,
      ref.replace(/\n$/, ''),
      ref.replace(/\n$/, '').replace(/\n/g, '\r\n'),
      ref.replace(/: /g, ':   ').replace(/\n/g, '  \n'),
      ref.replace(/\n\n/g, '\n\n\n'),
      ref.replace(/\n\n- /g, '\n- '),
      '',
      '\n',
      '---',
      '---\n',
      '## Evidence',
      '## Evidence\n- timestamp:',
      'status: x\n',
    ];
    // Mixed line endings: every third line CRLF.
    variants.push(
      ref
        .split('\n')
        .map((l, i) => (i % 3 === 0 ? `${l}\r` : l))
        .join('\n'),
    );
    for (const v of variants) assert.equal(roundTrip(v), v);
  });

  it('survives random damage: never throws, always writes back the same bytes, appends by pure insertion', () => {
    const ref = readReference();
    const pool = [
      '',
      '   ',
      '---',
      '...',
      '## Extra',
      '## Evidence',
      '```',
      '~~~',
      '<!-- open comment',
      '-->',
      '- ',
      '-',
      '- key: value',
      '- key: |',
      '  - nested: x',
      'key:',
      'key: |',
      'key: >-',
      'key: "unterminated',
      "key: 'single",
      'key: [a, b',
      '\tkey: tab',
      '    deep text',
      '\r',
      '\uFEFF',
      '#',
      '# comment',
      '❌ failed',
      'PENDING: x',
    ];
    const rand = prng(20260222);
    for (let round = 0; round < 400; round += 1) {
      const lines = ref.split('\n');
      const edits = 1 + Math.floor(rand() * 8);
      for (let e = 0; e < edits; e += 1) {
        const at = Math.floor(rand() * lines.length);
        const op = Math.floor(rand() * 6);
        if (op === 0) lines.splice(at, 1);
        else if (op === 1) lines.splice(at, 0, pool[Math.floor(rand() * pool.length)]);
        else if (op === 2) lines[at] = ' '.repeat(Math.floor(rand() * 5)) + lines[at].trimStart();
        else if (op === 3) lines[at] = `${lines[at]}\r`;
        else if (op === 4) lines.splice(at, 0, lines[Math.floor(rand() * lines.length)]);
        else lines[at] = lines[at].slice(0, Math.floor(rand() * (lines[at].length + 1)));
      }
      let text = lines.join('\n');
      if (rand() < 0.2) text = text.slice(0, Math.floor(rand() * text.length));
      const doc = parseSession(text);
      assert.equal(writeSession(doc), text, `round ${round}`);
      assert.doesNotThrow(() => checkSession(text));

      const appended = writeSession(
        appendEvidence(doc, {
          timestamp: '2026-02-22T11:30:00Z',
          checked: `fuzz round ${round}`,
          found: 'a fact',
          implication: 'a consequence',
        }).doc,
      );
      assert.notEqual(appended, text, `round ${round}: evidence was appended`);
      assert.ok(insertion(text, appended), `round ${round}: append must only insert text`);
      assert.equal(roundTrip(appended), appended);

      const focused = writeSession(
        setCurrentFocus(doc, { hypothesis: 'h', test: 't', expecting: 'e', next_action: 'kubectl get nodes' }).doc,
      );
      assert.equal(roundTrip(focused), focused);
    }
  });
});
