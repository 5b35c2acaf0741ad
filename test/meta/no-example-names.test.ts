// The rules must be general: nothing in src/ may name the bundled example's nodes, addresses,
// etcd member ids or pods. The names are read from the example itself, so a renamed example
// keeps the test honest.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const EXAMPLE = path.resolve('examples/talos02-containercreating');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function exampleNames(): string[] {
  const names = new Set<string>();
  const status = readFileSync(path.join(EXAMPLE, 'talosctl-etcd-status.txt'), 'utf8').split('\n').slice(1);
  for (const row of status) {
    const [ip, member] = row.trim().split(/\s+/);
    if (ip) names.add(ip);
    if (member) names.add(member);
  }
  const nodes = readFileSync(path.join(EXAMPLE, 'kubernetesResources/nodes.yaml'), 'utf8');
  for (const m of nodes.matchAll(/^ {4}name: (\S+)$/gm)) names.add(m[1]);
  const events = readFileSync(path.join(EXAMPLE, 'kubectl-get-events.txt'), 'utf8');
  for (const m of events.matchAll(/pod\/([\w-]+)/g)) names.add(m[1]);
  return [...names].filter((n) => n.length >= 6);
}

describe('no example names in src/', () => {
  const names = exampleNames();

  it('reads the example names', () => {
    assert.ok(names.length >= 6, `only ${names.join(', ')}`);
  });

  it('finds none of them in the source', () => {
    const hits: string[] = [];
    for (const file of walk(path.resolve('src')).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const n of names) if (text.includes(n)) hits.push(`${path.relative(process.cwd(), file)}: ${n}`);
    }
    assert.deepEqual(hits, []);
  });
});
