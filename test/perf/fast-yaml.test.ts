// The fast YAML path (src/intake/fast-yaml.ts) gives the yaml package's values and object lines on
// kubectl-style YAML, and declines (leaving the text to the yaml package) whatever it cannot copy:
// never a different answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments, stringify, type Node as YamlNode } from 'yaml';
import { Rng } from '../../bench/generate.js';
import { parseKubeYaml, type FastDoc } from '../../src/intake/fast-yaml.js';
import { yamlItemNodes } from '../../src/intake/structured.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = path.join(ROOT, 'examples/talos02-containercreating');

/** What structured.ts takes from the yaml package: each document's value and its objects' lines. */
function reference(text: string): FastDoc[] | 'error' {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: FastDoc[] = [];
  for (const doc of list) {
    if (doc.errors.length) return 'error';
    const lines = yamlItemNodes(doc.contents).map((n) => counter.linePos((n as YamlNode).range?.[0] ?? 0).line);
    out.push({ value: doc.toJS({ maxAliasCount: 100 }), itemLines: lines });
  }
  return out;
}

/** Fast equals reference, or fast declined; returns whether it declined. */
function check(text: string, label: string): boolean {
  const fast = parseKubeYaml(text);
  if (fast === undefined) return true;
  const ref = reference(text);
  assert.notEqual(ref, 'error', `${label}: the yaml package finds an error the fast path accepted:\n${text}`);
  assert.deepStrictEqual(fast, ref, `${label}:\n${text}`);
  return false;
}

const WORDS = ['app', 'kube-system', 'talos02', 'Running', 'ContainerCreating', 'true', 'False', 'null', '~', 'NULL', '0x1F', '0o17', '017', '1e3', '-2.5', '.5', '.inf', '-.Inf', '.NaN', '+12', '3.', '007', '12:30', 'a: b', 'x #y', '#z', '- item', '? q', '[a]', '{b}', '*ref', '&anchor', '!tag', '%pct', '@at', '`tick', '"dq"', "'sq'", 'tab\there', 'line\nbreak', 'two\n\nbreaks', 'trailing ', ' leading', 'µs 200µs', 'emoji 🚀', 'back\\slash', 'end:', ':start', '-dash', '--', '---', '...', '', ' ', 'https://example.com/a?b=c', 'a|b', 'x > y', '{}', '[]', 'yes', 'on', 'Y', '1_000', '0b101', '1.0e+3', 'Infinity', '\u2028sep', 'bell\u0007', 'x'.repeat(90), `${'long words '.repeat(12)}end`];

function randomValue(r: Rng, depth: number): unknown {
  const x = r.next();
  if (depth > 3 || x < 0.45) {
    const y = r.next();
    if (y < 0.7) return r.pick(WORDS) + (r.next() < 0.3 ? ` ${r.pick(WORDS)}` : '');
    if (y < 0.8) return r.int(100000) - 500;
    if (y < 0.85) return r.next() * 1000;
    if (y < 0.9) return r.next() < 0.5;
    if (y < 0.95) return null;
    return r.next() < 0.5 ? {} : [];
  }
  if (x < 0.75) {
    const o: Record<string, unknown> = {};
    const n = 1 + r.int(5);
    for (let i = 0; i < n; i++) o[r.next() < 0.8 ? r.pick(['name', 'namespace', 'kind', 'items', 'spec', 'status', 'image', 'app.kubernetes.io/name', 'key with space', 'x']) + (r.next() < 0.5 ? '' : String(i)) : r.pick(WORDS)] = randomValue(r, depth + 1);
    return o;
  }
  return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
}

function podList(r: Rng, n: number): unknown {
  return {
    apiVersion: 'v1',
    items: Array.from({ length: n }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: r.pick(['default', 'kube-system', 'media']), labels: { app: r.pick(WORDS) }, annotations: { note: randomValue(r, 2) } },
      spec: { containers: [{ name: 'app', image: 'ghcr.io/x/y:1.0', command: ['/bin/sh', '-c', r.pick(WORDS)], resources: {} }], nodeName: 'talos02', extra: randomValue(r, 1) },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', message: r.pick(WORDS) }] },
    })),
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
}

describe('fast YAML path', () => {
  it("reads the example's YAML files exactly as the yaml package does (and declines none)", () => {
    for (const f of ['kubectl-get-pods.yaml', 'kubernetesResources/systemPods.yaml', 'kubernetesResources/nodes.yaml', 'ciliumnodes.yaml', 'volumeattachments.yaml']) {
      const text = readFileSync(path.join(EXAMPLE, f), 'utf8');
      assert.equal(check(text, f), false, `${f} declined`);
    }
  });

  it('gives the same values and lines on randomly generated object lists in many styles, or declines', () => {
    const r = new Rng(42);
    const styles = [
      { indentSeq: false },
      { indentSeq: false, lineWidth: 30 },
      { indentSeq: true },
      { indentSeq: false, defaultStringType: 'QUOTE_DOUBLE' as const },
      { indentSeq: false, defaultStringType: 'QUOTE_SINGLE' as const, lineWidth: 25 },
      { indentSeq: false, defaultStringType: 'BLOCK_LITERAL' as const },
      { indentSeq: false, defaultKeyType: 'QUOTE_DOUBLE' as const, lineWidth: 20, minContentWidth: 5 },
      { indentSeq: true, indent: 4 },
    ];
    let declined = 0;
    let lists = 0;
    for (let i = 0; i < 400; i++) {
      const style = styles[i % styles.length];
      const list = i % 3 === 0;
      const text = stringify(list ? podList(r, 1 + r.int(4)) : randomValue(r, 0), style);
      const no = check(text, `case ${i} ${JSON.stringify(style)}`);
      // Object lists in go-yaml's style (unindented sequences, plain strings) are the fast path's job.
      if (list && i % styles.length < 2) {
        lists++;
        if (no) declined++;
      }
      if (i % 7 === 0) check(`${text}---\n${stringify(randomValue(r, 1), style)}`, `case ${i} two docs`);
    }
    assert.ok(declined <= lists / 3, `declined ${declined} of ${lists} object lists`);
  });

  it('declines or agrees on hand-made edge cases', () => {
    const cases = [
      'a: 1\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: {b: 1}\n',
      'a: [1, 2]\n',
      'a: 1 # comment\n',
      '# head\na: 1\n  # indented comment\nb: 2\n',
      '---\na: 1\n---\nb: 2\n...\n',
      '---\n---\n',
      '--- # c\na: 1\n',
      'a: 1\na: 2\n',
      '<<: {a: 1}\n',
      'a:\n\tb: 1\n',
      'a: |\n  x\n  y\nb: 1\n',
      'a: |-\n  x\n\n  y\n\nb: 1\n',
      'a: |+\n  x\n\nb: 1\n',
      'a: |2\n   x\nb: 1\n',
      'a: >\n  x\n  y\nb: 1\n',
      'a: |\n  x\n',
      'a: |\n\n     \n  x\nb: 1\n',
      'a: "x\n  y\n\n  z"\nb: 1\n',
      'a: "x \\\n  y"\nb: 1\n',
      'a: "esc \\t \\u00e9 \\x41 \\N \\_ \\" \\\\ \\/"\n',
      'a: "bad \\q"\n',
      "a: 'it''s\n  folded'\nb: 1\n",
      'a: plain\n  continued\n\n  after blank\nb: 1\n',
      'a: plain\n- item\n',
      'a:\n- x\n- y\nb:\n  - z\n',
      'a:\n  b:\n  - 1\n  c: 2\n',
      '- a: 1\n  b: 2\n- - x\n  - y\n-\n- c\n',
      '-   a: 1\n    b: 2\n',
      'items:\n- kind: Pod\n  metadata:\n    name: p\n- kind: Node\n',
      'kind: List\nitems: []\n',
      'items: {}\n',
      'items:\n- 1\n- [x]\n- items:\n  - a: 1\n',
      '"quoted key": 1\n\'single\': 2\n"k\\tx": 3\n',
      '1: a\ntrue: b\nnull: c\n~: d\n0x10: e\n1.50: f\n',
      'a: 1\n b: 2\n',
      '  a: 1\n',
      'a: b: c\n',
      'a: -\n',
      'a: - b\n',
      'a:\n  plain scalar below\n',
      'a: x\n  y: z\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: ""\nb: \'\'\nc:\nd: ~\n',
      'a: "unterminated\n',
      'a: 1\r\nb: 2\r\n',
      'a: [] \nb: {}  \n',
      'a: café\nb: "naïve"\n',
      '__proto__: 1\n',
      'constructor: 1\ntoString: 2\n',
      'a: ? b\n',
      'a:\n  - x\n - y\n',
      '',
      '# only a comment\n',
    ];
    for (const [i, text] of cases.entries()) check(text, `edge case ${i}`);
  });
});
