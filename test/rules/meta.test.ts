// Every rule has its test and its doc, is named after its file, and names a catalogued failure
// mode; the catalogue in code matches the spec. Paths are relative to the repo root (the cwd of
// `npm test`); compiled rules are imported from dist next to this compiled test.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CAUSAL_LINKS } from '../../src/model/causal-links.js';
import { FAILURE_MODES, isFailureMode } from '../../src/model/failure-modes.js';
import type { Rule } from '../../src/types.js';
import { RULES } from '../../src/rules/index.js';
import { loadRules } from '../../src/rules/registry.js';

const RULES_DIR = 'src/rules';
const SPEC = '../shared/spec/failure-modes.md';

/** `<group>/<name>` for every src/rules/<group>/<name>.ts (lib.ts and registry.ts sit one level up). */
function ruleIds(): string[] {
  const ids: string[] = [];
  for (const group of readdirSync(RULES_DIR, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const f of readdirSync(path.join(RULES_DIR, group.name))) {
      if (f.endsWith('.ts') && !f.endsWith('.d.ts')) ids.push(`${group.name}/${f.slice(0, -3)}`);
    }
  }
  return ids.sort();
}

/** Files under a folder of the repo, `<group>/<name>` by the given suffix. */
function pairedIds(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const ids: string[] = [];
  for (const group of readdirSync(dir, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name === 'helpers') continue;
    for (const f of readdirSync(path.join(dir, group.name))) if (f.endsWith(suffix)) ids.push(`${group.name}/${f.slice(0, -suffix.length)}`);
  }
  return ids.sort();
}

/** The compiled rule, or why it cannot be had (each rule is judged on its own). */
async function loadRule(id: string): Promise<Rule | string> {
  try {
    const mod = (await import(new URL(`../../src/rules/${id}.js`, import.meta.url).href)) as { default?: Rule };
    return mod.default && typeof mod.default.run === 'function' ? mod.default : `${id}: no default-exported rule`;
  } catch (e) {
    return `${id}: cannot be loaded (${(e as Error).message.split('\n')[0]})`;
  }
}

/** The section of a markdown doc under `## <title>`, up to the next `## `. */
function section(doc: string, title: string): string | undefined {
  const start = doc.search(new RegExp(`^## ${title}\\s*$`, 'm'));
  if (start < 0) return undefined;
  const rest = doc.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('rule files', () => {
  const ids = ruleIds();

  it('finds the rules', () => {
    assert.ok(ids.length >= 20, `only ${ids.length} rules under ${RULES_DIR}`);
    assert.ok(ids.includes('etcd/db-fragmentation'));
  });

  it('the rule index (src/rules/index.ts) lists every rule file once, and the registry gives them all', async () => {
    const ids = ruleIds();
    const indexed = await Promise.all(ids.map(loadRule));
    for (const r of indexed) assert.ok(typeof r !== 'string' && RULES.includes(r), `not in src/rules/index.ts: ${typeof r === 'string' ? r : r.id}`);
    assert.equal(RULES.length, ids.length, 'src/rules/index.ts lists a rule twice or one that has no file');
    assert.deepEqual((await loadRules()).map((r) => r.id), [...RULES].map((r) => r.id).sort((a, b) => a.localeCompare(b)));
  });

  it('every rule has a test and a doc of the same name', () => {
    const missing = ids.flatMap((id) => [`test/rules/${id}.test.ts`, `docs/rules/${id}.md`].filter((p) => !existsSync(p)));
    assert.deepEqual(missing, []);
  });

  it('every rule test and doc belongs to a rule', () => {
    const orphans = [
      ...pairedIds('test/rules', '.test.ts').filter((id) => !ids.includes(id)).map((id) => `test/rules/${id}.test.ts`),
      ...pairedIds('docs/rules', '.md').filter((id) => !ids.includes(id)).map((id) => `docs/rules/${id}.md`),
    ];
    assert.deepEqual(orphans, []);
  });

  it('every rule is named after its file and names a catalogued failure mode', async () => {
    const wrong: string[] = [];
    for (const id of ids) {
      const rule = await loadRule(id);
      if (typeof rule === 'string') {
        wrong.push(rule);
        continue;
      }
      if (rule.id !== id) wrong.push(`${id}: id is ${rule.id}`);
      if (!isFailureMode(rule.failureMode)) wrong.push(`${id}: unknown failure mode ${rule.failureMode}`);
      if (!rule.description.trim()) wrong.push(`${id}: no description`);
    }
    assert.deepEqual(wrong, []);
  });

  it('every doc starts with its rule id and names its failure mode', async () => {
    const wrong: string[] = [];
    for (const id of ids) {
      const file = `docs/rules/${id}.md`;
      if (!existsSync(file)) continue; // reported above
      const doc = readFileSync(file, 'utf8');
      const rule = await loadRule(id);
      if (typeof rule === 'string') continue; // reported above
      if (!doc.startsWith(`# ${id}\n`)) wrong.push(`${file}: does not start with "# ${id}"`);
      if (!doc.includes(`Failure mode: \`${rule.failureMode}\``)) wrong.push(`${file}: does not name failure mode ${rule.failureMode}`);
    }
    assert.deepEqual(wrong, []);
  });

  it("a doc's causal links are those of the model", async () => {
    const wrong: string[] = [];
    for (const id of ids) {
      const file = `docs/rules/${id}.md`;
      const links = existsSync(file) ? section(readFileSync(file, 'utf8'), 'Causal links') : undefined;
      if (links === undefined) continue;
      const rule = await loadRule(id);
      if (typeof rule === 'string') continue; // reported above
      const { failureMode } = rule;
      const named = new Set([...links.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((x) => x !== failureMode && isFailureMode(x)));
      const model = new Set(CAUSAL_LINKS.flatMap((l) => (l.cause === failureMode ? [l.effect] : l.effect === failureMode ? [l.cause] : [])));
      const extra = [...named].filter((x) => !model.has(x));
      const lacking = [...model].filter((x) => !named.has(x));
      if (extra.length || lacking.length) wrong.push(`${file}: ${lacking.length ? `lacks ${lacking.join(', ')}` : ''}${extra.length ? ` names unlinked ${extra.join(', ')}` : ''}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('failure-mode catalogue', () => {
  it(`FAILURE_MODES has exactly the ids of ${SPEC}`, () => {
    const spec = readFileSync(SPEC, 'utf8');
    const specIds = [...spec.matchAll(/^\s*[-*] `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    assert.ok(specIds.length >= 20, `only ${specIds.length} ids read from ${SPEC}`);
    assert.equal(new Set(specIds).size, specIds.length, 'ids repeat in the spec');
    assert.deepEqual(FAILURE_MODES.map((f) => f.id).sort(), [...specIds].sort());
  });

  it('every causal link joins catalogued failure modes', () => {
    const unknown = CAUSAL_LINKS.flatMap((l) => [l.cause, l.effect]).filter((id) => !isFailureMode(id));
    assert.deepEqual(unknown, []);
  });
});
