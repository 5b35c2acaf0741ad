// Every rule: the static list in index.ts (one file per rule, `export default` a Rule; the meta test
// checks it against the rule folders), in id order. Loaded when first asked for.
import type { Rule } from '../types.js';
import { collate } from '../util/collate.js';

let cache: Rule[] | undefined;

export async function loadRules(): Promise<Rule[]> {
  if (cache) return cache;
  const { RULES } = await import('./index.js');
  cache = [...RULES].sort((a, b) => collate(a.id, b.id));
  return cache;
}
