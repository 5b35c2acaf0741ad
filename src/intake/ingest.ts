// One input file into the evidence: detect what it is from its head, then read it whole
// (structured kinds, per section of a pasted excerpt) or stream it line by line (logs).
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { EvidenceRef, SourceInfo } from '../types.js';
import { EvidenceBuilder } from './builder.js';
import { commandOf, detectContent, STRUCTURED, type ContentKind } from './detect.js';
import type { VirtualFile } from './files.js';
import type { LayoutHints } from './layout.js';
import { MAX_LINE_BYTES, splitLines, type LineStats } from './lines.js';
import { bufferSource, openLog, readLogBytes, streamSource, type ByteSource } from './log-bytes.js';
import { builderSink, LogStreamReader, readLogStream, type StreamResult } from './log-stream.js';
import { readLogFile } from './parallel.js';
import { readStructured, type StructuredContext } from './structured.js';
import { parseKubeYaml } from './fast-yaml.js';
import { classifyObjects, flattenObjects, objectRef } from '../parse/kube-objects.js';

const HEAD_BYTES = 64 * 1024;
/** Files up to this size may be excerpts with several sections; larger ones are one kind. */
const SECTION_MAX_BYTES = 4 * 1024 * 1024;
/** Structured documents larger than this are not read (they would not fit a bounded memory). */
const STRUCTURED_MAX_BYTES = 512 * 1024 * 1024;
const SECTION_BREAK = /^\s*(```.*|~~~.*|\$ .*|[#❯>] ?(kubectl|talosctl|etcdctl|crictl|journalctl|dmesg|cat|curl).*)$/;
// Service states and the support bundle's per-node mounts, devices, summary and dependency graph hold
// nothing to diagnose from; images, keys and etcd data files are not text evidence.
const SKIPPED_FILES = /(^|\/)([^/]+\.state|mounts|devices|summary|dependencies\.dot)$|\.(png|jpe?g|gif|pem|crt|key|db|wal|snap)$/i;
/** Compressed files are not read; unlike the noise above they may hold evidence, so say so. */
const COMPRESSED_FILES = /\.(gz|tgz|zst|xz|bz2|7z|rar)$/i;

/** fast=false reads every log line as a string through the reference reader (tests compare both). */
export const ingestOptions = { fast: true };

export interface IngestContext {
  source: SourceInfo;
  hints: LayoutHints;
  defer: (record: { node?: string }, candidates: string[]) => void;
}

async function readHead(file: VirtualFile): Promise<{ text: string; binary: boolean }> {
  const s = await file.open();
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of s as AsyncIterable<Buffer>) {
      chunks.push(c);
      n += c.length;
      if (n >= HEAD_BYTES) break;
    }
  } finally {
    s.destroy();
  }
  const buf = Buffer.concat(chunks).subarray(0, HEAD_BYTES);
  return { text: buf.toString('utf8'), binary: buf.subarray(0, 8192).includes(0) };
}

function headOf(whole: Buffer): { text: string; binary: boolean } {
  const buf = whole.subarray(0, HEAD_BYTES);
  return { text: buf.toString('utf8'), binary: buf.subarray(0, 8192).includes(0) };
}

async function readWhole(file: VirtualFile): Promise<Buffer> {
  const log = await openLog(file);
  // A plain file is read in one call (a stream costs several event-loop turns per file).
  if ('path' in log) return readFileSync(log.path);
  const chunks: Buffer[] = [];
  for await (const c of log.stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function readAllLines(file: VirtualFile | Readable, stats: LineStats): Promise<string[]> {
  const out: string[] = [];
  for await (const l of splitLines(file instanceof Readable ? file : await file.open(), stats)) out.push(l.endsWith('\r') ? l.slice(0, -1) : l);
  return out;
}

/** Every line SECTION_BREAK matches has a match of this (the converse need not hold). */
const MAY_BREAK = /^\s*(```|~~~|\$ |[#❯>] ?(kubectl|talosctl|etcdctl|crictl|journalctl|dmesg|cat|curl))/m;
/** Lines up to this long are never cut (at most 4 bytes per 2 UTF-16 units, 3 per unit otherwise). */
const UNCUT_CHARS = MAX_LINE_BYTES / 4;

/**
 * Whether a whole file is one log with nothing for sections() to split or detect as structured:
 * no line that may break a section, and its first 40 lines (as sections() sees them) detected as a log.
 */
function plainLog(whole: Buffer, head: string): boolean {
  const text = whole.length <= HEAD_BYTES ? head : whole.toString('utf8');
  if (MAY_BREAK.test(text)) return false;
  // The lines splitLines gives: no empty line after a final newline, a CR before the newline dropped.
  const first = text.split('\n', 41);
  if (first.length <= 40 && first[first.length - 1] === '') first.pop();
  const lines = first.slice(0, 40).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.some((l) => l.length > UNCUT_CHARS) || !lines.some((l) => l.trim())) return false;
  return !STRUCTURED.has(detectContent(lines));
}

/** Splits a pasted excerpt at prompt lines and code fences into independently detected sections. */
export function sections(lines: string[]): Array<{ start: number; lines: string[]; kind: ContentKind }> {
  const out: Array<{ start: number; lines: string[]; kind: ContentKind }> = [];
  let start = 0;
  const flush = (end: number): void => {
    const part = lines.slice(start, end);
    if (part.some((l) => l.trim())) out.push({ start, lines: part, kind: detectContent(part.slice(0, 40)) });
  };
  for (let i = 0; i < lines.length; i++) {
    if (SECTION_BREAK.test(lines[i])) {
      flush(i);
      start = i + 1;
    }
  }
  flush(lines.length);
  return out;
}

export async function ingestFile(file: VirtualFile, ctx: IngestContext, b: EvidenceBuilder): Promise<void> {
  const warn = (m: string): void => void ctx.source.warnings.push(m);
  if (SKIPPED_FILES.test(file.rel)) return;
  if (COMPRESSED_FILES.test(file.rel)) {
    warn(`${file.display}: compressed file; not read (unpack it and pass the folder)`);
    return;
  }
  if (file.size === 0) return;
  // Small files are read whole once (their head is the start of it).
  const whole = file.size <= SECTION_MAX_BYTES ? await readWhole(file) : undefined;
  const head = whole ? headOf(whole) : await readHead(file);
  if (head.binary) {
    warn(`${file.display}: binary file; skipped`);
    return;
  }
  const headLines = head.text.split('\n');
  if (head.text.length >= HEAD_BYTES) headLines.pop();
  const kind = detectContent(headLines.slice(0, 60).map((l) => l.replace(/\r$/, '')));
  const defer = (r: { node?: string }): void => {
    if (!r.node) ctx.defer(r, ctx.hints.nodeCandidates);
  };
  const structuredCtx = (firstLine: number, prompt?: string) => ({ display: file.display, node: ctx.hints.node, firstLine, warn, defer, prompt });
  const stats: LineStats = { cutLines: 0, binary: false };
  const mark = { signals: b.evidence.signals.length, stats: b.evidence.logStats.length };

  if (whole && ingestOptions.fast && plainLog(whole, head.text)) {
    // One log, no sections: read on bytes straight away (the same as the sections path below gives).
    const r = await readLogFast(bufferSource(whole), logCtx(file, ctx), b, stats, true);
    afterLog(file, ctx, b, mark, r.lines, r.recognised, warn);
  } else if (whole) {
    const lines = await readAllLines(Readable.from([whole]), stats);
    const parts = sections(lines);
    const logLike = parts.filter((p) => !STRUCTURED.has(p.kind));
    for (const p of parts) if (STRUCTURED.has(p.kind)) readStructuredFast(p.kind, p.lines, structuredCtx(p.start + 1, p.start > 0 ? lines[p.start - 1] : undefined), b);
    // A `kubectl logs POD` prompt names the pod (and, for a static pod, its node) of the lines below it.
    const headers = new Map<number, string>();
    for (const p of logLike) {
      const cmd = p.start > 0 ? commandOf(lines[p.start - 1]) : undefined;
      if (cmd?.verb === 'logs' && cmd.pod) {
        headers.set(p.start - 1, `==== START logs for container ${cmd.container ?? cmd.component ?? cmd.pod.split('/')[1]} of pod ${cmd.pod}${cmd.node ? ` on node ${cmd.node}` : ''} ====`);
      }
    }
    if (logLike.length && logLike.length === parts.length && ingestOptions.fast && !headers.size) {
      // Nothing structured: every line is the log's, read on bytes like a large log (same result).
      const r = await readLogFast(bufferSource(whole), logCtx(file, ctx), b, { cutLines: 0, binary: false }, true);
      afterLog(file, ctx, b, mark, r.lines, r.recognised, warn);
    } else if (logLike.length) {
      // Log sections are read in one pass over the whole file so line numbers stay true;
      // structured sections' lines match no signal, and fences/prompts are skipped.
      const structuredLines = new Set<number>();
      for (const p of parts) if (STRUCTURED.has(p.kind)) for (let i = 0; i < p.lines.length; i++) structuredLines.add(p.start + i);
      const masked = (async function* () {
        for (let i = 0; i < lines.length; i++) yield structuredLines.has(i) ? '' : (headers.get(i) ?? lines[i]);
      })();
      const r = await readLogStream(masked, logCtx(file, ctx), b);
      afterLog(file, ctx, b, mark, r.lines, r.recognised, warn);
    }
  } else if (STRUCTURED.has(kind)) {
    if (file.size > STRUCTURED_MAX_BYTES) {
      warn(`${file.display}: ${kind} document larger than ${STRUCTURED_MAX_BYTES} bytes; skipped`);
      return;
    }
    readStructuredFast(kind, await readAllLines(file, stats), structuredCtx(1), b);
  } else if (ingestOptions.fast) {
    const log = await openLog(file);
    const r = await readLogFast('path' in log ? log : streamSource(log.stream), logCtx(file, ctx), b, stats, false, file.size);
    afterLog(file, ctx, b, mark, r.lines, r.recognised, warn);
  } else {
    const r = await readLogStream(splitLines(await file.open(), stats), logCtx(file, ctx), b);
    afterLog(file, ctx, b, mark, r.lines, r.recognised, warn);
  }
  if (stats.cutLines) warn(`${file.display}: ${stats.cutLines} overlong line(s) cut at 256 KiB`);
}

/**
 * readStructured, with kubectl-style YAML object lists read by the fast YAML path (same values and
 * lines as the yaml package, which still reads whatever the fast path declines).
 */
function readStructuredFast(kind: ContentKind, lines: string[], sctx: StructuredContext, b: EvidenceBuilder): void {
  if (kind === 'kube-objects' && ingestOptions.fast) {
    const text = lines.join('\n');
    const trimmed = text.trimStart();
    const docs = trimmed.startsWith('{') || trimmed.startsWith('[') ? undefined : parseKubeYaml(text);
    if (docs) {
      // As structured.ts's readObjects does with the yaml package's documents.
      const items: Array<{ kind: string | undefined; obj: Record<string, unknown>; ref: EvidenceRef }> = [];
      for (const doc of docs) {
        flattenObjects(doc.value).forEach(({ kind: k, obj }, i) => {
          const at = doc.itemLines[i];
          const line = at !== undefined ? at + sctx.firstLine - 1 : undefined;
          const object = objectRef(k ?? 'Object', obj);
          items.push({ kind: k, obj, ref: { source: sctx.display, line, object, excerpt: object } });
        });
      }
      const k = classifyObjects(items as Parameters<typeof classifyObjects>[0]);
      const ev = b.evidence;
      ev.nodes.push(...k.nodes);
      ev.pods.push(...k.pods);
      ev.events.push(...k.events);
      ev.objects.push(...k.objects);
      return;
    }
  }
  readStructured(kind, lines, sctx, b);
}

/** A log read on bytes (a large file on disk in parts on several threads). */
async function readLogFast(
  src: ByteSource | { path: string }, lctx: ReturnType<typeof logCtx>, b: EvidenceBuilder, stats: LineStats, stripCR: boolean, size = 0,
): Promise<StreamResult> {
  const reader = new LogStreamReader(lctx, builderSink(b, lctx.source));
  if ('path' in src) await readLogFile(src.path, size, reader, stats);
  else await readLogBytes(src, reader, stats, { stripCR });
  return reader.finish();
}

function logCtx(file: VirtualFile, ctx: IngestContext) {
  return { source: ctx.source, display: file.display, node: ctx.hints.node, component: ctx.hints.component, pod: ctx.hints.pod };
}

function afterLog(
  file: VirtualFile, ctx: IngestContext, b: EvidenceBuilder, mark: { signals: number; stats: number },
  lines: number, recognised: number, warn: (m: string) => void,
): void {
  // Streams without a node from the layout get one from their folder, once nodes are known.
  const newStats = b.evidence.logStats.slice(mark.stats);
  const newSignals = b.evidence.signals.slice(mark.signals);
  for (const s of newStats) if (!s.node) ctx.defer(s, ctx.hints.nodeCandidates);
  for (const ev of newSignals) if (!ev.node) ctx.defer(ev, ctx.hints.nodeCandidates);
  // Files a known layout places (a node's service or container log, a dump's pod log) are logs
  // whatever their lines look like; only loose files of unknown content are worth a warning.
  const placed = ctx.hints.node !== undefined || ctx.hints.pod !== undefined;
  if (!placed && lines > 0 && recognised === 0 && newSignals.length === 0) {
    warn(`${file.display}: format not recognised (no log, table or object format found); read as plain text`);
  }
}
