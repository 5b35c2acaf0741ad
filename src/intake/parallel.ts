// One large log file read by several threads: the file is cut at line boundaries into parts; the
// main thread reads the first part, worker threads the others (a worker reads its part as if every
// stream already had its first time, which holds once the part before it has), and the parts'
// results are merged in file order — line numbers shifted, counts added, time spans joined, error
// samples and signals appended and capped as one reader would. When that assumption fails (a stream
// first seen in a later part, a dump header changing the stream), that part is read again in the
// main thread, after the parts before it: the result is always the one sequential reading gives.
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { closeSync, openSync, readSync } from 'node:fs';
import type { LogStat, SignalEvent } from '../types.js';
import { maxIso, minIso } from '../util/time.js';
import { MAX_ERROR_SAMPLES, MAX_SIGNALS_PER_KEY } from './builder.js';
import type { LineStats } from './lines.js';
import { fileSource, readLogBytes } from './log-bytes.js';
import { LogStreamReader, TIME_PROBE_LINES, type StreamContext, type StreamSink } from './log-stream.js';

export const parallelOptions = {
  /** Files smaller than this are read by one thread. */
  splitMinBytes: 8 << 20,
  /** Parts are at least this large. */
  partMinBytes: 4 << 20,
  /** Threads to use, the main one included (default: KUBESLEUTH_THREADS, else the idle cores). */
  threads: Number(process.env.KUBESLEUTH_THREADS) || 0,
};

/** Parts merged from workers and parts read again in the main thread (for the bench). */
export const parallelCounts = { merged: 0, reread: 0 };

export interface PartRequest {
  id: number;
  path: string;
  start: number;
  end: number;
  ctx: Omit<StreamContext, 'source'>;
}

export interface PartResult {
  id: number;
  lines: number;
  recognised: number;
  cutLines: number;
  /** A dump header changed the stream inside the part. */
  sawDump: boolean;
  streams: Array<{ key: string; component: string; node?: string; stat: LogStat; last?: string }>;
  signals: SignalEvent[];
  /** Signals past the cap, per key (signal|node|component): counted, not kept. */
  dropped: Array<[string, number]>;
  error?: string;
}

/** What a worker does with a part (also used in-thread by tests). */
export async function readPart(req: PartRequest): Promise<PartResult> {
  const stats: LineStat[] = [];
  const signals: SignalEvent[] = [];
  const counts = new Map<string, number>();
  const sink: StreamSink = {
    newLogStat(source, component, node) {
      const stat: LogStat = { source, component, node, lines: 0, errorLines: 0, warnLines: 0, errorSamples: [] };
      stats.push({ stat, component, node });
      return stat;
    },
    addSignal(ev) {
      const key = `${ev.signal}|${ev.node ?? ''}|${ev.component}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n <= MAX_SIGNALS_PER_KEY) signals.push(ev);
    },
  };
  const reader = new LogStreamReader({ ...req.ctx, source: { kind: 'file', location: '', nodes: [], warnings: [] } }, sink, false);
  const lineStats: LineStats = { cutLines: 0, binary: false };
  await readLogBytes(fileSource(req.path, req.start, req.end), reader, lineStats, { checkBinary: false });
  return {
    id: req.id,
    lines: reader.lineNo,
    recognised: reader.recognised,
    cutLines: lineStats.cutLines,
    sawDump: reader.generation > 0,
    streams: [...reader.streams.values()].map((s) => {
      const own = stats.find((x) => x.stat === s.stat) as LineStat;
      return { key: s.key, component: own.component, node: own.node, stat: s.stat, last: s.last };
    }),
    signals,
    dropped: [...counts].filter(([, n]) => n > MAX_SIGNALS_PER_KEY).map(([k, n]) => [k, n - MAX_SIGNALS_PER_KEY]),
  };
}

interface LineStat {
  stat: LogStat;
  component: string;
  node?: string;
}

// ---------------------------------------------------------------------------------------------
// The pool: started on the first large file, kept for the next ones, never holding the process.

let pool: Array<{ worker: Worker; busy: number }> | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: PartResult) => void; reject: (e: Error) => void; slot: { worker: Worker; busy: number } }>();

/**
 * Threads to read with: the cores not already busy (by the 1-minute load average, this process's
 * own earlier work included), at least one. A worker on a core another process holds only adds its
 * start-up and its share of the switching; the result is the same whatever the count.
 */
function threads(): number {
  if (parallelOptions.threads) return parallelOptions.threads;
  const cores = Math.min(8, availableParallelism());
  return Math.max(1, Math.min(cores, Math.round(cores - loadavg()[0] + 1)));
}

function workers(): Array<{ worker: Worker; busy: number }> {
  if (pool) return pool;
  pool = [];
  for (let i = 0; i < threads() - 1; i++) {
    const worker = new Worker(new URL('./log-worker.js', import.meta.url));
    const slot = { worker, busy: 0 };
    worker.on('message', (r: PartResult) => {
      const w = waiting.get(r.id);
      if (!w) return;
      waiting.delete(r.id);
      if (--w.slot.busy === 0) w.slot.worker.unref();
      if (r.error) w.reject(new Error(r.error));
      else w.resolve(r);
    });
    worker.on('error', (e) => {
      for (const [id, w] of waiting) {
        if (w.slot === slot) {
          waiting.delete(id);
          w.reject(e);
        }
      }
    });
    worker.unref();
    pool.push(slot);
  }
  return pool;
}

function inWorker(req: Omit<PartRequest, 'id'>): Promise<PartResult> {
  const list = workers();
  const slot = list.reduce((a, b) => (b.busy < a.busy ? b : a));
  const id = nextId++;
  slot.busy++;
  slot.worker.ref();
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject, slot });
    slot.worker.postMessage({ ...req, id });
  });
}

/** Line-aligned cut points near size·k/parts: the byte after a newline. */
function cutPoints(path: string, size: number, parts: number): number[] {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(64 * 1024);
  const cuts: number[] = [];
  try {
    for (let k = 1; k < parts; k++) {
      let at = Math.floor((size * k) / parts);
      let cut = -1;
      while (at < size && cut < 0) {
        const n = readSync(fd, buf, 0, buf.length, at);
        if (n <= 0) break;
        const nl = buf.subarray(0, n).indexOf(10);
        if (nl >= 0) cut = at + nl + 1;
        else at += n;
      }
      if (cut > (cuts[cuts.length - 1] ?? 0) && cut < size) cuts.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  return cuts;
}

/** How many parts a file of this size is read in. */
export function partsFor(size: number): number {
  if (size < parallelOptions.splitMinBytes) return 1;
  return Math.max(1, Math.min(threads(), Math.floor(size / parallelOptions.partMinBytes)));
}

/**
 * Reads a log file into `reader` (not finished), in parts on several threads when it is large.
 * Same result as readLogBytes over the whole file.
 */
export async function readLogFile(path: string, size: number, reader: LogStreamReader, stats: LineStats): Promise<void> {
  const parts = partsFor(size);
  const cuts = parts > 1 ? cutPoints(path, size, parts) : [];
  if (!cuts.length) {
    await readLogBytes(fileSource(path), reader, stats);
    return;
  }
  const bounds = [0, ...cuts, Infinity];
  const { source: _source, ...ctx } = reader.ctx;
  const later = bounds.slice(1, -1).map((start, i) => inWorker({ path, start, end: bounds[i + 2], ctx }));
  // Keep rejections from going unhandled while the first part is read.
  for (const p of later) p.catch(() => undefined);
  await readLogBytes(fileSource(path, 0, bounds[1]), reader, stats);
  for (let i = 0; i < later.length; i++) {
    const start = bounds[i + 1];
    const end = bounds[i + 2];
    let part: PartResult | undefined;
    try {
      part = await later[i];
    } catch {
      part = undefined;
    }
    if (part && canMerge(reader, part)) {
      merge(reader, part, stats);
      parallelCounts.merged++;
    } else {
      await readLogBytes(fileSource(path, start, end), reader, stats, { checkBinary: false });
      parallelCounts.reread++;
    }
  }
}

/** A part read as if every stream had its first time may be merged when that was so. */
function canMerge(reader: LogStreamReader, part: PartResult): boolean {
  // Parts start in the file's first stream: after a dump header (before or inside the part) they may not.
  if (reader.generation > 0 || part.sawDump) return false;
  for (const s of part.streams) {
    const mine = reader.streams.get(s.key);
    if (!mine) return false;
    if (mine.stat.firstTime === undefined && mine.stat.lines < TIME_PROBE_LINES) return false;
  }
  return true;
}

function merge(reader: LogStreamReader, part: PartResult, stats: LineStats): void {
  const offset = reader.lineNo;
  const moved = new Set<object>();
  const shift = (ref: { line?: number }): void => {
    if (moved.has(ref)) return;
    moved.add(ref);
    if (ref.line !== undefined) ref.line += offset;
  };
  for (const s of part.streams) {
    const mine = reader.streams.get(s.key);
    if (!mine) throw new Error(`internal: stream ${s.key} missing in merge`);
    const a = mine.stat;
    const b = s.stat;
    a.lines += b.lines;
    a.errorLines += b.errorLines;
    a.warnLines += b.warnLines;
    a.firstTime = minIso(a.firstTime, b.firstTime);
    a.lastTime = maxIso(a.lastTime, b.lastTime);
    for (const ref of b.errorSamples) {
      shift(ref);
      if (a.errorSamples.length < MAX_ERROR_SAMPLES) a.errorSamples.push(ref);
    }
    if (s.last !== undefined) mine.last = s.last;
  }
  for (const ev of part.signals) {
    shift(ev.ref);
    reader.sink.addSignal(ev);
  }
  for (const [key, n] of part.dropped) {
    const [signal, node, component] = key.split('|');
    const ghost = { signal, node: node || undefined, component } as SignalEvent;
    for (let i = 0; i < n; i++) reader.sink.addSignal(ghost);
  }
  reader.lineNo += part.lines;
  reader.recognised += part.recognised;
  stats.cutLines += part.cutLines;
}
