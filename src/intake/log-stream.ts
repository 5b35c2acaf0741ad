// Reads one log stream line by line into the evidence: signal lines become SignalEvents,
// every line counts towards the stream's LogStat (lines, errors, warnings, time span).
import type { LogStat, SignalEvent, SourceInfo } from '../types.js';
import { parseRecord, quickLevel } from '../parse/record.js';
import { unwrapLine } from '../parse/unwrap.js';
import { matchSignals, mayHoldSignal, podOf } from '../signals/match.js';
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

const DUMP_START = /^==== START logs for container (\S+) of pod ([\w.-]+)\/([\w.-]+) ====/;
const FENCE_OR_PROMPT = /^\s*(```|~~~|\$ |# kubectl|# talosctl|# etcdctl|> )/;

export interface StreamResult {
  lines: number;
  recognised: number;
}

/** Lines without a signal are parsed for their time only until a stream has a first time. */
const TIME_PROBE_LINES = 50;

function noteTime(stat: LogStat, time: string | undefined): void {
  if (!time) return;
  stat.firstTime = minIso(stat.firstTime, time);
  stat.lastTime = maxIso(stat.lastTime, time);
}

export async function readLogStream(lines: AsyncIterable<string>, ctx: StreamContext, b: EvidenceBuilder): Promise<StreamResult> {
  // Per stream: its stat and its last payload, parsed at the end so the time span covers quiet lines too.
  const stats = new Map<string, { stat: LogStat; last?: string }>();
  const streamFor = (component: string, node: string | undefined): { stat: LogStat; last?: string } => {
    const key = `${component}|${node ?? ''}`;
    let s = stats.get(key);
    if (!s) {
      s = { stat: b.newLogStat(ctx.display, component, node) };
      stats.set(key, s);
    }
    return s;
  };
  let lineNo = 0;
  let recognised = 0;
  let pod = ctx.pod;
  let streamComponent = ctx.component;
  for await (const raw of lines) {
    lineNo++;
    if (raw.length === 0) continue;
    const dump = raw.startsWith('====') ? DUMP_START.exec(raw) : null;
    if (dump) {
      streamComponent = componentFromName(dump[1]) ?? componentFromName(dump[3]) ?? ctx.component;
      pod = `${dump[2]}/${dump[3]}`;
      continue;
    }
    if (FENCE_OR_PROMPT.test(raw)) continue;
    const u = unwrapLine(raw);
    const node = u.node ?? ctx.node;
    const lineComponent = componentFromName(u.ident) ?? streamComponent;
    const level = quickLevel(u.payload);
    if (level !== undefined || u.ident !== undefined || u.time !== undefined) recognised++;
    const stream = streamFor(lineComponent ?? 'unknown', node);
    const stat = stream.stat;
    stat.lines++;
    noteTime(stat, u.time);
    if (!u.time) stream.last = u.payload;
    const isError = level === 'error' || level === 'fatal';
    if (level === 'warn') stat.warnLines++;
    else if (isError) stat.errorLines++;
    if (!isError && !mayHoldSignal(u.payload)) {
      if (!u.time && stat.firstTime === undefined && stat.lines <= TIME_PROBE_LINES) noteTime(stat, parseRecord(u.payload).time);
      continue;
    }
    const rec = parseRecord(u.payload);
    const time = rec.time ?? u.time;
    noteTime(stat, time);
    const ref = { source: ctx.display, line: lineNo, time, excerpt: excerpt(u.payload) };
    if (isError) EvidenceBuilder.sampleError(stat, ref);
    for (const m of matchSignals(u.payload, rec)) {
      const ev: SignalEvent = {
        signal: m.def.id,
        component: isCombined(lineComponent) ? m.def.component : (lineComponent as string),
        node,
        pod: m.extract.pod ?? podOf(rec, u.payload) ?? pod,
        time,
        durationMs: m.extract.durationMs,
        message: messageOf(rec),
        fields: m.extract.fields ?? {},
        ref,
      };
      b.addSignal(ev, ctx.source);
    }
  }
  for (const { stat, last } of stats.values()) if (last !== undefined) noteTime(stat, parseRecord(last).time);
  return { lines: lineNo, recognised };
}

const MESSAGE_MAX = 4096;

/** Message plus error text of a parsed line, for rules that read past the cited excerpt. */
function messageOf(rec: { msg: string; fields: Record<string, unknown> }): string {
  const err = rec.fields.err ?? rec.fields.error;
  const text = typeof err === 'string' && err ? `${rec.msg}: ${err}` : rec.msg;
  return text.length > MESSAGE_MAX ? text.slice(0, MESSAGE_MAX) : text;
}
