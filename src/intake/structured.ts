// Whole-file readers for the small structured kinds: tables, Kubernetes object documents,
// `kubectl describe`, etcdctl outputs and saved Prometheus scrapes.
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';

// The yaml package is loaded only when a document needs it (the fast path reads kubectl-style YAML itself).
const requireYaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');
import type { EtcdMemberStatus, EvidenceRef, EvidenceSet, MetricSeries } from '../types.js';
import { parseDescribe } from '../parse/describe.js';
import { endpointKey, parseEtcdctlHealth, parseEtcdctlProbeLines } from '../parse/etcdctl-health.js';
import { parseEtcdctlStatusJson, parseEtcdctlStatusTable, parseTalosEtcdStatus } from '../parse/etcd-status.js';
import { parseIoTable } from '../parse/io.js';
import { classifyObjects, flattenObjects, objectRef } from '../parse/kube-objects.js';
import { parseEventsTable, parseNodesTable, parsePodsTable, parseTopNodes } from '../parse/kubectl-tables.js';
import { parseProcessTable } from '../parse/processes.js';
import { etcdFromScrape, isEtcdScrapeMetric, parsePromText } from '../parse/prom-text.js';
import type { EvidenceBuilder } from './builder.js';
import { excerpt } from './builder.js';
import { commandOf, type ContentKind } from './detect.js';

export interface StructuredContext {
  display: string;
  node?: string;
  /** Line number of lines[0] in the file. */
  firstLine: number;
  warn: (msg: string) => void;
  defer: (record: { node?: string }) => void;
  /** The prompt line that printed the section (`$ kubectl get events -n shop`), when there is one. */
  prompt?: string;
}

export function readStructured(kind: ContentKind, lines: string[], ctx: StructuredContext, b: EvidenceBuilder): void {
  const ref = (line: number, text: string): EvidenceRef => ({ source: ctx.display, line, excerpt: excerpt(text) });
  const start = lines.findIndex((l) => l.trim() !== '');
  const body = lines.slice(start);
  const first = ctx.firstLine + start;
  const ev = b.evidence;
  const command = commandOf(ctx.prompt);
  const tables = { namespace: command?.tool === 'kubectl' && !command.allNamespaces ? command.namespace : undefined };
  switch (kind) {
    case 'talosctl-etcd-status':
      ev.etcdMembers.push(...parseTalosEtcdStatus(body, ref, first));
      return;
    case 'etcdctl-status-table':
      // Endpoints that did not answer are named on stderr, before the table.
      addEtcdMembers(ev, [...parseEtcdctlProbeLines(body, ref, first), ...parseEtcdctlStatusTable(body, ref, first)]);
      return;
    case 'etcdctl-status-json':
      addEtcdMembers(ev, [
        ...parseEtcdctlProbeLines(body, ref, first),
        ...parseEtcdctlStatusJson(jsonPart(body), (_l, t) => ({ source: ctx.display, excerpt: excerpt(t) })),
      ]);
      return;
    case 'etcdctl-health':
      addEtcdMembers(ev, parseEtcdctlHealth(body, ref, first));
      return;
    case 'kubectl-describe': {
      const d = parseDescribe(body, ref, first);
      ev.pods.push(...d.pods);
      ev.nodes.push(...d.nodes);
      ev.events.push(...d.events);
      return;
    }
    case 'prom-text':
      readScrape(body, first, ctx, b, command?.tool === 'curl' ? command : undefined);
      return;
    case 'processes':
      for (const p of parseProcessTable(body, ref, ctx.node, first)) {
        ev.processes.push(p);
        if (!p.node) ctx.defer(p);
      }
      return;
    case 'io':
      for (const d of parseIoTable(body, ref, ctx.node, first)) {
        ev.diskIo.push(d);
        if (!d.node) ctx.defer(d);
      }
      return;
    case 'top-nodes':
      ev.nodeMetrics.push(...parseTopNodes(body, ref, first));
      return;
    case 'events-table':
      ev.events.push(...parseEventsTable(body, ref, first, tables));
      return;
    case 'pods-table':
      ev.pods.push(...parsePodsTable(body, ref, first, tables));
      return;
    case 'nodes-table':
      ev.nodes.push(...parseNodesTable(body, ref, first));
      return;
    case 'kube-objects':
      readObjects(lines.join('\n'), ctx, b);
      return;
    default:
      return;
  }
}

/** The JSON of an `endpoint status -w json` section, without etcdctl's stderr lines before it. */
function jsonPart(lines: string[]): string {
  const at = lines.findIndex((l) => /^\s*\[/.test(l));
  return (at < 0 ? lines : lines.slice(at)).join('\n');
}

/**
 * Members from etcdctl outputs. `endpoint health` and failed-status lines know a member only by
 * its endpoint; a status row with the same endpoint gives it its id (either order, any file), so
 * that the member is one member to the rules (resolve keeps the status row, which has the sizes).
 */
function addEtcdMembers(ev: EvidenceSet, members: EtcdMemberStatus[]): void {
  ev.etcdMembers.push(...members);
  const ids = new Map<string, string>();
  for (const m of ev.etcdMembers) if (m.id && m.endpoint) ids.set(endpointKey(m.endpoint), m.id);
  for (const m of ev.etcdMembers) {
    if (m.id || !m.endpoint) continue;
    const id = ids.get(endpointKey(m.endpoint));
    if (id) {
      m.id = id;
      m.name = id;
    }
  }
}

/** p99 series from saved scrapes that carried no timestamps, per evidence set, until the evidence's time is known. */
const untimedScrapeSeries = new WeakMap<EvidenceSet, Array<{ series: MetricSeries; processStartMs?: number }>>();

/**
 * A saved etcd scrape: its member (DB sizes, quota, id, leadership) for the member rules, and the
 * WAL fsync, backend commit and peer round-trip p99 of its cumulative buckets as MetricSeries for
 * the metric rules. A scrape without timestamps says nothing of when it was taken: its series wait
 * in untimedScrapeSeries for placeScrapedSeries (the evidence's latest time).
 */
function readScrape(lines: string[], first: number, ctx: StructuredContext, b: EvidenceBuilder, curl?: ReturnType<typeof commandOf>): void {
  const scrape = parsePromText(lines, first, isEtcdScrapeMetric);
  const ref = (line: number, text: string): EvidenceRef => ({ source: ctx.display, line, excerpt: excerpt(text) });
  const where = { node: ctx.node ?? curl?.node };
  for (const s of etcdFromScrape(scrape, ref, where)) {
    addEtcdMembers(b.evidence, [s.member]);
    const m = s.member;
    for (const q of s.quantiles) {
      const at = q.timestampMs ?? s.timestampMs;
      const query = `histogram_quantile(0.99, ${q.family}_bucket) of the cumulative buckets in ${ctx.display}:${q.line} (${q.observations} observations since the process started)`;
      const series: MetricSeries = {
        name: q.query,
        labels: { ...q.labels },
        instance: s.instance,
        node: m.node,
        member: m.id,
        memberId: m.id,
        samples: [[at ?? 0, q.p99]],
        query,
        start: s.processStartMs !== undefined ? isoMs(s.processStartMs) : 'process start',
        end: at !== undefined ? isoMs(at) : '',
        stepSeconds: 0,
        ref: { source: ctx.display, line: q.line, query, excerpt: excerpt(`${q.family} p99 ${q.p99}s over ${q.observations} observations`) },
      };
      if (at !== undefined) (b.evidence.metrics ??= []).push(series);
      else {
        const list = untimedScrapeSeries.get(b.evidence) ?? [];
        list.push({ series, processStartMs: s.processStartMs });
        untimedScrapeSeries.set(b.evidence, list);
      }
    }
  }
}

const isoMs = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/**
 * Gives the p99 series of saved scrapes without timestamps their time: the latest time of the
 * evidence (the scrape was saved with the logs), else `now`; and adds them to evidence.metrics.
 * Call once every source is read.
 */
export function placeScrapedSeries(ev: EvidenceSet, now: Date): void {
  const pending = untimedScrapeSeries.get(ev);
  if (!pending?.length) return;
  untimedScrapeSeries.delete(ev);
  let latest: string | undefined;
  for (const s of ev.logStats) if (s.lastTime && (!latest || s.lastTime > latest)) latest = s.lastTime;
  for (const s of ev.signals) if (s.time && (!latest || s.time > latest)) latest = s.time;
  const parsed = latest ? Date.parse(latest) : NaN;
  const at = Number.isFinite(parsed) ? parsed : now.getTime();
  for (const { series, processStartMs } of pending) {
    // Taken after its process started, whatever the rest of the evidence says.
    const t = Math.max(at, processStartMs ?? at);
    series.samples = [[t, series.samples[0][1]]];
    series.end = isoMs(t);
    (ev.metrics ??= []).push(series);
  }
}

function readObjects(text: string, ctx: StructuredContext, b: EvidenceBuilder): void {
  const trimmed = text.trimStart();
  const items: Array<{ kind: string | undefined; obj: Record<string, unknown>; ref: EvidenceRef }> = [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    // JSON: parse fast, cite objects by kind/namespace/name.
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch (e) {
      ctx.warn(`${ctx.display}: not valid JSON (${(e as Error).message.split('\n')[0]}); skipped`);
      return;
    }
    for (const { kind, obj } of flattenObjects(root)) {
      const object = objectRef(kind ?? 'Object', obj);
      items.push({ kind, obj, ref: { source: ctx.display, object, excerpt: object } });
    }
  } else {
    const { LineCounter, parseAllDocuments } = requireYaml();
    const counter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [docs];
    for (const doc of list) {
      if (doc.errors.length) {
        ctx.warn(`${ctx.display}: YAML error at line ${counter.linePos(doc.errors[0].pos[0]).line + ctx.firstLine - 1}: ${doc.errors[0].message.split('\n')[0]}`);
        continue;
      }
      const js = doc.toJS({ maxAliasCount: 100 }) as unknown;
      const nodesByIndex = yamlItemNodes(doc.contents);
      flattenObjects(js).forEach(({ kind, obj }, i) => {
        const node = nodesByIndex[i];
        const line = node?.range ? counter.linePos(node.range[0]).line + ctx.firstLine - 1 : undefined;
        const object = objectRef(kind ?? 'Object', obj as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
        items.push({ kind, obj, ref: { source: ctx.display, line, object, excerpt: object } });
      });
    }
  }
  const k = classifyObjects(items as Parameters<typeof classifyObjects>[0]);
  const ev = b.evidence;
  ev.nodes.push(...k.nodes);
  ev.pods.push(...k.pods);
  ev.events.push(...k.events);
  ev.objects.push(...k.objects);
}

/** The YAML nodes of the objects flattenObjects yields, in the same order. */
export function yamlItemNodes(root: unknown): YamlNode[] {
  const { isMap, isSeq } = requireYaml();
  const out: YamlNode[] = [];
  const visit = (n: unknown): void => {
    if (isSeq(n)) {
      for (const x of n.items) visit(x);
      return;
    }
    if (isMap(n)) {
      const items = n.get('items', true);
      if (isSeq(items)) {
        for (const x of items.items) visit(x);
        return;
      }
      out.push(n);
    }
  };
  visit(root);
  return out;
}
