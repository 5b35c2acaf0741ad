// kubectl's plain tables: get pods, get events, get nodes, top nodes.
import type { EventInfo, EvidenceRef, NodeInfo, NodeMetric, PodInfo } from '../types.js';
import { podInMessage } from './describe.js';
import { parseAlignedTable } from './table.js';

type Ref = (line: number, excerpt: string) => EvidenceRef;

/** What the command line that printed a table says about its rows (`kubectl get events -n shop`). */
export interface TableContext {
  /** Namespace of rows without a NAMESPACE column. */
  namespace?: string;
}

export function parsePodsTable(lines: string[], ref: Ref, firstLine = 1, tc: TableContext = {}): PodInfo[] {
  const t = parseAlignedTable(lines, firstLine);
  return t.rows.map(({ cells, line }) => {
    const status = cells.STATUS ?? '';
    const restarts = Number(/^(\d+)/.exec(cells.RESTARTS ?? '')?.[1] ?? 0);
    const [ready, total] = (cells.READY ?? '0/0').split('/').map(Number);
    const waiting = /^(ContainerCreating|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|PodInitializing|Init:.*)$/.test(status) ? status : undefined;
    return {
      namespace: cells.NAMESPACE || tc.namespace || 'default',
      name: cells.NAME,
      node: cells.NODE && cells.NODE !== '<none>' ? cells.NODE : undefined,
      phase: status === 'Running' || status === 'Completed' || status === 'Pending' ? status : undefined,
      displayStatus: status,
      containers: [{ name: '*', ready: ready === total && total > 0, restartCount: restarts, waitingReason: waiting, running: status === 'Running' }],
      volumes: [],
      labels: {},
      ref: ref(line, lines[line - firstLine].trim()),
    };
  });
}

const OBJECT = /^([\w.-]+)\/(.+)$/;
/** kubectl prints resource names in OBJECT ("replicaset.apps/web"); kinds with inner capitals need a map. */
const KINDS: Record<string, string> = {
  replicaset: 'ReplicaSet', daemonset: 'DaemonSet', statefulset: 'StatefulSet', cronjob: 'CronJob',
  persistentvolumeclaim: 'PersistentVolumeClaim', persistentvolume: 'PersistentVolume', volumeattachment: 'VolumeAttachment',
  horizontalpodautoscaler: 'HorizontalPodAutoscaler', poddisruptionbudget: 'PodDisruptionBudget', configmap: 'ConfigMap',
  serviceaccount: 'ServiceAccount', endpointslice: 'EndpointSlice',
};

/**
 * `kubectl get events [-A] [-o wide]`: LAST SEEN (`2m (x12 over 12m)`), TYPE, REASON, OBJECT,
 * MESSAGE; wide adds SUBOBJECT, SOURCE (`kubelet, worker-2`), FIRST SEEN, COUNT and NAME. Rows
 * without a NAMESPACE column take the command's namespace, else the one a kubelet message names
 * (`name_namespace(uid)`).
 */
export function parseEventsTable(lines: string[], ref: Ref, firstLine = 1, tc: TableContext = {}): EventInfo[] {
  const t = parseAlignedTable(lines, firstLine);
  return t.rows.map(({ cells, line }) => {
    const m = OBJECT.exec(cells.OBJECT ?? '');
    const kind = m ? m[1].split('.')[0].toLowerCase() : undefined;
    const message = cells.MESSAGE ?? '';
    const inMessage = !kind || kind === 'pod' ? podInMessage(message) : undefined;
    const named = inMessage && (!m || inMessage.name === m[2]) ? inMessage : undefined;
    const count = Number(/\(x(\d+) over/.exec(cells['LAST SEEN'] ?? '')?.[1] ?? cells.COUNT);
    const host = /^[\w-]+, (\S+)$/.exec(cells.SOURCE ?? '')?.[1];
    return {
      namespace: cells.NAMESPACE || tc.namespace || named?.namespace || undefined,
      objectKind: kind ? (KINDS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1)) : named ? 'Pod' : undefined,
      objectName: m?.[2] ?? named?.name,
      type: cells.TYPE,
      reason: cells.REASON ?? '',
      message,
      ...(count > 0 ? { count } : {}),
      ...(host ? { node: host } : {}),
      ref: ref(line, lines[line - firstLine].trim()),
    };
  });
}

export function parseTopNodes(lines: string[], ref: Ref, firstLine = 1): NodeMetric[] {
  const t = parseAlignedTable(lines, firstLine);
  return t.rows.map(({ cells, line }) => {
    const cpu = cells['CPU(cores)'];
    // kubectl 1.31+ prints CPU(%) and MEMORY(%), older ones CPU% and MEMORY%.
    const cpuPct = cells['CPU%'] ?? cells['CPU(%)'];
    const memPct = cells['MEMORY%'] ?? cells['MEMORY(%)'];
    const unknown = [cpu, cpuPct, cells['MEMORY(bytes)'], memPct].some((v) => v === '<unknown>');
    const pct = (s: string | undefined): number | undefined => (s && /^\d+%$/.test(s) ? Number(s.slice(0, -1)) : undefined);
    return {
      node: cells.NAME,
      unknown,
      cpu: cpu === '<unknown>' ? undefined : cpu,
      cpuPercent: pct(cpuPct),
      memory: cells['MEMORY(bytes)'] === '<unknown>' ? undefined : cells['MEMORY(bytes)'],
      memoryPercent: pct(memPct),
      ref: ref(line, lines[line - firstLine].trim()),
    };
  });
}

export function parseNodesTable(lines: string[], ref: Ref, firstLine = 1): NodeInfo[] {
  const t = parseAlignedTable(lines, firstLine);
  return t.rows.map(({ cells, line }) => {
    const status = cells.STATUS ?? '';
    const ready = status.split(',')[0];
    return {
      name: cells.NAME,
      addresses: [cells['INTERNAL-IP'], cells['EXTERNAL-IP']].filter((a): a is string => !!a && a !== '<none>'),
      conditions: [{ type: 'Ready', status: ready === 'Ready' ? 'True' : ready === 'NotReady' ? 'False' : 'Unknown' }],
      roles: (cells.ROLES ?? '').split(',').filter((r) => r && r !== '<none>'),
      ref: ref(line, lines[line - firstLine].trim()),
    };
  });
}
