/** Evidence trees written into a temp dir for intake tests, and the same trees as zips. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildZip } from '../helpers/zip-writer.js';
import type { EvidenceSet } from '../../src/types.js';

export type Tree = Record<string, string | Buffer>;

export function tempDir(prefix = 'kubesleuth-intake-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTree(root: string, tree: Tree): string {
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

export function writeZip(file: string, tree: Tree): string {
  writeFileSync(file, buildZip(Object.entries(tree).map(([name, data]) => ({ name, data }))));
  return file;
}

/** The evidence with every citation's location prefix replaced, so a folder and a zip of it compare equal. */
export function relocated(ev: EvidenceSet, from: string, to: string): EvidenceSet {
  return JSON.parse(JSON.stringify(ev).split(JSON.stringify(from).slice(1, -1)).join(to)) as EvidenceSet;
}

/** Fixed clock for year completion. */
export const NOW = new Date('2026-03-01T00:00:00Z');
