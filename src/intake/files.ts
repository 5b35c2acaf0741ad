// The files behind an input path: a folder walked in sorted order, a zip read entry by entry
// (unsafe entry names rejected), or a single file. Each becomes a VirtualFile opened on demand.
import { createReadStream, lstatSync, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { UserError } from './errors.js';

export interface VirtualFile {
  /** Path relative to the input root, with forward slashes. */
  rel: string;
  /** How it is cited: input location + rel. */
  display: string;
  size: number;
  /** Where it is on disk, for a plain file (not a zip entry): read directly, without a stream. */
  path?: string;
  open(): Promise<Readable>;
}

export interface InputFiles {
  kind: 'folder' | 'zip' | 'file';
  files: VirtualFile[];
  warnings: string[];
  close(): void;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const MAX_DEPTH = 12;

export async function isZip(file: string): Promise<boolean> {
  const fh = await import('node:fs/promises').then((fs) => fs.open(file, 'r'));
  try {
    const buf = Buffer.alloc(4);
    await fh.read(buf, 0, 4, 0);
    return buf.equals(ZIP_MAGIC);
  } finally {
    await fh.close();
  }
}

export async function listInput(input: string): Promise<InputFiles> {
  let st;
  try {
    st = await stat(input);
  } catch {
    throw new UserError(`no such file or folder: ${input}`);
  }
  if (st.isDirectory()) return listFolder(input);
  if (await isZip(input)) return listZip(input);
  const display = input;
  return {
    kind: 'file',
    files: [{ rel: path.basename(input), display, size: st.size, path: input, open: async () => createReadStream(input) }],
    warnings: [],
    close: () => undefined,
  };
}

async function listFolder(root: string): Promise<InputFiles> {
  const files: VirtualFile[] = [];
  const warnings: string[] = [];
  // Synchronous calls: a folder of a few hundred files is listed in a millisecond or two, where one
  // awaited call per entry would wait on the thread pool each time.
  const walk = (dir: string, rel: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      warnings.push(`${dir}: nested deeper than ${MAX_DEPTH} folders; not read`);
      return;
    }
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (entry.isSymbolicLink()) {
        warnings.push(`${full}: symbolic link not followed`);
      } else if (entry.isDirectory()) {
        walk(full, r, depth + 1);
      } else if (entry.isFile()) {
        if (/\.md$/i.test(name) && /^readme/i.test(name)) continue;
        files.push({ rel: r, display: path.join(root, r), size: lstatSync(full).size, path: full, open: async () => createReadStream(full) });
      }
    }
  };
  walk(root, '', 0);
  return { kind: 'folder', files, warnings, close: () => undefined };
}

/** A zip entry name that stays inside the extraction folder, or undefined. */
export function safeEntryName(name: string): string | undefined {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\0')) return undefined;
  const parts = n.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return undefined;
  return parts.join('/');
}

async function listZip(file: string): Promise<InputFiles> {
  const { default: yauzlLib } = await import('yauzl');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzlLib.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, z) =>
      err || !z ? reject(new UserError(`${file}: not a readable zip (${err?.message ?? 'unknown error'})`)) : resolve(z),
    ),
  );
  const files: VirtualFile[] = [];
  const warnings: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const raw = (entry.fileName as unknown as Buffer).toString('utf8');
      const rel = safeEntryName(raw);
      if (rel === undefined) {
        warnings.push(`${file}: entry "${raw}" would escape the folder; skipped`);
      } else if (!raw.endsWith('/')) {
        files.push({
          rel,
          display: `${file}:${rel}`,
          size: entry.uncompressedSize,
          open: () =>
            new Promise<Readable>((res, rej) =>
              zip.openReadStream(entry, (err, s) => (err || !s ? rej(new UserError(`${file}:${rel}: cannot read entry (${err?.message})`)) : res(s))),
            ),
        });
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) => reject(new UserError(`${file}: corrupt zip (${err.message})`)));
    zip.readEntry();
  });
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { kind: 'zip', files, warnings, close: () => zip.close() };
}
