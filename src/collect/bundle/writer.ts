// The bundle writer: collectors hand it API objects, logs and command output; it redacts them
// (src/collect/bundle/redact.ts) and writes them into a private staging folder in the bundle
// layout (docs/bundle-layout.md). `diagnose` with live flags reads that folder with the offline
// intake and removes it; `collect` zips it (written to a temp file, then renamed) and removes it.
// Nothing unredacted is ever written by this module.
import { createReadStream, createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import yazl from 'yazl';
import { splitLines } from '../../intake/lines.js';
import { UserError } from '../../intake/errors.js';
import { emptyManifest, MANIFEST_NAME, type BundleManifest, type ManifestFailure, type ManifestFile } from './manifest.js';
import { Redactor } from './redact.js';

/** A line longer than this is written pretty-printed so no line reader has to cut it. */
const MAX_ITEM_LINE = 200 * 1024;
/** Files up to this size are redacted as a whole; larger ones line by line. */
const WHOLE_TEXT_MAX = 32 * 1024 * 1024;

export type FileMeta = Omit<ManifestFile, 'path' | 'bytes'>;

export function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** One path segment from a name the cluster chose (a pod, a node): nothing that climbs or hides. */
export function safeSegment(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._:@+-]/g, '_');
  return s === '' || s === '.' || s === '..' || s.startsWith('.') ? `_${s.replace(/^\.+/, '')}` : s;
}

export function bundlePath(...segments: string[]): string {
  return segments.map(safeSegment).join('/');
}

/** Strings longer than this (huge annotations, embedded files) are cut when an object is too long for one line. */
const MAX_STRING = 32 * 1024;

/** The object with every string over MAX_STRING cut and marked, so each line of its pretty form stays readable. */
export function shortenStrings(v: unknown): unknown {
  if (typeof v === 'string') return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…[${v.length - MAX_STRING} characters cut by kubesleuth]` : v;
  if (Array.isArray(v)) return v.map(shortenStrings);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shortenStrings(x)]));
  return v;
}

async function write(ws: WriteStream, chunk: string): Promise<void> {
  if (!ws.write(chunk)) await once(ws, 'drain');
}

async function closeStream(ws: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.end(() => resolve());
  });
}

/** Streams one Kubernetes List as JSON, one item per line, redacting each item. */
export class JsonListWriter {
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly ws: WriteStream,
    private readonly redactor: Redactor,
    private readonly done: (items: number, bytes: number) => void,
  ) {}

  async add(items: unknown[]): Promise<void> {
    for (const item of items) {
      const clean = this.redactor.object(item);
      let line = JSON.stringify(clean);
      if (line.length > MAX_ITEM_LINE) line = JSON.stringify(shortenStrings(clean), null, 1);
      const chunk = `${this.count === 0 ? '' : ','}\n${line}`;
      this.bytes += Buffer.byteLength(chunk);
      await write(this.ws, chunk);
      this.count++;
    }
  }

  get items(): number {
    return this.count;
  }

  async close(): Promise<number> {
    await write(this.ws, '\n]}\n');
    await closeStream(this.ws);
    this.done(this.count, this.bytes);
    return this.count;
  }

  /** Closes the file without recording it (the list failed half-way: its pages so far are still written). */
  async abort(): Promise<void> {
    await this.close();
  }
}

export class BundleWriter {
  readonly redactor = new Redactor();
  readonly manifest: BundleManifest;
  private readonly paths = new Set<string>();

  private constructor(readonly dir: string, now: Date) {
    this.manifest = emptyManifest(toolVersion(), now);
  }

  /** A new, private (0700) staging folder under the system temp folder. */
  static async create(now = new Date()): Promise<BundleWriter> {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubesleuth-bundle-'));
    await chmod(dir, 0o700);
    return new BundleWriter(dir, now);
  }

  private async target(rel: string): Promise<string> {
    if (this.paths.has(rel)) throw new Error(`bundle: ${rel} written twice`);
    this.paths.add(rel);
    const full = path.join(this.dir, ...rel.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    return full;
  }

  private record(rel: string, meta: FileMeta, bytes: number): void {
    this.manifest.files.push({ path: rel, ...meta, bytes });
  }

  has(rel: string): boolean {
    return this.paths.has(rel);
  }

  /** A text file (a table, a log already in memory), redacted as a whole. */
  async writeText(rel: string, text: string, meta: FileMeta): Promise<void> {
    const clean = this.redactor.text(text);
    await writeFile(await this.target(rel), clean, { mode: 0o600 });
    this.record(rel, meta, Buffer.byteLength(clean));
  }

  /** One object, pretty-printed, redacted structurally. */
  async writeJson(rel: string, obj: unknown, meta: FileMeta): Promise<void> {
    const clean = `${JSON.stringify(shortenStrings(this.redactor.object(obj)), null, 2)}\n`;
    await writeFile(await this.target(rel), clean, { mode: 0o600 });
    this.record(rel, meta, Buffer.byteLength(clean));
  }

  /** A List written page by page: `{"kind":"PodList",…,"items":[` then one item per line. */
  async openList(rel: string, head: { kind: string; apiVersion: string; metadata?: Record<string, unknown> }, meta: FileMeta): Promise<JsonListWriter> {
    const ws = createWriteStream(await this.target(rel), { mode: 0o600 });
    const first = `${JSON.stringify({ kind: head.kind, apiVersion: head.apiVersion, metadata: head.metadata ?? {} }).slice(0, -1)},"items":[`;
    await write(ws, first);
    return new JsonListWriter(ws, this.redactor, (items, bytes) => this.record(rel, { ...meta, items }, bytes + first.length + 4));
  }

  /**
   * A file of another bundle. Up to WHOLE_TEXT_MAX bytes it is redacted as a whole (so Secret
   * documents are recognised whatever the order of their keys); larger ones (logs) line by line.
   */
  async copyFile(rel: string, size: number, open: () => Promise<Readable>, meta: FileMeta): Promise<number> {
    if (size > WHOLE_TEXT_MAX) return this.copyLines(rel, await open(), meta);
    const chunks: Buffer[] = [];
    for await (const c of (await open()) as AsyncIterable<Buffer>) chunks.push(c);
    const buf = Buffer.concat(chunks);
    if (buf.subarray(0, 8192).includes(0)) throw new Error('binary content; not copied (it could not be redacted)');
    const text = buf.toString('utf8');
    await this.writeText(rel, text, meta);
    return Buffer.byteLength(text);
  }

  /** A stream of lines (a log, a file of a support bundle), redacted line by line. */
  async copyLines(rel: string, stream: Readable, meta: FileMeta): Promise<number> {
    const ws = createWriteStream(await this.target(rel), { mode: 0o600 });
    const lines = this.redactor.lines();
    const stats = { cutLines: 0, binary: false };
    let bytes = 0;
    let first = true;
    try {
      for await (const l of splitLines(stream, stats)) {
        const out = `${first ? '' : '\n'}${lines.line(l)}`;
        first = false;
        bytes += Buffer.byteLength(out);
        await write(ws, out);
      }
      if (!first) {
        await write(ws, '\n');
        bytes++;
      }
    } finally {
      await closeStream(ws);
    }
    if (stats.binary) {
      await rm(path.join(this.dir, ...rel.split('/')), { force: true });
      this.paths.delete(rel);
      throw new Error('binary content; not copied (it could not be redacted)');
    }
    this.record(rel, meta, bytes);
    return bytes;
  }

  fail(f: ManifestFailure): void {
    this.manifest.failed.push({ ...f, error: this.redactor.line(f.error) });
  }

  /** Writes kubesleuth-manifest.json (redacted like everything else). */
  async finish(now = new Date()): Promise<void> {
    this.manifest.finishedAt = now.toISOString();
    this.manifest.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const s of this.manifest.sources) s.warnings = s.warnings.map((w) => this.redactor.line(w));
    this.manifest.redactions = { ...this.redactor.counts };
    const text = `${JSON.stringify(this.manifest, null, 2)}\n`;
    await writeFile(path.join(this.dir, MANIFEST_NAME), text, { mode: 0o600 });
  }

  /** Zips the staging folder into `out`: a temp file beside it, then a rename; nothing half-written is left. */
  async zipTo(out: string): Promise<void> {
    const files = await listFiles(this.dir);
    const tmp = `${out}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(path.resolve(out)), { recursive: true });
      const zip = new yazl.ZipFile();
      const ws = createWriteStream(tmp, { mode: 0o600 });
      const done = new Promise<void>((resolve, reject) => {
        ws.on('close', () => resolve());
        ws.on('error', reject);
        zip.outputStream.on('error', reject);
      });
      zip.outputStream.pipe(ws);
      const mtime = new Date(this.manifest.createdAt);
      // The manifest first, so a reader sees what the bundle is before anything else.
      const ordered = [MANIFEST_NAME, ...files.filter((f) => f !== MANIFEST_NAME)];
      for (const rel of ordered) {
        const full = path.join(this.dir, ...rel.split('/'));
        const st = await stat(full);
        zip.addReadStream(createReadStream(full), rel, { mtime, mode: 0o100644, compress: true, size: st.size });
      }
      zip.end();
      await done;
      await rename(tmp, out);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      const err = e as NodeJS.ErrnoException;
      throw new UserError(`cannot write ${out}: ${err.code ?? err.message.split('\n')[0]}`, { cause: e });
    }
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  await walk(root, '');
  return out;
}
