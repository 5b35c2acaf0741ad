// Every rule: the static list in index.ts (one file per rule, `export default` a Rule), in id order.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../types.js';
import { collate } from '../util/collate.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The rule files in the rule folders (the meta test compares them with index.ts). */
export function ruleFiles(): string[] {
  const out: string[] = [];
  for (const group of readdirSync(HERE, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const f of readdirSync(path.join(HERE, group.name)).sort()) {
      if (f.endsWith('.js')) out.push(path.join(HERE, group.name, f));
    }
  }
  return out.sort();
}

let cache: Rule[] | undefined;

export async function loadRules(): Promise<Rule[]> {
  if (cache) return cache;
  const { RULES } = await import('./index.js');
  cache = RULES.filter((r) => r && typeof r.run === 'function').sort((a, b) => collate(a.id, b.id));
  return cache;
}
