// The catalogue's scenario fixtures: test/fixtures/scenarios/<failure-mode>/<case>/, where a case
// named positive… must name the failure mode and one named negative… must not. Paths are relative
// to the repo root (the cwd of `npm test`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/diagnose.js';
import type { Report } from '../../../src/types.js';

export const SPEC = '../shared/spec/failure-modes.md';
export const SCENARIOS = 'test/fixtures/scenarios';
/** The clock the scenarios are diagnosed at (their excerpts are from 2026-02-22, some without a year). */
export const NOW = new Date('2026-02-22T12:00:00Z');

/** Every failure-mode id of the spec, in its order. */
export function specIds(): string[] {
  return [...readFileSync(SPEC, 'utf8').matchAll(/^\s*[-*] `([a-z0-9-]+)`/gm)].map((m) => m[1]);
}

export interface Case {
  mode: string;
  name: string;
  expect: 'positive' | 'negative';
  dir: string;
}

export function cases(): Case[] {
  if (!existsSync(SCENARIOS)) return [];
  const out: Case[] = [];
  for (const mode of readdirSync(SCENARIOS).sort()) {
    const modeDir = path.join(SCENARIOS, mode);
    for (const name of readdirSync(modeDir).sort()) {
      const expect = name.startsWith('positive') ? 'positive' : name.startsWith('negative') ? 'negative' : undefined;
      if (expect) out.push({ mode, name, expect, dir: path.join(modeDir, name) });
    }
  }
  return out;
}

export const run = (dir: string): Promise<Report> => diagnose({ paths: [dir], now: NOW });

/** Every chain of every root cause, as failure-mode ids. */
export function chainModes(r: Report): string[][] {
  return r.rootCauses.flatMap((c) => (c.chains ?? [c.chain]).map((ch) => ch.map((l) => l.failureMode)));
}
