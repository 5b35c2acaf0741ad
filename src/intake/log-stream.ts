// Reads one log stream line by line into the evidence: signal lines become SignalEvents,
// every line counts towards the stream's LogStat (lines, errors, warnings, time span).
// LogStreamReader.line is the reference for every line; the byte-level fast path (log-bytes.ts)
// handles ordinary lines itself and gives every other line to it.
import type { LogStat, SignalEvent, SourceInfo } from '../types.js';
import { parseRecord, quickLevel } from '../parse/record.js';
import { unwrapLine } from '../parse/unwrap.js';
import { matchSignals, needlesIn, podOf } from '../signals/match.js';
import { maxIso, minIso } from '../util/time.js';
import { EvidenceBuilder, excerpt } from './builder.js';
import { componentFromName, isCombined } from './component.js';

export interface StreamContext {
  source: SourceInfo;
  /** How the file is named in citations. */
  display: string;
  node?: string;
  component?: string;
  pod?: string;
}

// kubectl cluster-info dump's header; kubesleuth writes the same (with " on node N") for a pasted
// `kubectl logs POD` section, so the section's lines take the pod, component and node the command named.
const DUMP_START = /^==== START logs for container (\S+) of pod ([\w.-]+)\/([\w.-]+)(?: on node (\S+))? ====/;
const FENCE_OR_PROMPT = /^\s*(```|~~~|\$ |# kubectl|# talosctl|# etcdctl|> )/;

export interface StreamResult {
  lines: number;
  recognised: number;
}

/** Lines without a signal are parsed for their time only until a stream has a first time. */
export const TIME_PROBE_LINES = 50;

export function noteTime(stat: LogStat, time: string | undefined): void {
  if (!time) return;
  stat.firstTime = minIso(stat.firstTime, time);
  stat.lastTime = maxIso(stat.lastTime, time);
}

/** Where a reader puts what it finds: the evidence builder, or a worker's own collection. */
export interface StreamSink {
  newLogStat(source: string, component: string, node: string | undefined): LogStat;
  addSignal(ev: SignalEvent): void;
}

export function builderSink(b: EvidenceBuilder, source: SourceInfo): StreamSink {
  return { newLogStat: (s, c, n) => b.newLogStat(s, c, n), addSignal: (ev) => b.addSignal(ev, source) };
}

/** One stream of a file (component × node): its stat and its last payload without a wrapper time. */
export interface StreamState {
  key: string;
  stat: LogStat;
  /** Parsed at the end so the time span covers quiet lines too. */
  last?: string;
}

export class LogStreamReader {
  lineNo = 0;
  recognised = 0;
  pod: string | undefined;
  streamComponent: string | undefined;
  /** A node named by a section header, over the file's own. */
  sectionNode: string | undefined;
  /** Bumped whenever streamComponent changes (a dump header), for callers that cache a stream. */
  generation = 0;
  readonly streams = new Map<string, StreamState>();

  /** probe=false: the file's earlier part (read elsewhere) already gave every stream a first time. */
  constructor(readonly ctx: StreamContext, readonly sink: StreamSink, readonly probe = true) {
    this.pod = ctx.pod;
    this.streamComponent = ctx.component;
  }

  streamFor(component: string, node: string | undefined): StreamState {
    const key = `${component}|${node ?? ''}`;
    let s = this.streams.get(key);
    if (!s) {
      s = { key, stat: this.sink.newLogStat(this.ctx.display, component, node) };
      this.streams.set(key, s);
    }
    return s;
  }

  /** One line (without its newline), exactly as read. */
  line(raw: string): void {
    const ctx = this.ctx;
    const lineNo = ++this.lineNo;
    if (raw.length === 0) return;
    const dump = raw.startsWith('====') ? DUMP_START.exec(raw) : null;
    if (dump) {
      this.streamComponent = componentFromName(dump[1]) ?? componentFromName(dump[3]) ?? ctx.component;
      this.pod = `${dump[2]}/${dump[3]}`;
      this.sectionNode = dump[4];
      this.generation++;
      return;
    }
    if (FENCE_OR_PROMPT.test(raw)) return;
    const u = unwrapLine(raw);
    const node = u.node ?? this.sectionNode ?? ctx.node;
    const lineComponent = componentFromName(u.ident) ?? this.streamComponent;
    const level = quickLevel(u.payload);
    if (level !== undefined || u.ident !== undefined || u.time !== undefined) this.recognised++;
    const stream = this.streamFor(lineComponent ?? 'unknown', node);
    const stat = stream.stat;
    stat.lines++;
    noteTime(stat, u.time);
    if (!u.time) stream.last = u.payload;
    const isError = level === 'error' || level === 'fatal';
    if (level === 'warn') stat.warnLines++;
    else if (isError) stat.errorLines++;
    const found = needlesIn(u.payload);
    if (!isError && !found.size) {
      if (this.probe && !u.time && stat.firstTime === undefined && stat.lines <= TIME_PROBE_LINES) noteTime(stat, parseRecord(u.payload).time);
      return;
    }
    const rec = parseRecord(u.payload);
    const time = rec.time ?? u.time;
    noteTime(stat, time);
    const ref = { source: ctx.display, line: lineNo, time, excerpt: excerpt(u.payload) };
    if (isError) EvidenceBuilder.sampleError(stat, ref);
    for (const m of matchSignals(u.payload, rec, found)) {
      const ev: SignalEvent = {
        signal: m.def.id,
        component: isCombined(lineComponent) ? m.def.component : (lineComponent as string),
        node,
        pod: m.extract.pod ?? podOf(rec, u.payload) ?? this.pod,
        time,
        durationMs: m.extract.durationMs,
        message: messageOf(rec),
        fields: m.extract.fields ?? {},
        ref,
      };
      this.sink.addSignal(ev);
    }
  }

  /** Ends the stream: the last quiet payloads give the time spans their ends. */
  finish(): StreamResult {
    for (const { stat, last } of this.streams.values()) if (last !== undefined) noteTime(stat, parseRecord(last).time);
    return { lines: this.lineNo, recognised: this.recognised };
  }
}

export async function readLogStream(lines: AsyncIterable<string>, ctx: StreamContext, b: EvidenceBuilder): Promise<StreamResult> {
  const reader = new LogStreamReader(ctx, builderSink(b, ctx.source));
  for await (const raw of lines) reader.line(raw);
  return reader.finish();
}

const MESSAGE_MAX = 4096;

/** Message plus error text of a parsed line, for rules that read past the cited excerpt. */
function messageOf(rec: { msg: string; fields: Record<string, unknown> }): string {
  const err = rec.fields.err ?? rec.fields.error;
  const text = typeof err === 'string' && err ? `${rec.msg}: ${err}` : rec.msg;
  return text.length > MESSAGE_MAX ? text.slice(0, MESSAGE_MAX) : text;
}
