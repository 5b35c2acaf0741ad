// What a file (or a section of a pasted excerpt) is, from its content alone; and what the command
// line that printed a section (`$ kubectl get events -n shop`) says about it.
import { looksLikeDescribe } from '../parse/describe.js';
import { isEtcdctlNoise, probeOf, STATUS_FAILED_LINE } from '../parse/etcdctl-health.js';
import { looksLikePromText } from '../parse/prom-text.js';

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
  | 'prom-text'
  | 'log'
  | 'empty';

/** Kinds read whole (small, structured); everything else is streamed. */
export const STRUCTURED: ReadonlySet<ContentKind> = new Set<ContentKind>([
  'talosctl-etcd-status', 'etcdctl-status-table', 'etcdctl-status-json', 'processes', 'io', 'top-nodes',
  'events-table', 'pods-table', 'nodes-table', 'kube-objects', 'kubectl-describe', 'etcdctl-health', 'prom-text',
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
  if (looksLikePromText(lines)) return 'prom-text';
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

// ---------------------------------------------------------------------------------------------
// Command lines: what the prompt line before a section says about its output.

export interface CommandContext {
  tool: string;
  /** kubectl's verb (get, describe, logs, …) or etcdctl's command words. */
  verb?: string;
  /** `-n` / `--namespace`; `all` marks `-A` / `--all-namespaces`. */
  namespace?: string;
  allNamespaces?: boolean;
  /** `kubectl logs POD`: namespace/name (the pod part of `pod/NAME`). */
  pod?: string;
  container?: string;
  /** What the command's target says of the node: a control-plane static pod `etcd-<node>`, a curl URL's host. */
  node?: string;
  /** Component of a control-plane static pod (etcd, kube-apiserver, …). */
  component?: string;
  /** curl's URL. */
  url?: string;
}

const PROMPT = /^\s*(?:\$|#|❯|>|[\w.@~:/-]*[$#%])\s*/;
const TOOLS = new Set(['kubectl', 'k', 'oc', 'talosctl', 'etcdctl', 'curl', 'crictl', 'journalctl']);
/** kubectl flags that take a value (so the value is not the verb or a name). */
const KUBECTL_VALUE_FLAGS = new Set([
  '-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-c', '--container', '-l', '--selector', '--field-selector',
  '-o', '--output', '--tail', '--since', '--since-time', '--limit-bytes', '-s', '--server', '--request-timeout', '--as', '--sort-by',
]);
const STATIC_POD = /^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler)-(.+)$/;

function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * The command of a prompt line (`$ kubectl -n kube-system logs etcd-cp2 --tail=50`), or undefined
 * when the line runs none of the tools whose output kubesleuth reads. Only the first command of a
 * pipeline counts.
 */
export function commandOf(line: string | undefined): CommandContext | undefined {
  if (!line) return undefined;
  const text = line.replace(PROMPT, '').split(/\s\|\s|\s&&\s|;/)[0];
  const w = words(text).filter((x) => !/^(sudo|time|watch)$/.test(x));
  const at = w.findIndex((x) => TOOLS.has(x.split('/').pop() ?? x));
  if (at < 0) return undefined;
  const tool = w[at].split('/').pop()!;
  const args = w.slice(at + 1);
  if (tool === 'curl') {
    const url = args.find((a) => /^https?:\/\//.test(a));
    const host = url ? /^https?:\/\/\[?([^\]/:]+)/.exec(url)?.[1] : undefined;
    return { tool, url, node: host && !/^(localhost|127\.|0\.0\.0\.0|::1)/.test(host) ? host : undefined };
  }
  const ctx: CommandContext = { tool: tool === 'k' || tool === 'oc' ? 'kubectl' : tool };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = /^(--?[\w-]+)=(.*)$/.exec(a);
    const flag = eq ? eq[1] : a;
    const value = (): string | undefined => (eq ? eq[2] : args[++i]);
    if (flag === '-n' || flag === '--namespace') ctx.namespace = value();
    else if (/^-n\S+$/.test(a) && !a.startsWith('--')) ctx.namespace = a.slice(2);
    else if (flag === '-A' || flag === '--all-namespaces') ctx.allNamespaces = true;
    else if (flag === '-c' || flag === '--container') ctx.container = value();
    else if (KUBECTL_VALUE_FLAGS.has(flag)) value();
    else if (!a.startsWith('-')) positional.push(a);
  }
  if (ctx.tool !== 'kubectl') {
    ctx.verb = positional.slice(0, 2).join(' ') || undefined;
    return ctx;
  }
  ctx.verb = positional[0];
  if (ctx.verb === 'logs' && positional[1]) {
    const target = positional[1];
    const slash = /^(\w+)\/(.+)$/.exec(target);
    if (!slash || /^pods?$/.test(slash[1])) {
      const name = slash ? slash[2] : target;
      ctx.pod = `${ctx.namespace ?? 'default'}/${name}`;
      const sp = STATIC_POD.exec(name);
      if (sp && (!ctx.namespace || /^(kube-system|openshift-)/.test(ctx.namespace))) {
        ctx.component = sp[1];
        ctx.node = sp[2];
      }
    }
  }
  return ctx;
}
