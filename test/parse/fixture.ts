/** Reads the small parser inputs under test/fixtures/parse/ (tests run from the repo root). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvidenceRef } from '../../src/types.js';

export const PARSE_FIXTURES = path.resolve(process.cwd(), 'test/fixtures/parse');

export function fixtureText(name: string): string {
  return readFileSync(path.join(PARSE_FIXTURES, name), 'utf8');
}

/** The fixture's lines without the final empty one. */
export function fixtureLines(name: string): string[] {
  const lines = fixtureText(name).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A citation maker like the intake's: file name, line, excerpt. */
export const refIn = (source: string) => (line: number, excerpt: string): EvidenceRef => ({ source, line, excerpt });
