// Every failure mode of the catalogue, diagnosed from the evidence people actually hold: each
// fixture folder is one incident as pasted or saved (terminal sessions with prompts and fences,
// journald, CRI and talosctl logs, kubectl tables and describe output, etcdctl, dmesg). A positive
// case must name its failure mode — symptoms as symptoms, the rest as a root cause or a link of a
// chain — and a negative case, the healthy look-alike, must not name it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureMode } from '../../../src/model/failure-modes.js';
import { cases, chainModes, run } from './fixtures.js';

/** Cases in formats the intake cannot read yet: run, reported, not failing. Keyed `<mode>/<case>`. */
const TODO: Record<string, string> = {
};

describe('catalogue scenarios', () => {
  const all = cases();

  it('finds the fixtures', () => {
    assert.ok(all.length >= 58, `only ${all.length} scenario cases`);
  });

  for (const c of all) {
    const key = `${c.mode}/${c.name}`;
    const todo = TODO[key];
    it(`${key}: ${c.expect === 'positive' ? 'names' : 'does not name'} ${c.mode}`, todo ? { todo } : {}, async () => {
      const report = await run(c.dir);
      const found = report.findings.filter((f) => f.failureMode === c.mode);
      if (c.expect === 'negative') {
        assert.deepEqual(found.map((f) => f.message), [], `${key} names ${c.mode}`);
        return;
      }
      assert.ok(found.length > 0, `${key}: no ${c.mode} finding; found ${[...new Set(report.findings.map((f) => f.failureMode))].join(', ') || 'nothing'}`);
      for (const f of found) assert.ok(f.evidence.length > 0 && f.evidence.every((e) => e.source && e.excerpt), `${key}: a finding without citations`);
      if (failureMode(c.mode).kind === 'symptom') {
        assert.ok(report.symptoms.some((s) => s.failureMode === c.mode), `${key}: not among the symptoms`);
      } else {
        const named = report.rootCauses.some((r) => r.failureMode === c.mode) || chainModes(report).some((ch) => ch.includes(c.mode));
        assert.ok(named, `${key}: neither a root cause nor in a chain`);
      }
    });
  }
});
