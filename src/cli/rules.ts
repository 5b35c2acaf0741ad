// `kubesleuth rules`: every rule with its id, failure mode and one-line description.
import { loadRules } from '../rules/registry.js';
import type { Io } from './io.js';

export async function runRules(argv: string[], io: Io): Promise<number> {
  const rules = await loadRules();
  if (argv.includes('-o') && argv[argv.indexOf('-o') + 1] === 'json') {
    io.stdout(`${JSON.stringify(rules.map(({ id, failureMode, description }) => ({ id, failureMode, description })), null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...rules.map((r) => r.id.length));
  const f = Math.max(...rules.map((r) => r.failureMode.length));
  for (const r of rules) io.stdout(`${r.id.padEnd(w)}  ${r.failureMode.padEnd(f)}  ${r.description}\n`);
  return 0;
}
