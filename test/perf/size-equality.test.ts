// Findings do not depend on how much ordinary log there is around the signals: the bundled example
// and the same example grown with ordinary lines (bench/generate.ts, as `npm run bench` does at
// 1 GB) give the same report — every root cause, finding, count, time and cited line, once the
// large bundle's line numbers are mapped back to the example's and the sizes rules quote ("in
// 12422 lines of etcd log", "658 warnings": the ordinary lines include warnings) are set aside.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateBundle, type Bundle } from '../../bench/generate.js';
import { diagnose } from '../../src/diagnose.js';
import { tempDir } from '../intake/tree.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = path.join(ROOT, 'examples/talos02-containercreating');
const NOW = new Date('2026-02-22T12:00:00Z');

/** The report as JSON with the bundle's location and the grown files' line numbers made the example's. */
function normalised(report: unknown, b: Bundle): unknown {
  const inverse = new Map<string, Map<number, number>>();
  for (const [rel, map] of Object.entries(b.lineMaps)) inverse.set(rel, new Map(map.map((large, i) => [large, i + 1])));
  const prefix = `${b.dir}${path.sep}`;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = walk(x);
      if (typeof o.source === 'string' && typeof o.line === 'number' && o.source.startsWith(prefix)) {
        const lines = inverse.get(o.source.slice(prefix.length).split(path.sep).join('/'));
        if (lines) {
          const small = lines.get(o.line);
          assert.ok(small !== undefined, `${o.source}:${o.line} cites an ordinary (generated) line`);
          out.line = small;
        }
      }
      return out;
    }
    if (typeof v === 'string') {
      return v.split(prefix).join('BUNDLE/').split(b.dir).join('BUNDLE').replace(/\b\d+ lines\b/g, 'N lines').replace(/\b\d+ warnings\b/g, 'N warnings');
    }
    return v;
  };
  return walk(report);
}

describe('findings do not depend on the size of the logs around the signals', () => {
  const tmp = tempDir('kubesleuth-size-');
  after(() => tmp.cleanup());

  it('the example and the example grown to 40 MB give the same report', async () => {
    const small = generateBundle({ out: path.join(tmp.dir, 'small'), example: EXAMPLE, bytes: 0 });
    const large = generateBundle({ out: path.join(tmp.dir, 'large'), example: EXAMPLE, bytes: 40_000_000 });
    assert.ok(large.bytes > 10 * small.bytes);
    const a = await diagnose({ paths: [small.dir], now: NOW });
    const b = await diagnose({ paths: [large.dir], now: NOW });
    assert.ok(a.rootCauses.length > 0 && a.timeline.length > 1000);
    assert.deepStrictEqual(normalised(b, large), normalised(a, small));
  });
});
