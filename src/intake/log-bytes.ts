// The fast path of log reading: lines are found, counted and classified on the raw bytes, and only
// the lines that can matter are decoded and given to LogStreamReader.line (the reference):
// lines with a signal needle, error lines, lines a stream probes for its first time, and every
// line of a shape this file does not prove harmless (wrappers other than CRI framing, prompts,
// dump headers, non-ASCII where character positions count, odd timestamps…). For the rest —
// nearly every line of a large log — it does what LogStreamReader.line would do, on bytes:
// count the line, its level and its wrapper time, remember the last quiet payload. Results are
// identical to reading every line with LogStreamReader.line (test/perf proves it on generated
// bundles).
import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { normaliseLevel } from '../parse/record.js';
import { ALL_NEEDLES } from '../signals/catalog.js';
import { maxIso, minIso } from '../util/time.js';
import type { LineStats } from './lines.js';
import { MAX_LINE_BYTES } from './lines.js';
import { noteTime, TIME_PROBE_LINES, type LogStreamReader, type StreamState } from './log-stream.js';
import { NeedleScanner } from './needle-scan.js';

const BUF_BYTES = 4 << 20;
/** A file's first block of at least this much tunes the needle scan to its text, from this much of it. */
const ADAPT_MIN_BYTES = 1 << 20;
const ADAPT_SAMPLE_BYTES = 128 << 10;
/** Read buffers are reused from file to file (allocating 4 MB each time costs full collections). */
const freeBuffers: Buffer[] = [];

/** Where bytes come from: a file (or a byte range of it) or a stream. */
export interface ByteSource {
  read(buf: Buffer, offset: number, length: number): Promise<number> | number;
  close(): void;
}

/** Bytes [start, end) of a file (end: to its end), read synchronously in large blocks. */
export function fileSource(path: string, start = 0, end = Infinity): ByteSource {
  const fd = openSync(path, 'r');
  let at = start;
  return {
    read(buf, offset, length) {
      const want = Math.min(length, end - at);
      if (want <= 0) return 0;
      const n = readSync(fd, buf, offset, want, at);
      at += n;
      return n;
    },
    close: () => closeSync(fd),
  };
}

/** A readable stream (a zip entry) as a byte source. */
export function streamSource(stream: Readable): ByteSource {
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let pending: Buffer | undefined;
  return {
    async read(buf, offset, length) {
      let n = 0;
      while (n < length) {
        if (!pending || pending.length === 0) {
          if (n > 0) break;
          const r = await it.next();
          if (r.done) break;
          pending = r.value;
          continue;
        }
        const k = Math.min(pending.length, length - n);
        pending.copy(buf, offset + n, 0, k);
        pending = pending.subarray(k);
        n += k;
      }
      return n;
    },
    close: () => stream.destroy(),
  };
}

export interface ByteReadOptions {
  /** Lines lose one trailing CR before anything else (as whole-file reading does for small files). */
  stripCR?: boolean;
  /** A NUL in the first 8 KiB makes the stream binary (not for a part that starts mid-file). */
  checkBinary?: boolean;
  /** Tune the needle scan to this text (default; parts after a file's first leave the tuning as it is). */
  adapt?: boolean;
}

let scanner: NeedleScanner | undefined;
const LEVEL_CODE: Record<string, number> = { debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };
const levelCache = new Map<string, number>();

const enum C {
  LF = 10,
  CR = 13,
  SPACE = 32,
  QUOTE = 34,
  COLON = 58,
  BRACE = 123,
}

/**
 * A needle (ASCII) occurring in a buffer, remembered so repeated asks cost one pass per buffer.
 * The pass searches an anchor — a part of the needle whose first byte is rarer than the needle's
 * own (JSON is full of quotes, where a native search stops) — and checks the rest around it.
 */
class Lazy {
  private at = -1;
  private from = Infinity;
  private readonly anchor: Buffer;
  constructor(private readonly needle: Buffer, private readonly offset = 0) {
    this.anchor = needle.subarray(offset);
  }
  reset(): void {
    this.from = Infinity;
  }
  /** First occurrence at or after `from`, or -1; callers compare it with their line's end. */
  next(buf: Buffer, from: number): number {
    if (this.from <= from && (this.at < 0 || this.at >= from)) return this.at;
    // Unbounded: an occurrence past the data end (or in stale bytes) is past every line asked about.
    const at = this.find(buf, from);
    this.at = at;
    this.from = from;
    return at;
  }
  private find(buf: Buffer, from: number): number {
    const n = this.needle;
    const off = this.offset;
    if (off === 0) return buf.indexOf(n, from);
    for (let a = buf.indexOf(this.anchor, from + off); a >= 0; a = buf.indexOf(this.anchor, a + 1)) {
      const start = a - off;
      let j = 0;
      while (j < off && buf[start + j] === n[j]) j++;
      if (j === off) return start;
    }
    return -1;
  }
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The ISO time (as isoFromRfc3339 writes it) of a key made by FastLog.criTime. */
export function isoFromKey(key: number): string {
  const ms = key % 1000;
  let k = (key - ms) / 1000;
  const s = k % 60;
  k = (k - s) / 60;
  const mi = k % 60;
  k = (k - mi) / 60;
  const h = k % 24;
  k = (k - h) / 24;
  const d = k % 32;
  k = (k - d) / 32;
  const mo = k % 13;
  const y = (k - mo) / 13;
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}.${String(ms).padStart(3, '0')}Z`;
}

/** Deferred time span of a stream's wrapper-timed lines (keys; merged into the stat at flush). */
interface Span {
  state: StreamState;
  lo: number;
  hi: number;
}

export class FastLog {
  private readonly scan: NeedleScanner;
  // Anchored at `vel":"` and `rr":`: far fewer stops than at every quote.
  private readonly level = new Lazy(Buffer.from('"level":"'), 3);
  private readonly err = new Lazy(Buffer.from('"err":'), 2);
  private readonly cr = new Lazy(Buffer.from([C.CR]));
  private readonly ls = new Lazy(Buffer.from([0xe2, 0x80, 0xa8]));
  private readonly ps = new Lazy(Buffer.from([0xe2, 0x80, 0xa9]));
  private state: StreamState | undefined;
  private stateGeneration = -1;
  private span: Span | undefined;
  private readonly spans: Span[] = [];
  /** The current stream's last quiet fast line, not yet decoded: [start, end) in the buffer. */
  private lastStart = -1;
  private lastEnd = -1;
  private lastBuf: Buffer | undefined;
  /** Fast-path line count, for tests and the bench. */
  fastLines = 0;
  slowLines = 0;

  constructor(private readonly reader: LogStreamReader, private readonly stripCR: boolean, adapt = true) {
    this.adapted = !adapt;
    this.scan = scanner ??= new NeedleScanner(ALL_NEEDLES);
  }

  /** The line, decoded, to the reference reader. */
  private slow(buf: Buffer, s: number, e: number): void {
    this.flushLast();
    this.slowLines++;
    this.reader.line(buf.toString('utf8', s, e));
  }

  private flushLast(): void {
    if (this.lastBuf && this.state) {
      this.state.last = this.lastBuf.toString('utf8', this.lastStart, this.lastEnd);
      this.lastBuf = undefined;
    }
  }

  private current(): StreamState {
    const r = this.reader;
    if (this.state === undefined || this.stateGeneration !== r.generation) {
      this.flushLast();
      this.state = r.streamFor(r.streamComponent ?? 'unknown', r.ctx.node);
      this.stateGeneration = r.generation;
      this.span = this.spans.find((x) => x.state === this.state);
    }
    return this.state;
  }

  /** Before the buffer's bytes change. */
  endBuffer(): void {
    this.flushLast();
  }

  /** Merges deferred time spans into the stats; call before reading the stats. */
  flush(): void {
    this.flushLast();
    for (const sp of this.spans) {
      if (sp.lo !== Infinity) {
        const st = sp.state.stat;
        st.firstTime = minIso(st.firstTime, isoFromKey(sp.lo));
        st.lastTime = maxIso(st.lastTime, isoFromKey(sp.hi));
        sp.lo = Infinity;
        sp.hi = -Infinity;
      }
    }
  }

  /** The file's last line, without a newline. */
  line(buf: Buffer, s: number, e: number): void {
    this.lines(buf, s, e, e, false);
  }

  /** A line longer than the cap whose end is not in the buffer: its first bytes, cut. */
  overlong(buf: Buffer, s: number): void {
    this.cut(buf, s);
  }

  /**
   * Lines in buf[from, to), each ended by a newline (unless not `terminated`: then one line, ended
   * by `to`). Needles are searched up to `dataEnd`.
   */
  lines(buf: Buffer, from: number, to: number, dataEnd: number, terminated = true): void {
    const scan = this.scan;
    const usable = scan.usable;
    this.level.reset();
    this.err.reset();
    this.cr.reset();
    this.ls.reset();
    this.ps.reset();
    const cands = this.cands;
    cands.length = 0;
    if (!this.adapted && dataEnd - from >= ADAPT_MIN_BYTES) {
      // Each file's own text decides which part of each needle is searched (speed only).
      this.adapted = true;
      scan.adapt(buf, from, Math.min(dataEnd, from + ADAPT_SAMPLE_BYTES));
    }
    if (usable) scan.findAll(buf, from, dataEnd, cands);
    let ci = 0;
    let cand = cands.length ? cands[0] : Infinity;
    let s = from;
    while (s < to) {
      let e = terminated ? buf.indexOf(C.LF, s) : to;
      if (e < 0 || e > to) e = to;
      const next = e + 1;
      // A line with a needle somewhere (or when bytes cannot be judged): the reference reads it.
      if (cand < e || !usable) {
        if (e - s > MAX_LINE_BYTES) this.cut(buf, s);
        else this.slow(buf, s, this.stripCR && e > s && buf[e - 1] === C.CR ? e - 1 : e);
        while (cand < next) cand = ++ci < cands.length ? cands[ci] : Infinity;
        s = next;
        continue;
      }
      if (e - s > MAX_LINE_BYTES) this.cut(buf, s);
      else this.one(buf, s, e);
      s = next;
    }
  }

  private readonly cands: number[] = [];
  private adapted = false;

  private cut(buf: Buffer, s: number): void {
    this.cutLines++;
    this.slow(buf, s, s + MAX_LINE_BYTES);
  }

  cutLines = 0;

  /** One line without a needle: handled here when its shape is proven harmless, else by the reader. */
  private one(buf: Buffer, s: number, e: number): void {
    let le = e;
    if (this.stripCR && le > s && buf[le - 1] === C.CR) le--;
    if (le === s) {
      this.reader.lineNo++;
      this.fastLines++;
      return;
    }
    let pe = le;
    if (buf[pe - 1] === C.CR) pe--;
    const c0 = buf[s];
    let ps = s;
    let key = -1;
    if (c0 >= 48 && c0 <= 57) {
      // CRI framing with a UTC clock: "2026-02-22T08:15:35.60510248Z stderr F payload".
      key = criTime(buf, s, pe);
      if (key < 0) return this.slow(buf, s, le);
      ps = payloadStart(buf, s, pe);
      if (ps < 0) return this.slow(buf, s, le);
      // The CRI pattern's "(.*)$" fails on inner CR and U+2028/2029: the reference decides those.
      const cr = this.cr.next(buf, ps);
      if (cr >= 0 && cr < pe) return this.slow(buf, s, le);
      const a = this.ls.next(buf, ps);
      if (a >= 0 && a < pe) return this.slow(buf, s, le);
      const b = this.ps.next(buf, ps);
      if (b >= 0 && b < pe) return this.slow(buf, s, le);
    } else if (c0 === C.BRACE) {
      // {"log":…} is docker's JSON framing: decoded by the reference.
      if (buf[s + 1] === C.QUOTE && buf[s + 2] === 108 && buf[s + 3] === 111 && buf[s + 4] === 103 && buf[s + 5] === C.QUOTE && buf[s + 6] === C.COLON) {
        return this.slow(buf, s, le);
      }
    } else {
      // Whitespace, fences, prompts, dump headers, brackets, colons and non-ASCII starts: the reference.
      if (SLOW_START[c0] === 1) return this.slow(buf, s, le);
      // A Talos node prefix ("10.0.0.4: ", "cp2: {") is a run of [A-Za-z0-9.-] and a colon.
      let i = s;
      const lim = Math.min(pe, s + 64);
      while (i < lim && HOST[buf[i]] === 1) i++;
      if (i < pe && buf[i] === C.COLON) return this.slow(buf, s, le);
      // A syslog header ("Feb 22 01:05:00 host ident: ").
      if (c0 >= 65 && c0 <= 90 && isLower(buf[s + 1]) && isLower(buf[s + 2]) && buf[s + 3] === C.SPACE) return this.slow(buf, s, le);
    }
    const level = this.quickLevel(buf, ps, pe);
    if (level < 0 || level >= 4) return this.slow(buf, s, le);
    const state = this.current();
    const stat = state.stat;
    if (key < 0 && this.reader.probe && stat.firstTime === undefined && stat.lines < TIME_PROBE_LINES) return this.slow(buf, s, le);
    this.reader.lineNo++;
    this.fastLines++;
    stat.lines++;
    if (level === 3) stat.warnLines++;
    if (level !== 0 || key >= 0) this.reader.recognised++;
    if (key >= 0) {
      if (stat.firstTime === undefined) {
        noteTime(stat, isoFromKey(key));
      } else {
        let sp = this.span;
        if (!sp) {
          sp = { state, lo: Infinity, hi: -Infinity };
          this.spans.push(sp);
          this.span = sp;
        }
        if (key < sp.lo) sp.lo = key;
        if (key > sp.hi) sp.hi = key;
      }
    } else {
      this.lastBuf = buf;
      this.lastStart = ps;
      this.lastEnd = pe;
    }
  }

  /**
   * quickLevel on payload bytes [p, pe): 0 none, 1 debug, 2 info, 3 warn, 4 error, 5 fatal,
   * -1 when bytes cannot decide it the way the string function would.
   */
  private quickLevel(buf: Buffer, p: number, pe: number): number {
    if (p >= pe) return 0;
    const c = buf[p];
    if (c === C.BRACE) {
      let i: number;
      // zap writes the level first: {"level":"info",…
      if (buf[p + 1] === C.QUOTE && buf[p + 2] === 108 && buf[p + 3] === 101 && buf[p + 4] === 118 && buf[p + 5] === 101 && buf[p + 6] === 108 && buf[p + 7] === C.QUOTE && buf[p + 8] === C.COLON && buf[p + 9] === C.QUOTE) {
        i = p + 1;
      } else {
        i = this.level.next(buf, p);
        if (i >= pe) i = -1;
      }
      if (i >= 0) {
        const j = i + 9;
        let k = j;
        while (k < pe && buf[k] !== C.QUOTE) k++;
        if (k >= pe) return -1;
        return levelOf(buf, j, k);
      }
      const er = this.err.next(buf, p);
      if (er >= 0 && er < pe) return 4;
      // "msg" comes early in a JSON log line: a plain loop beats a native call per line.
      for (let i = p, last = pe - 6; i <= last; i++) {
        if (buf[i] === C.QUOTE && buf[i + 1] === 109 && buf[i + 2] === 115 && buf[i + 3] === 103 && buf[i + 4] === C.QUOTE && buf[i + 5] === C.COLON) return 2;
      }
      return 0;
    }
    // klog: "E0222 …" (character 5 is a space; bytes are characters when 2..4 are ASCII).
    if ((c === 69 || c === 87 || c === 70 || c === 73) && p + 5 < pe) {
      const c1 = buf[p + 1];
      if (c1 >= 48 && c1 <= 57) {
        if (buf[p + 2] >= 0x80 || buf[p + 3] >= 0x80 || buf[p + 4] >= 0x80) return -1;
        if (buf[p + 5] === C.SPACE) return c === 73 ? 2 : c === 87 ? 3 : c === 69 ? 4 : 5;
      }
    }
    // "level=" among the first 64 characters (logfmt), then capnslog's level letter: character
    // positions, so the first 70 bytes must be ASCII.
    const lim = Math.min(pe, p + 70);
    let lv = -1;
    for (let i = p; i < lim; i++) {
      const b = buf[i];
      if (b >= 0x80) return -1;
      if (lv < 0 && b === 108 && i - p < 64 && i + 6 <= pe && buf[i + 1] === 101 && buf[i + 2] === 118 && buf[i + 3] === 101 && buf[i + 4] === 108 && buf[i + 5] === 61) lv = i;
    }
    if (lv >= 0) {
      let k = lv + 6;
      while (k < pe && buf[k] >= 97 && buf[k] <= 122) k++;
      return k === lv + 6 ? 0 : levelOf(buf, lv + 6, k);
    }
    if (pe - p > 30 && buf[p + 29] === 124 && buf[p + 4] === 45) {
      const l = buf[p + 27];
      return l === 68 ? 1 : l === 73 || l === 78 ? 2 : l === 87 ? 3 : l === 69 ? 4 : l === 67 ? 5 : 0;
    }
    return 0;
  }
}

const isLower = (b: number): boolean => b >= 97 && b <= 122;

/** First bytes that make a line the reference's: whitespace, ` ~ $ # > (prompts, fences), = (dump headers), [ and : (IPv6 prefixes), non-ASCII. */
const SLOW_START = new Uint8Array(256);
for (const ch of ' \t\v\f\r`~$#>=[:') SLOW_START[ch.charCodeAt(0)] = 1;
for (let b = 0x80; b < 256; b++) SLOW_START[b] = 1;
for (let b = 0; b < 32; b++) SLOW_START[b] = 1;
const HOST = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const ch = String.fromCharCode(b);
  if (/[A-Za-z0-9.-]/.test(ch)) HOST[b] = 1;
}

function levelOf(buf: Buffer, j: number, k: number): number {
  const n = k - j;
  const c = buf[j];
  if (n === 4 && c === 105 && buf[j + 1] === 110 && buf[j + 2] === 102 && buf[j + 3] === 111) return 2; // info
  if (n === 4 && c === 119 && buf[j + 1] === 97 && buf[j + 2] === 114 && buf[j + 3] === 110) return 3; // warn
  if (n === 5 && c === 100 && buf[j + 1] === 101 && buf[j + 2] === 98 && buf[j + 3] === 117 && buf[j + 4] === 103) return 1; // debug
  if (n > 64) return -1;
  const v = buf.toString('utf8', j, k);
  let code = levelCache.get(v);
  if (code === undefined) {
    const l = normaliseLevel(v);
    code = l === undefined ? 0 : LEVEL_CODE[l];
    if (levelCache.size < 1000) levelCache.set(v, code);
  }
  return code;
}

const digit = (b: number): number => (b >= 48 && b <= 57 ? b - 48 : -100);

/**
 * The clock of a CRI line "YYYY-MM-DDTHH:MM:SS[.frac]Z stdout|stderr F|P …" as a sortable key
 * (see isoFromKey), or -1 when the line is not exactly that shape or the date is not a plain
 * valid one (the reference then decides).
 */
function criTime(buf: Buffer, s: number, pe: number): number {
  if (pe - s < 30) return -1;
  const y = digit(buf[s]) * 1000 + digit(buf[s + 1]) * 100 + digit(buf[s + 2]) * 10 + digit(buf[s + 3]);
  const mo = digit(buf[s + 5]) * 10 + digit(buf[s + 6]);
  const d = digit(buf[s + 8]) * 10 + digit(buf[s + 9]);
  const h = digit(buf[s + 11]) * 10 + digit(buf[s + 12]);
  const mi = digit(buf[s + 14]) * 10 + digit(buf[s + 15]);
  const sec = digit(buf[s + 17]) * 10 + digit(buf[s + 18]);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return -1;
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 10] !== 84 || buf[s + 13] !== C.COLON || buf[s + 16] !== C.COLON) return -1;
  if (d > (mo === 2 && leap(y) ? 29 : DAYS[mo])) return -1;
  let i = s + 19;
  let ms = 0;
  if (buf[i] === 46) {
    i++;
    const f = i;
    while (i < pe && buf[i] >= 48 && buf[i] <= 57) i++;
    if (i === f) return -1;
    for (let k = 0; k < 3; k++) ms = ms * 10 + (f + k < i ? buf[f + k] - 48 : 0);
  }
  if (buf[i] !== 90) return -1;
  return ((((y * 13 + mo) * 32 + d) * 24 + h) * 60 + mi) * 60000 + sec * 1000 + ms;
}

/** Where a CRI line's payload starts (after "Z stdout F" and one optional space), or -1. */
function payloadStart(buf: Buffer, s: number, pe: number): number {
  let i = s + 19;
  if (buf[i] === 46) {
    i++;
    while (buf[i] >= 48 && buf[i] <= 57) i++;
  }
  // at 'Z'
  i++;
  if (buf[i] !== C.SPACE || buf[i + 1] !== 115 || buf[i + 2] !== 116 || buf[i + 3] !== 100) return -1;
  const o = buf[i + 4];
  const tail = o === 111 ? buf[i + 5] === 117 && buf[i + 6] === 116 : o === 101 ? buf[i + 5] === 114 && buf[i + 6] === 114 : false;
  if (!tail || buf[i + 7] !== C.SPACE) return -1;
  const fp = buf[i + 8];
  if (fp !== 70 && fp !== 80) return -1;
  if (i + 8 >= pe) return -1;
  let p = i + 9;
  if (p < pe && buf[p] === C.SPACE) p++;
  return Math.min(p, pe);
}

/**
 * Reads a log from bytes: ordinary lines on the fast path, the rest through reader.line.
 * The reader is not finished (callers merge parts first); the FastLog is flushed.
 */
export async function readLogBytes(src: ByteSource, reader: LogStreamReader, stats: LineStats, opts: ByteReadOptions = {}): Promise<FastLog> {
  const fast = new FastLog(reader, opts.stripCR === true, opts.adapt !== false);
  const buf = freeBuffers.pop() ?? Buffer.allocUnsafe(BUF_BYTES);
  let have = 0;
  let eof = false;
  let first = true;
  let skipping = false;
  try {
    while (!eof || have > 0) {
      if (!eof && have < buf.length) {
        const n = await src.read(buf, have, buf.length - have);
        if (n === 0) eof = true;
        else have += n;
      }
      if (first) {
        first = false;
        if (opts.checkBinary !== false && buf.subarray(0, Math.min(have, 8192)).includes(0)) {
          stats.binary = true;
          return fast;
        }
      }
      let pos = 0;
      if (skipping) {
        const nl = buf.subarray(0, have).indexOf(C.LF);
        if (nl < 0) {
          have = 0;
          continue;
        }
        skipping = false;
        pos = nl + 1;
      }
      const end = have > pos ? buf.lastIndexOf(C.LF, have - 1) + 1 : 0;
      if (end > pos) {
        fast.lines(buf, pos, end, end);
        pos = end;
      }
      // What is left has no newline: an overlong line is cut, the last line ends the file.
      if (have - pos > MAX_LINE_BYTES) {
        fast.overlong(buf, pos);
        skipping = true;
        pos = have;
      } else if (eof && have > pos) {
        fast.line(buf, pos, have);
        pos = have;
      }
      fast.endBuffer();
      if (pos > 0) {
        buf.copyWithin(0, pos, have);
        have -= pos;
      }
      if (eof && have === 0) break;
    }
  } finally {
    freeBuffers.push(buf);
    src.close();
    fast.flush();
    stats.cutLines += fast.cutLines;
  }
  return fast;
}


/** A buffer already in memory as a byte source. */
export function bufferSource(data: Buffer): ByteSource {
  let at = 0;
  return {
    read(buf, offset, length) {
      const n = Math.min(length, data.length - at);
      data.copy(buf, offset, at, at + n);
      at += n;
      return n;
    },
    close: () => undefined,
  };
}

/** A file of an input: its path when it is a plain file on disk (read directly), else its stream. */
export async function openLog(file: { path?: string; open(): Promise<Readable> }): Promise<{ path: string } | { stream: Readable }> {
  return file.path !== undefined ? { path: file.path } : { stream: await file.open() };
}
