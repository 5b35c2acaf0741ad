// `kubectl describe pod|node` as kubectl prints it (kubernetes/kubectl pkg/describe/describe.go:
// describePod, describeContainerState, describeVolumes, describeNode, DescribeEvents): one or
// several objects in one paste, each starting at its `Name:` line. Indentation is the
// PrefixWriter's two spaces per level; values are aligned by tabwriter, so keys are read up to
// their colon and values after it, and table rows by the shapes of their cells.
import type { ContainerState, EventInfo, EvidenceRef, NodeCondition, NodeInfo, PodInfo, PodVolume } from '../types.js';

type Ref = (line: number, excerpt: string) => EvidenceRef;

export interface DescribeEvidence {
  pods: PodInfo[];
  nodes: NodeInfo[];
  events: EventInfo[];
}

const NAME_LINE = /^Name:\s+(\S+)\s*$/;
/** `Key:   value` (value optional); keys are words, spaces and a few signs, values start after the colon. */
const KV = /^(\s*)([A-Za-z][\w .()/-]*?):(?:\s+(.*?))?\s*$/;

interface Line {
  n: number;
  text: string;
  indent: number;
  key?: string;
  value?: string;
}

function lineOf(text: string, n: number): Line {
  const indent = /^\s*/.exec(text)![0].replace(/\t/g, '        ').length;
  const m = KV.exec(text);
  return m ? { n, text, indent, key: m[2], value: m[3] ?? '' } : { n, text, indent };
}

/** What a `Name:` block describes: a pod has Namespace and Node lines, a node Roles. */
export function describedKind(block: string[]): 'pod' | 'node' | undefined {
  const top = new Set(block.map((l) => /^([A-Z][\w -]*):/.exec(l)?.[1]).filter(Boolean));
  if (top.has('Namespace') && top.has('Node')) return 'pod';
  if (top.has('Roles') && !top.has('Namespace')) return 'node';
  return undefined;
}

/** Whether lines start a `kubectl describe pod` or `describe node` output. */
export function looksLikeDescribe(lines: string[]): boolean {
  const content = lines.filter((l) => l.trim() !== '');
  if (!content.length || !NAME_LINE.test(content[0])) return false;
  // The kind shows in the lines before Labels (Namespace, Priority, Service Account, Node / Roles).
  const end = content.findIndex((l, i) => i > 0 && NAME_LINE.test(l));
  return describedKind(content.slice(0, end < 0 ? 40 : Math.min(end, 40))) !== undefined;
}

/** Every pod and node of a describe output, with their Events. */
export function parseDescribe(lines: string[], ref: Ref, firstLine = 1): DescribeEvidence {
  const out: DescribeEvidence = { pods: [], nodes: [], events: [] };
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (NAME_LINE.test(l)) starts.push(i);
  });
  starts.forEach((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1] : lines.length;
    const block = lines.slice(s, end).map((t, i) => lineOf(t, firstLine + s + i));
    const kind = describedKind(lines.slice(s, end));
    if (kind === 'pod') describePod(block, ref, out);
    else if (kind === 'node') describeNode(block, ref, out);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pods

const STATES = new Set(['Waiting', 'Running', 'Terminated']);

function describePod(block: Line[], ref: Ref, out: DescribeEvidence): void {
  const name = NAME_LINE.exec(block[0].text)![1];
  const top = (key: string): Line | undefined => block.find((l) => l.indent === 0 && l.key === key);
  const namespace = top('Namespace')?.value || 'default';
  const nodeValue = top('Node')?.value ?? '';
  const node = nodeValue && nodeValue !== '<none>' ? nodeValue.split('/')[0] : undefined;
  const phase = top('Status')?.value?.split(/\s/)[0] || undefined;
  const owner = /^([\w.]+)\/(.+)$/.exec(top('Controlled By')?.value ?? '');
  const object = `Pod/${namespace}/${name}`;

  const containers: ContainerState[] = [];
  const volumes: PodVolume[] = [];
  const labels: Record<string, string> = {};
  const events: EventInfo[] = [];
  /** The line that says most about the pod's trouble, for citing it. */
  let telling: Line | undefined;
  let tellingRank = 0;
  const tell = (l: Line, rank: number): void => {
    if (rank > tellingRank) {
      telling = l;
      tellingRank = rank;
    }
  };

  let section: string | undefined;
  let container: (ContainerState & { indent: number }) | undefined;
  let state: { target: 'state' | 'last'; indent: number; kind: string } | undefined;
  let volume: (PodVolume & { indent: number; projected?: boolean }) | undefined;
  const eventRows: Line[] = [];

  for (const l of block.slice(1)) {
    if (!l.text.trim()) continue;
    // Events come last; their messages may break onto lines of their own.
    if (l.indent === 0 && l.key && section !== 'Events') {
      section = l.key;
      container = undefined;
      state = undefined;
      volume = undefined;
      if (l.key === 'Labels') addLabel(labels, l.value ?? '');
      continue;
    }
    switch (section) {
      case 'Labels':
        if (l.indent > 0 && !l.key) addLabel(labels, l.text.trim());
        break;
      case 'Containers':
      case 'Init Containers':
      case 'Ephemeral Containers': {
        if (l.key && l.value === '' && /^[a-z0-9][a-z0-9.-]*$/.test(l.key) && (!container || l.indent <= container.indent)) {
          container = { name: l.key, restartCount: 0, init: section === 'Init Containers', indent: l.indent };
          containers.push(container);
          state = undefined;
          break;
        }
        if (!container || !l.key) break;
        if (state && l.indent <= state.indent) state = undefined;
        if (l.key === 'State' || l.key === 'Last State') {
          const kind = (l.value ?? '').split(/\s/)[0];
          state = { target: l.key === 'State' ? 'state' : 'last', indent: l.indent, kind };
          if (state.target === 'state') {
            container.running = kind === 'Running';
            if (kind === 'Waiting') tell(l, 1);
          }
          break;
        }
        if (state && STATES.has(state.kind)) {
          if (l.key === 'Reason') {
            if (state.target === 'state' && state.kind === 'Waiting') {
              container.waitingReason = l.value;
              tell(l, 3);
            } else if (state.target === 'last' || (state.kind === 'Terminated' && container.lastTerminatedReason === undefined)) {
              container.lastTerminatedReason = l.value;
              if (state.target === 'last') tell(l, 2);
            }
          } else if (l.key === 'Message' && state.target === 'state' && state.kind === 'Waiting') {
            container.waitingMessage = l.value;
          } else if (l.key === 'Exit Code') {
            const code = Number(l.value);
            if (Number.isFinite(code) && (state.target === 'last' || container.lastTerminatedExitCode === undefined)) container.lastTerminatedExitCode = code;
          }
          break;
        }
        if (l.key === 'Ready') container.ready = l.value === 'True';
        else if (l.key === 'Restart Count') container.restartCount = Number(l.value) || 0;
        break;
      }
      case 'Volumes': {
        if (l.key && l.value === '' && (!volume || l.indent <= volume.indent)) {
          volume = { name: l.key, indent: l.indent };
          volumes.push(volume);
          break;
        }
        if (!volume || !l.key) break;
        if (l.key === 'Type') volume.projected = /^Projected\b/.test(l.value ?? '');
        else if (l.key === 'ClaimName') volume.pvc = l.value;
        else if (l.key === 'TokenExpirationSeconds' && volume.projected !== false) volume.projectedServiceAccountToken = true;
        else if (l.key === 'Driver') volume.csiDriver = l.value;
        break;
      }
      case 'Events':
        eventRows.push(l);
        break;
      default:
        break;
    }
  }

  for (const c of containers) delete (c as { indent?: number }).indent;
  const vols = volumes.map(({ name: n, pvc, projectedServiceAccountToken, csiDriver }) => ({
    name: n,
    ...(pvc ? { pvc } : {}),
    ...(projectedServiceAccountToken ? { projectedServiceAccountToken } : {}),
    ...(csiDriver ? { csiDriver } : {}),
  }));
  const cite = telling ?? block[0];
  const pod: PodInfo = {
    namespace,
    name,
    node,
    phase,
    containers: containers as ContainerState[],
    volumes: vols,
    ownerKind: owner?.[1],
    ownerName: owner?.[2],
    labels,
    ref: { ...ref(cite.n, `${object}: ${cite.text.trim()}`), object },
  };
  for (const e of parseEventRows(eventRows, ref)) {
    const named = podInMessage(e.message);
    if (named && named.name === name && named.namespace === namespace) pod.uid ??= named.uid;
    events.push({ namespace, objectKind: 'Pod', objectName: name, ...e, node: e.node ?? node });
  }
  out.pods.push(pod);
  out.events.push(...events);
}

function addLabel(labels: Record<string, string>, text: string): void {
  const m = /^([^=\s]+)=(\S*)$/.exec(text.trim());
  if (m) labels[m[1]] = m[2];
}

// ---------------------------------------------------------------------------------------------
// Nodes

const RFC1123Z = String.raw`\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [-+]\d{4}`;
const CONDITION_ROW = new RegExp(String.raw`^\s*(\S+)\s+(True|False|Unknown)\s+(${RFC1123Z})\s+(${RFC1123Z})\s+(\S+)?\s*(.*?)\s*$`);
const PRESSURES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

function describeNode(block: Line[], ref: Ref, out: DescribeEvidence): void {
  const name = NAME_LINE.exec(block[0].text)![1];
  const object = `Node/${name}`;
  const roles = (block.find((l) => l.indent === 0 && l.key === 'Roles')?.value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== '<none>');
  const conditions: NodeCondition[] = [];
  const addresses: string[] = [];
  const eventRows: Line[] = [];
  let telling: Line | undefined;
  let tellingRank = 0;
  let section: string | undefined;
  for (const l of block.slice(1)) {
    if (!l.text.trim()) continue;
    if (l.indent === 0 && l.key && section !== 'Events') {
      section = l.key;
      continue;
    }
    if (section === 'Conditions') {
      const c = conditionRow(l.text);
      if (!c) continue;
      conditions.push(c);
      const rank = PRESSURES.has(c.type) && c.status === 'True' ? 3 : c.type === 'Ready' && c.status !== 'True' ? 2 : 0;
      if (rank > tellingRank) {
        telling = l;
        tellingRank = rank;
      }
    } else if (section === 'Addresses') {
      if (l.key && l.value) addresses.push(l.value);
    } else if (section === 'Events') {
      eventRows.push(l);
    }
  }
  const cite = telling ?? block[0];
  out.nodes.push({ name, addresses, conditions, roles, ref: { ...ref(cite.n, `${object}: ${cite.text.trim()}`), object } });
  for (const e of parseEventRows(eventRows, ref)) out.events.push({ objectKind: 'Node', objectName: name, ...e, node: e.node ?? name });
}

function conditionRow(text: string): NodeCondition | undefined {
  if (/^\s*(Type\s+Status|-{2,})/.test(text)) return undefined;
  const m = CONDITION_ROW.exec(text);
  if (m) return { type: m[1], status: m[2], reason: m[5] || undefined, message: m[6] || undefined };
  // Dates not in RFC 1123 (edited pastes): columns are at least two spaces apart.
  const cells = text.trim().split(/\s{2,}/);
  if (cells.length >= 2 && /^(True|False|Unknown)$/.test(cells[1])) {
    return { type: cells[0], status: cells[1], reason: cells[4] || undefined, message: cells.slice(5).join('  ') || undefined };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Events: `Type  Reason  Age  From  Message`, Age like `2m (x231 over 52m)`, From `kubelet` or
// (older kubectl) `kubelet, worker-1`.

const AGE = String.raw`(?:<unknown>|<invalid>|\d[\w.]*)`;
const EVENT_ROW = new RegExp(String.raw`^\s*(\S+)\s+(\S+)\s+(${AGE}(?: \(x\d+ over ${AGE}\))?)\s+([^\s,]+(?:, \S+)?)\s+(.*?)\s*$`);

type EventFields = Pick<EventInfo, 'type' | 'reason' | 'message' | 'count' | 'node' | 'ref'>;

function parseEventRows(rows: Line[], ref: Ref): EventFields[] {
  const out: EventFields[] = [];
  for (const l of rows) {
    const t = l.text.trim();
    if (!t || /^Type\s+Reason\s+Age\s+From\s+Message$/.test(t) || /^-+(\s+-+)*$/.test(t) || t === '<none>') continue;
    const m = EVENT_ROW.exec(l.text);
    if (m) {
      const count = /\(x(\d+) over/.exec(m[3])?.[1];
      const host = /^[\w-]+, (\S+)$/.exec(m[4])?.[1];
      out.push({
        type: m[1],
        reason: m[2],
        message: m[5],
        ...(count ? { count: Number(count) } : {}),
        ...(host ? { node: host } : {}),
        ref: ref(l.n, t),
      });
      continue;
    }
    // A message with line breaks goes on over the next lines.
    const prev = out[out.length - 1];
    if (prev) prev.message = `${prev.message} ${t}`;
  }
  return out;
}

/** The pod an event or log message names as kubelet formats it: `name_namespace(uid)`. */
export function podInMessage(message: string): { namespace: string; name: string; uid: string } | undefined {
  const m = /(?:^|[\s"'=])([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)_([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/.exec(message);
  return m ? { name: m[1], namespace: m[2], uid: m[3] } : undefined;
}
