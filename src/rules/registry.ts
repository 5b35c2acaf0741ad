// Every rule, loaded from the rule folders: one file per rule, `export default` a Rule.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Rule } from '../types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

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
  // Imported together: the loader reads and links them at once rather than one after another.
  const mods = (await Promise.all(ruleFiles().map((file) => import(pathToFileURL(file).href)))) as Array<{ default?: Rule }>;
  const rules: Rule[] = [];
  for (const mod of mods) if (mod.default && typeof mod.default.run === 'function') rules.push(mod.default);
  cache = rules.sort((a, b) => a.id.localeCompare(b.id));
  return cache;
}
