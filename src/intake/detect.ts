// What a file (or a section of a pasted excerpt) is, from its content alone.
import { looksLikeDescribe } from '../parse/describe.js';
import { isEtcdctlNoise, probeOf, STATUS_FAILED_LINE } from '../parse/etcdctl-health.js';

export type ContentKind =
  | 'talosctl-etcd-status'
  | 'etcdctl-status-table'
  | 'etcdctl-status-json'
  | 'processes'
  | 'io'
  | 'top-nodes'
  | 'events-table'
  | 'pods-table'
  | 'nodes-table'
  | 'kube-objects'
  | 'kubectl-describe'
  | 'etcdctl-health'
  | 'log'
  | 'empty';

/** Kinds read whole (small, structured); everything else is streamed. */
export const STRUCTURED: ReadonlySet<ContentKind> = new Set<ContentKind>([
  'talosctl-etcd-status', 'etcdctl-status-table', 'etcdctl-status-json', 'processes', 'io', 'top-nodes',
  'events-table', 'pods-table', 'nodes-table', 'kube-objects', 'kubectl-describe', 'etcdctl-health',
]);

const has = (line: string, ...words: string[]): boolean => words.every((w) => new RegExp(`(^|\\s)${w.replace(/[()%]/g, '\\$&')}(\\s|$)`).test(line));

/** A header is upper-case column names only ("NAME", "CPU-TIME", "CPU(cores)", "CPU%"), never prose. */
const HEADER_WORD = /^[A-Z][A-Z0-9_%-]*(\([a-z%]+\))?$/;

export function detectTableHeader(line: string): ContentKind | undefined {
  const l = line.trim();
  if (!l.replace(/\|/g, ' ').trim().split(/\s+/).every((w) => HEADER_WORD.test(w))) return undefined;
  if (has(l, 'MEMBER') && has(l, 'DB SIZE') && has(l, 'LEADER')) return 'talosctl-etcd-status';
  if (l.startsWith('|') && l.includes('ENDPOINT') && l.includes('DB SIZE')) return 'etcdctl-status-table';
  if (l.startsWith('|') && has(l, 'ENDPOINT') && has(l, 'HEALTH')) return 'etcdctl-health';
  if (has(l, 'PID') && has(l, 'STATE') && has(l, 'CPU-TIME')) return 'processes';
  if (has(l, 'NAME') && has(l, 'IO_TIME')) return 'io';
  if (has(l, 'NAME') && has(l, 'CPU(cores)')) return 'top-nodes';
  if (has(l, 'LAST SEEN') && has(l, 'TYPE') && has(l, 'REASON')) return 'events-table';
  if (has(l, 'NAME') && has(l, 'READY') && has(l, 'STATUS') && has(l, 'RESTARTS')) return 'pods-table';
  if (has(l, 'NAME') && has(l, 'STATUS') && has(l, 'ROLES')) return 'nodes-table';
  return undefined;
}

/** Decides from the first lines of a file or section. */
export function detectContent(head: string[]): ContentKind {
  const all = head.filter((l) => l.trim() !== '');
  if (!all.length) return 'empty';
  // etcdctl prints its client's warnings (zap JSON) and the endpoints that did not answer to
  // stderr, before its table: what follows them says what the section is.
  const skip = all.findIndex((l) => !isEtcdctlNoise(l) && !STATUS_FAILED_LINE.test(l));
  const failed = all.slice(0, skip < 0 ? all.length : skip).some((l) => STATUS_FAILED_LINE.test(l));
  if (skip < 0) return failed ? 'etcdctl-health' : detectLines(all);
  const kind = detectLines(skip > 0 ? all.slice(skip) : all);
  return kind === 'log' && failed ? 'etcdctl-health' : kind;
}

function detectLines(lines: string[]): ContentKind {
  const first = lines[0].trim();
  if (first.startsWith('+---') && lines[1]) return detectTableHeader(lines[1]) ?? 'log';
  const table = detectTableHeader(first);
  if (table) return table;
  if (first.startsWith('[') && /"Endpoint"\s*:/.test(lines.slice(0, 5).join('\n'))) return 'etcdctl-status-json';
  if (probeOf(first)) return 'etcdctl-health';
  if (/^[[{]/.test(first)) {
    const text = lines.slice(0, 6).join('\n');
    if (/"endpoint"\s*:/.test(text) && /"health"\s*:/.test(text)) return 'etcdctl-health';
  }
  if (looksLikeDescribe(lines)) return 'kubectl-describe';
  if (/^(apiVersion|kind|items|metadata):/.test(first) || (first === '---' && lines.some((l) => /^(apiVersion|kind|items|metadata):/.test(l)))) return 'kube-objects';
  if (/^- (metadata|apiVersion|kind|spec|status):/.test(first)) return 'kube-objects';
  if (first === '{' || first === '[' || (first.startsWith('{') && !isCompleteJson(first))) {
    const text = lines.slice(0, 40).join('\n');
    if (/"(kind|items|metadata|apiVersion)"\s*:/.test(text)) return 'kube-objects';
  }
  return 'log';
}

function isCompleteJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
