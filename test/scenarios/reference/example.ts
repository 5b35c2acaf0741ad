// The bundled example, copied to a temp folder so a test can vary the incident without touching it.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diagnose } from '../../../src/diagnose.js';
import type { Report, Subject } from '../../../src/types.js';

export const EXAMPLE = path.resolve('examples/talos02-containercreating');

export interface Copy {
  dir: string;
  file(rel: string): string;
  edit(rel: string, fn: (text: string) => string): void;
  /** Applies fn to every file under the copy whose path matches. */
  editAll(match: RegExp, fn: (text: string, rel: string) => string): void;
  remove(rel: string): void;
  cleanup(): void;
}

export function copyExample(): Copy {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-example-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
  return {
    dir,
    file: (rel) => path.join(dir, rel),
    edit(rel, fn) {
      const f = path.join(dir, rel);
      writeFileSync(f, fn(readFileSync(f, 'utf8')));
    },
    editAll(match, fn) {
      for (const f of walk(dir)) {
        const rel = path.relative(dir, f);
        if (match.test(rel)) writeFileSync(f, fn(readFileSync(f, 'utf8'), rel));
      }
    },
    remove: (rel) => rmSync(path.join(dir, rel), { recursive: true, force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const run = (dir: string, symptom?: string): Promise<Report> => diagnose({ paths: [dir], symptom, now: new Date('2026-02-22T10:41:00Z') });

export const is = (s: Subject, kind: Subject['kind'], name: string): boolean => s.kind === kind && s.name === name;

/** Every chain of every root cause, as "mode@name" strings. */
export function chainsOf(report: Report): string[][] {
  return report.rootCauses.flatMap((r) => (r.chains ?? [r.chain]).map((c) => c.map((l) => `${l.failureMode}@${l.subject.name}`)));
}
