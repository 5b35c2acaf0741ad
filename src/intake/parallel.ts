// One large log file read by several threads: the file is cut at line boundaries into parts; the
// main thread reads the first part, worker threads the others (a worker reads its part as if every
// stream already had its first time, which holds once the part before it has), and the parts'
// results are merged in file order — line numbers shifted, counts added, time spans joined, error
// samples and signals appended and capped as one reader would. When that assumption fails (a stream
// first seen in a later part, a dump header changing the stream), that part is read again in the
// main thread, after the parts before it: the result is always the one sequential reading gives.
import { availableParallelism } from 'node:os';
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

let tunedTo: string | undefined;

/** One part read apart from the file's reader (by a worker, or by the main thread ahead of the merge). */
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
  // A thread tunes its needle scan to a file once, on the first part of it it reads.
  const adapt = tunedTo !== req.path;
  tunedTo = req.path;
  await readLogBytes(fileSource(req.path, req.start, req.end), reader, lineStats, { checkBinary: false, adapt });
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

interface Slot {
  worker: Worker;
  busy: number;
}

/** A job's messages go to onMessage until it returns true (the job is over). */
interface Job {
  slot: Slot;
  onMessage: (m: JobMessage) => boolean;
  onError: (e: Error) => void;
}

/** What a worker says of a batch of parts: one part read (or failed), or that it is done. */
export interface JobMessage {
  id: number;
  index?: number;
  result?: PartResult;
  error?: string;
  done?: boolean;
}

/** The parts of one file a worker may read: it claims them front to back, as the main thread does. */
export interface PartsBatch {
  id: number;
  path: string;
  bounds: number[];
  ctx: Omit<StreamContext, 'source'>;
  /** Int32 per part: 0 free, else who claimed it (BY_WORKER, BY_MAIN). */
  claims: SharedArrayBuffer;
}

export const BY_WORKER = 1;
export const BY_MAIN = 2;

/** Takes part i, unless a thread already has. */
export function claim(claims: Int32Array, i: number, by: number): boolean {
  return Atomics.compareExchange(claims, i, 0, by) === 0;
}

let pool: Slot[] | undefined;
let nextId = 1;
const jobs = new Map<number, Job>();

/**
 * Threads to read with: one per core, up to eight. Not fewer when the load average is high: it
 * counts this tool's own earlier runs, and a worker on a core another process holds costs only its
 * start-up and its share of the switching. The result is the same whatever the count.
 */
function threads(): number {
  if (parallelOptions.threads) return parallelOptions.threads;
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** The workers, at least one: started on the first call, more on a later one that may use more. */
function workers(): Slot[] {
  pool ??= [];
  while (pool.length < Math.max(1, threads() - 1)) {
    const worker = new Worker(new URL('./log-worker.js', import.meta.url));
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (m: JobMessage) => {
      const job = jobs.get(m.id);
      if (!job || !job.onMessage(m)) return;
      jobs.delete(m.id);
      if (--slot.busy === 0) worker.unref();
    });
    worker.on('error', (e) => {
      for (const [id, job] of jobs) {
        if (job.slot === slot) {
          jobs.delete(id);
          job.onError(e);
        }
      }
    });
    worker.unref();
    pool.push(slot);
  }
  return pool;
}

function post(slot: Slot, msg: Omit<PartsBatch, 'id'>, onMessage: Job['onMessage'], onError: Job['onError']): void {
  const id = nextId++;
  slot.busy++;
  slot.worker.ref();
  jobs.set(id, { slot, onMessage, onError });
  slot.worker.postMessage({ ...msg, id });
}

/** In a worker: reads every part of the batch it can claim and says each one, then that it is done. */
export async function readPartsBatch(batch: PartsBatch, send: (m: JobMessage) => void): Promise<void> {
  const claims = new Int32Array(batch.claims);
  for (let i = 1; i < batch.bounds.length - 1; i++) {
    if (!claim(claims, i, BY_WORKER)) continue;
    try {
      send({ id: batch.id, index: i, result: await readPart({ id: batch.id, path: batch.path, start: batch.bounds[i], end: batch.bounds[i + 1], ctx: batch.ctx }) });
    } catch (e) {
      send({ id: batch.id, index: i, error: (e as Error).message });
    }
  }
  send({ id: batch.id, done: true });
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

/** Starts the workers now when some file will be read in parts, so that they are ready when it is. */
export function warmUp(sizes: number[]): void {
  if (sizes.some((n) => partsFor(n) > 1)) workers();
}

/** How many parts a file of this size is read in. */
export function partsFor(size: number): number {
  if (size < parallelOptions.splitMinBytes || threads() < 2) return 1;
  return Math.max(1, Math.min(MAX_PARTS, Math.floor(size / parallelOptions.partMinBytes)));
}

const MAX_PARTS = 256;

/**
 * Reads a log file into `reader` (not finished), in parts on several threads when it is large:
 * the main thread reads the first part, then every thread takes the next part nobody has taken
 * (the main thread straight into the reader when the parts before are in; otherwise as a worker
 * does), and the parts are merged in file order. Same result as readLogBytes over the whole file.
 */
export async function readLogFile(path: string, size: number, reader: LogStreamReader, stats: LineStats): Promise<void> {
  const parts = partsFor(size);
  const cuts = parts > 1 ? cutPoints(path, size, parts) : [];
  if (!cuts.length) {
    await readLogBytes(fileSource(path), reader, stats);
    return;
  }
  const bounds = [0, ...cuts, Infinity];
  const k = bounds.length - 1;
  const { source: _source, ...ctx } = reader.ctx;
  const claims = new Int32Array(new SharedArrayBuffer(4 * k));
  claims[0] = BY_MAIN;
  /** Parts read apart from the reader: a result, or null when it could not be read there. */
  const results: Array<PartResult | null | undefined> = new Array(k);
  const batch = { path, bounds, ctx, claims: claims.buffer as SharedArrayBuffer };
  const done = Promise.all(
    workers().map(
      (slot) =>
        new Promise<void>((resolve) =>
          post(slot, batch, (m) => {
            if (m.index !== undefined) results[m.index] = m.result ?? null;
            if (!m.done) return false;
            resolve();
            return true;
          }, () => resolve()),
        ),
    ),
  );
  const part = (i: number) => fileSource(path, bounds[i], bounds[i + 1]);
  await readLogBytes(fileSource(path, 0, bounds[1]), reader, stats);
  tunedTo = path;
  let merged = 1;
  const mergeReady = async (): Promise<void> => {
    for (let r = results[merged]; merged < k && r !== undefined; r = results[merged]) {
      if (r && canMerge(reader, r)) {
        merge(reader, r, stats);
        parallelCounts.merged++;
      } else {
        await readLogBytes(part(merged), reader, stats, { checkBinary: false, adapt: false });
        parallelCounts.reread++;
      }
      results[merged++] = undefined;
    }
  };
  for (let i = 1; i < k; i++) {
    if (!claim(claims, i, BY_MAIN)) continue;
    await mergeReady();
    if (merged === i) {
      await readLogBytes(part(i), reader, stats, { checkBinary: false, adapt: false });
      merged++;
    } else {
      results[i] = await readPart({ id: 0, path, start: bounds[i], end: bounds[i + 1], ctx }).catch(() => null);
    }
  }
  await done;
  // A part a worker claimed and never said (it died) is read here, in order, like one it could not read.
  for (let i = merged; i < k; i++) if (results[i] === undefined) results[i] = null;
  await mergeReady();
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
