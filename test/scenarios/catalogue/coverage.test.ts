// Every failure mode of the catalogue (shared/spec/failure-modes.md) is covered: a rule that
// names it, that rule's doc, and a positive and a negative scenario folder. Paths are relative to
// the repo root (the cwd of `npm test`).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadRules } from '../../../src/rules/registry.js';
import { SCENARIOS, specIds } from './fixtures.js';

const hasFiles = (dir: string): boolean =>
  existsSync(dir) && readdirSync(dir).some((n) => !n.startsWith('.') && (statSync(path.join(dir, n)).isFile() || hasFiles(path.join(dir, n))));

describe('failure-mode coverage', () => {
  const ids = specIds();

  it('reads the catalogue', () => {
    assert.ok(ids.length >= 29, `only ${ids.length} ids in the spec`);
  });

  it('every failure mode has a rule', async () => {
    const named = new Set((await loadRules()).map((r) => r.failureMode));
    assert.deepEqual(ids.filter((id) => !named.has(id)), []);
  });

  it("every failure mode has a doc: its rule's docs/rules/<group>/<name>.md", async () => {
    const rules = await loadRules();
    const missing = ids.filter((id) => !rules.some((r) => r.failureMode === id && existsSync(`docs/rules/${r.id}.md`)));
    assert.deepEqual(missing, []);
  });

  it(`every failure mode has a positive and a negative scenario under ${SCENARIOS}/<id>/`, () => {
    const missing = ids.flatMap((id) => ['positive', 'negative'].filter((c) => !hasFiles(path.join(SCENARIOS, id, c))).map((c) => `${id}/${c}`));
    assert.deepEqual(missing, []);
  });

  it('every scenario folder belongs to a catalogued failure mode and says what it expects', () => {
    const wrong: string[] = [];
    for (const mode of existsSync(SCENARIOS) ? readdirSync(SCENARIOS) : []) {
      if (!ids.includes(mode)) wrong.push(`${mode}: not in the catalogue`);
      else for (const c of readdirSync(path.join(SCENARIOS, mode))) if (!/^(positive|negative)(-[a-z0-9-]+)?$/.test(c)) wrong.push(`${mode}/${c}: neither positive… nor negative…`);
    }
    assert.deepEqual(wrong, []);
  });
});
