// Live Kubernetes collector: lists what a diagnosis reads (nodes, pods, events, the `kubernetes`
// service's Endpoints and EndpointSlices, leases, VolumeAttachments, CSINodes, known CRDs such as
// CiliumNode, node metrics) and the logs of the control-plane pods, and writes them into a bundle
// in the layout the offline intake reads (docs/bundle-layout.md). Only get and list are used; the
// exact permissions are in deploy/rbac.yaml.
//
// The first request (the node list) tells whether the API server can be used at all: when it does
// not answer, refuses the TLS handshake or the credentials, KubeUnreachableError is thrown. Any
// later failure (403 on one resource, a timeout, a CRD that is not installed) is noted in the
// manifest and the source's warnings, and collection goes on.
import type { BundleWriter, FileMeta, JsonListWriter } from '../bundle/writer.js';
import { bundlePath } from '../bundle/writer.js';
import type { ManifestSource } from '../bundle/manifest.js';
import { silentProgress, type Progress } from '../bundle/progress.js';
import { KubeCallError, KubeClient, type KubeConnection } from './client.js';
import { KubeUnreachableError } from './errors.js';
import { renderTopNodes, type NodeCapacity } from './top.js';
import type { ConfigurationOptions } from '@kubernetes/client-node';

export { KubeConfigError, KubeUnreachableError } from './errors.js';
export type { KubeConnection } from './client.js';

export interface KubeLiveOptions extends Partial<KubeConnection> {
  /** Items per list request (limit/continue), 500 like kubectl. */
  pageSize?: number;
  /** Lines of each control-plane container log (the newest). */
  tailLines?: number;
  /** And at most this many bytes of it. */
  limitBytes?: number;
  /** Control-plane logs fetched at once. */
  logConcurrency?: number;
}

export const DEFAULT_KUBE = { timeoutMs: 30_000, pageSize: 500, tailLines: 10_000, limitBytes: 16 * 1024 * 1024, logConcurrency: 4 };

/** Static control-plane pods (kubeadm and Talos name them `<component>-<node>`). */
export const CONTROL_PLANE = ['kube-apiserver', 'kube-scheduler', 'kube-controller-manager', 'etcd'] as const;

/** CRDs read when the cluster has them; a 404 means "not installed" and is no failure. */
export const CUSTOM_RESOURCES = [{ group: 'cilium.io', version: 'v2', plural: 'ciliumnodes', kind: 'CiliumNode', file: 'kubernetes/ciliumnodes.json' }] as const;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Page = { kind?: string; apiVersion?: string; metadata?: { continue?: string; resourceVersion?: string }; items?: Obj[] };
type Fetch = (cont: string | undefined, options: ConfigurationOptions) => Promise<unknown>;

interface ListSpec {
  file: string;
  what: string;
  /** Request line as kubectl -v=6 would show it, without limit/continue. */
  path: string;
  listKind: string;
  apiVersion: string;
  fetch: Fetch;
  /** A 404 means the resource is not served (a CRD not installed, no metrics-server): noted, not a failure. */
  optional?: string;
  onItems?: (items: Obj[]) => void;
}

interface ControlPlaneContainer {
  pod: string;
  node: string;
  container: string;
  previous: boolean;
}

export interface KubeCollectResult {
  source: ManifestSource;
  /** Number of files written. */
  files: number;
}

/** Collects from the Kubernetes API into `bundle`; returns the source record (also added to the manifest). */
export async function collectLive(opts: KubeLiveOptions, bundle: BundleWriter, progress: Progress = silentProgress): Promise<KubeCollectResult> {
  const o = { ...DEFAULT_KUBE, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as KubeLiveOptions & typeof DEFAULT_KUBE;
  const client = KubeClient.load({ kubeconfig: o.kubeconfig, context: o.context, timeoutMs: o.timeoutMs });
  const source: ManifestSource = {
    kind: 'kubernetes-api',
    location: `context ${client.contextName} (${client.server})`,
    context: client.contextName,
    server: client.server,
    nodes: [],
    startedAt: new Date().toISOString(),
    warnings: [],
  };
  bundle.manifest.sources.push(source);
  const filesBefore = bundle.manifest.files.length;
  const { core, discovery, coordination, storage, custom } = client.apis;
  const limit = o.pageSize;
  const capacity = new Map<string, NodeCapacity>();
  const controlPlane: ControlPlaneContainer[] = [];
  let answered = 0;
  const failed: string[] = [];

  const failure = (what: string, request: string, e: KubeCallError): void => {
    const line = `${what}: ${e.message}`;
    failed.push(line);
    source.warnings.push(`kubernetes-api ${line}`);
    bundle.fail({ source: 'kubernetes-api', what, request, error: e.message });
  };

  const list = async (spec: ListSpec): Promise<void> => {
    let writer: JsonListWriter | undefined;
    const meta: FileMeta = { source: 'kubernetes-api', what: spec.what, request: `GET ${spec.path}` };
    let pages = 0;
    let cont: string | undefined;
    progress.update(`${spec.what}…`);
    try {
      do {
        const text = await client.raw(`GET ${spec.path}`, (options) => spec.fetch(cont, options));
        answered++;
        const page = JSON.parse(text) as Page;
        writer ??= await bundle.openList(spec.file, {
          kind: page.kind ?? spec.listKind,
          apiVersion: page.apiVersion ?? spec.apiVersion,
          metadata: page.metadata?.resourceVersion ? { resourceVersion: page.metadata.resourceVersion } : {},
        }, meta);
        const items = page.items ?? [];
        spec.onItems?.(items);
        await writer.add(items);
        pages++;
        cont = page.metadata?.continue || undefined;
        if (cont) progress.update(`${spec.what}: ${writer.items}…`);
      } while (cont);
      meta.request = `GET ${spec.path}${spec.path.includes('?') ? '&' : '?'}limit=${limit}${pages > 1 ? ` (${pages} pages)` : ''}`;
      const n = await writer!.close();
      progress.done(`${spec.what}: ${n}`);
    } catch (e) {
      const err = e instanceof KubeCallError ? e : new KubeCallError('other', (e as Error).message.split('\n')[0]);
      if (writer) {
        meta.request = `GET ${spec.path} (incomplete: ${pages} page(s))`;
        meta.what = `${spec.what} (incomplete)`;
        await writer.close();
      }
      if (err.status === 404 && spec.optional) {
        answered++;
        bundle.manifest.skipped ??= [];
        bundle.manifest.skipped.push({ source: 'kubernetes-api', what: spec.what, reason: spec.optional });
        progress.done(`${spec.what}: ${spec.optional}`);
        return;
      }
      if (answered === 0 && err.fatal) {
        throw new KubeUnreachableError(`Kubernetes API ${source.location} cannot be used: ${err.message}`, { cause: e });
      }
      failure(writer ? `${spec.what} (incomplete after ${writer.items})` : spec.what, `GET ${spec.path}`, err);
      progress.done(`${spec.what}: failed (${err.message})`);
    }
  };

  const page = (cont: string | undefined) => ({ limit, _continue: cont });

  await list({
    file: 'kubernetes/nodes.json', what: 'nodes', path: '/api/v1/nodes', listKind: 'NodeList', apiVersion: 'v1',
    fetch: (cont, options) => core.listNode(page(cont), options),
    onItems: (items) => {
      for (const n of items) {
        const name = n.metadata?.name;
        if (!name) continue;
        source.nodes.push(name);
        capacity.set(name, { cpu: n.status?.allocatable?.cpu, memory: n.status?.allocatable?.memory });
      }
    },
  });
  await list({
    file: 'kubernetes/pods.json', what: 'pods (all namespaces)', path: '/api/v1/pods', listKind: 'PodList', apiVersion: 'v1',
    fetch: (cont, options) => core.listPodForAllNamespaces(page(cont), options),
    onItems: (items) => controlPlane.push(...items.flatMap(controlPlaneContainers)),
  });
  await list({
    file: 'kubernetes/events.json', what: 'events (all namespaces)', path: '/api/v1/events', listKind: 'EventList', apiVersion: 'v1',
    fetch: (cont, options) => core.listEventForAllNamespaces(page(cont), options),
  });
  await getOne(client, bundle, progress, {
    file: 'kubernetes/endpoints-kubernetes.json', what: 'Endpoints default/kubernetes', path: '/api/v1/namespaces/default/endpoints/kubernetes',
    fetch: (options) => core.readNamespacedEndpoints({ name: 'kubernetes', namespace: 'default' }, options),
    onAnswer: () => void answered++,
    onFail: (e) => {
      if (answered === 0 && e.fatal) throw new KubeUnreachableError(`Kubernetes API ${source.location} cannot be used: ${e.message}`, { cause: e });
      failure('Endpoints default/kubernetes', 'GET /api/v1/namespaces/default/endpoints/kubernetes', e);
    },
  });
  const sliceSelector = 'kubernetes.io/service-name=kubernetes';
  await list({
    file: 'kubernetes/endpointslices-kubernetes.json', what: 'EndpointSlices of default/kubernetes',
    path: `/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=${encodeURIComponent(sliceSelector)}`,
    listKind: 'EndpointSliceList', apiVersion: 'discovery.k8s.io/v1',
    fetch: (cont, options) => discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: sliceSelector, ...page(cont) }, options),
  });
  await list({
    file: 'kubernetes/leases.json', what: 'leases (all namespaces)', path: '/apis/coordination.k8s.io/v1/leases', listKind: 'LeaseList', apiVersion: 'coordination.k8s.io/v1',
    fetch: (cont, options) => coordination.listLeaseForAllNamespaces(page(cont), options),
  });
  await list({
    file: 'kubernetes/volumeattachments.json', what: 'VolumeAttachments', path: '/apis/storage.k8s.io/v1/volumeattachments', listKind: 'VolumeAttachmentList', apiVersion: 'storage.k8s.io/v1',
    fetch: (cont, options) => storage.listVolumeAttachment(page(cont), options),
  });
  await list({
    file: 'kubernetes/csinodes.json', what: 'CSINodes', path: '/apis/storage.k8s.io/v1/csinodes', listKind: 'CSINodeList', apiVersion: 'storage.k8s.io/v1',
    fetch: (cont, options) => storage.listCSINode(page(cont), options),
  });
  for (const crd of CUSTOM_RESOURCES) {
    await list({
      file: crd.file, what: `${crd.kind}s`, path: `/apis/${crd.group}/${crd.version}/${crd.plural}`, listKind: `${crd.kind}List`, apiVersion: `${crd.group}/${crd.version}`,
      optional: `not installed (no ${crd.plural}.${crd.group} CRD)`,
      fetch: (cont, options) => custom.listClusterCustomObject({ group: crd.group, version: crd.version, plural: crd.plural, ...page(cont) }, options),
    });
  }
  const metrics: Obj[] = [];
  await list({
    file: 'kubernetes/node-metrics.json', what: 'node metrics (metrics.k8s.io)', path: '/apis/metrics.k8s.io/v1beta1/nodes', listKind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1',
    optional: 'metrics.k8s.io is not served (no metrics-server)',
    fetch: (cont, options) => custom.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes', ...page(cont) }, options),
    onItems: (items) => metrics.push(...items),
  });
  if (bundle.has('kubernetes/node-metrics.json') && capacity.size > 0) {
    await bundle.writeText('kubernetes/top-nodes.txt', renderTopNodes(metrics, capacity), {
      source: 'kubernetes-api',
      what: '`kubectl top nodes` as kubectl prints it: node metrics against allocatable, <unknown> for nodes without metrics',
      request: 'GET /apis/metrics.k8s.io/v1beta1/nodes + GET /api/v1/nodes',
      items: capacity.size,
      cite: 'top nodes (metrics.k8s.io)',
    });
  }

  if (answered === 0) {
    throw new KubeUnreachableError(`Kubernetes API ${source.location}: every request failed (${failed[0] ?? 'no answer'})`);
  }
  await collectLogs(client, bundle, progress, controlPlane, o, failure);
  source.nodes = [...new Set(source.nodes)];
  source.finishedAt = new Date().toISOString();
  return { source, files: bundle.manifest.files.length - filesBefore };
}

async function getOne(
  client: KubeClient, bundle: BundleWriter, progress: Progress,
  spec: { file: string; what: string; path: string; fetch: (options: ConfigurationOptions) => Promise<unknown>; onAnswer: () => void; onFail: (e: KubeCallError) => void },
): Promise<void> {
  progress.update(`${spec.what}…`);
  try {
    const text = await client.raw(`GET ${spec.path}`, spec.fetch);
    spec.onAnswer();
    await bundle.writeJson(spec.file, JSON.parse(text), { source: 'kubernetes-api', what: spec.what, request: `GET ${spec.path}`, items: 1 });
    progress.done(spec.what);
  } catch (e) {
    const err = e instanceof KubeCallError ? e : new KubeCallError('other', (e as Error).message.split('\n')[0]);
    progress.done(`${spec.what}: failed (${err.message})`);
    spec.onFail(err);
  }
}

/** The control-plane containers of a pod, current and (after a restart) previous. */
export function controlPlaneContainers(pod: Obj): ControlPlaneContainer[] {
  const ns = pod.metadata?.namespace;
  const name: string = pod.metadata?.name ?? '';
  const node: string | undefined = pod.spec?.nodeName;
  if (ns !== 'kube-system' || !node) return [];
  const labels: Record<string, string> = pod.metadata?.labels ?? {};
  const isCp = CONTROL_PLANE.some(
    (c) => labels.component === c || labels['k8s-app'] === c || name === `${c}-${node}` || (labels.tier === 'control-plane' && name.startsWith(`${c}-`)),
  );
  if (!isCp) return [];
  const statuses: Obj[] = pod.status?.containerStatuses ?? [];
  const out: ControlPlaneContainer[] = [];
  for (const c of (pod.spec?.containers ?? []) as Obj[]) {
    out.push({ pod: name, node, container: c.name, previous: false });
    const st = statuses.find((s) => s.name === c.name);
    if (st && (Number(st.restartCount ?? 0) > 0 || st.lastState?.terminated)) out.push({ pod: name, node, container: c.name, previous: true });
  }
  return out;
}

async function collectLogs(
  client: KubeClient, bundle: BundleWriter, progress: Progress, containers: ControlPlaneContainer[],
  o: typeof DEFAULT_KUBE, failure: (what: string, request: string, e: KubeCallError) => void,
): Promise<void> {
  if (containers.length === 0) return;
  const { core } = client.apis;
  let done = 0;
  const one = async (c: ControlPlaneContainer): Promise<void> => {
    const rel = `nodes/${bundlePath(c.node)}/kubernetes-logs/kube-system/${bundlePath(c.pod)}/${bundlePath(c.container)}${c.previous ? '-exited' : ''}.log`;
    const query = `container=${c.container}${c.previous ? '&previous=true' : ''}&tailLines=${o.tailLines}&limitBytes=${o.limitBytes}`;
    const request = `GET /api/v1/namespaces/kube-system/pods/${c.pod}/log?${query}`;
    const what = `log of ${c.pod}/${c.container}${c.previous ? ' (previous instance)' : ''}`;
    try {
      const text = await client.raw(request, (options) =>
        core.readNamespacedPodLog(
          { name: c.pod, namespace: 'kube-system', container: c.container, previous: c.previous || undefined, tailLines: o.tailLines, limitBytes: o.limitBytes },
          options,
        ),
      );
      await bundle.writeText(rel, text, {
        source: 'kubernetes-api', what, request, object: `Pod/kube-system/${c.pod}`, node: c.node, cite: `logs -c ${c.container}${c.previous ? ' --previous' : ''}`,
      });
    } catch (e) {
      const err = e instanceof KubeCallError ? e : new KubeCallError('other', (e as Error).message.split('\n')[0]);
      // A previous instance the kubelet no longer keeps is no failure of the collection.
      if (c.previous && err.status === 400) {
        bundle.manifest.skipped ??= [];
        bundle.manifest.skipped.push({ source: 'kubernetes-api', what, reason: err.message });
      } else {
        failure(what, request, err);
      }
    }
    done++;
    progress.update(`control-plane logs: ${done}/${containers.length}…`);
  };
  const queue = [...containers];
  const workers = Array.from({ length: Math.min(o.logConcurrency, queue.length) }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await one(c);
  });
  await Promise.all(workers);
  progress.done(`control-plane logs: ${done}`);
}
