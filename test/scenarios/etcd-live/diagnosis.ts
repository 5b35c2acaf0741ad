// Shared by the live etcd scenarios: run the real CLI, and say a diagnosis in a few strings so
// each scenario can assert the complete expected diagnosis at once.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Report } from '../../../src/types.js';

const BIN = resolve('bin/kubesleuth.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/kubesleuth.js ...args` from the repository root. */
export function kubesleuth(args: string[]): Promise<CliResult> {
  return new Promise((res) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      res({ code, stdout, stderr });
    });
  });
}

/** Root causes, ranked: "failure-mode Kind/name". */
export const rootCauses = (r: Report): string[] => r.rootCauses.map((c) => `${c.failureMode} ${c.subject.kind}/${c.subject.name}`);

/** Everything any finding blames (warning or critical), sorted and deduplicated. */
export const blamed = (r: Report): string[] =>
  [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.failureMode} ${f.subject.kind}/${f.subject.name}`))].sort();

/** For assertion messages: what the report said. */
export const said = (r: Report): string =>
  JSON.stringify({ rootCauses: r.rootCauses.map((c) => c.summary), findings: r.findings.map((f) => `${f.rule}: ${f.message}`), warnings: r.sources.flatMap((s) => s.warnings) }, null, 1);
