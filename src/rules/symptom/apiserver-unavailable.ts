// API requests that fail to reach kube-apiserver or time out in it, as clients print them
// (kubectl, kubelet, controllers: "Unable to connect to the server", "the server was unable to
// return a response in the time allotted", TLS handshake timeouts, refused :6443) and the
// apiserver's own readiness failing on etcd. Placed on the apiserver's node when the line names
// its address (or localhost), else on the client's node for control-plane clients, else on the
// only apiserver the evidence knows.
import type { EvidenceSet, Finding, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, nodeSubject, signalText, signalsOf, summarise } from '../lib.js';

const CLIENT_SIGNALS = ['client.apiserver-unavailable', 'apiserver.readyz-failed'];
/**
 * Lines that look alike but are not the apiserver failing: no kubeconfig, the aggregated metrics API,
 * image registries, token echoes, and update conflicts (the apiserver answered).
 */
const NOT_THE_APISERVER = /localhost:8080|metrics\.k8s\.io|Failed to pull image|PullImage|\/v2\/|registry|failed to fetch token|Server rejected event|Unable to write event|Operation cannot be fulfilled|the object has been modified/;
const LOCAL = new Set(['localhost', '127.0.0.1', '::1']);
/** Components that talk to the apiserver on their own node (static pods, Talos, kubeadm control planes). */
const LOCAL_CLIENTS = new Set(['kube-apiserver', 'kube-scheduler', 'kube-controller-manager']);
/** From this many failing requests on one apiserver the symptom is critical. */
const CRITICAL_COUNT = 5;

const rule: Rule = {
  id: 'symptom/apiserver-unavailable',
  failureMode: 'apiserver-unavailable',
  description: 'API requests refused or timing out (client errors, kubelet status updates, apiserver readiness failing on etcd), per apiserver.',
  run({ evidence }) {
    const text = signalText(evidence);
    const failing = signalsOf(evidence, ...CLIENT_SIGNALS).filter((s) => !NOT_THE_APISERVER.test(text(s)));
    const groups = new Map<string, { node?: string; endpoint?: string; events: SignalEvent[] }>();
    const onlyApiserver = soleApiserverNode(evidence);
    for (const s of failing) {
      const { node, endpoint } = placeOf(s, evidence, onlyApiserver);
      const key = node ? `node:${node}` : `endpoint:${endpoint ?? ''}`;
      const g = groups.get(key) ?? { node, endpoint, events: [] };
      g.events.push(s);
      groups.set(key, g);
    }
    const findings: Finding[] = [];
    for (const { node, endpoint, events } of groups.values()) {
      const s = summarise(events);
      const kinds = classify(events.map(text));
      const where = node ? `kube-apiserver on ${node}` : endpoint ? `the API server at ${endpoint}` : 'the API server';
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: node ? nodeSubject(node) : clusterSubject(),
        node,
        severity: s.count >= CRITICAL_COUNT ? 'critical' : 'warning',
        message: `${where} is unavailable to its clients: ${s.count} failed request(s)${kinds.length ? ` (${kinds.join(', ')})` : ''}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        data: { endpoint, kinds },
      });
    }
    return { findings, refutations: [] };
  },
};

function placeOf(s: SignalEvent, ev: EvidenceSet, onlyApiserver: string | undefined): { node?: string; endpoint?: string } {
  const host = typeof s.fields.host === 'string' ? s.fields.host : undefined;
  const endpoint = host ? `${host}${s.fields.port ? `:${s.fields.port}` : ''}` : undefined;
  if (host && LOCAL.has(host)) return { node: s.node, endpoint };
  if (host) {
    const n = ev.nodes.find((x) => x.name === host || x.addresses.includes(host));
    if (n) return { node: n.name, endpoint };
    return { endpoint };
  }
  if (s.node && (s.signal === 'apiserver.readyz-failed' || LOCAL_CLIENTS.has(s.component))) return { node: s.node };
  return { node: onlyApiserver };
}

/** The node of the one kube-apiserver the evidence holds (its log or its pod), if there is exactly one. */
function soleApiserverNode(ev: EvidenceSet): string | undefined {
  const nodes = new Set<string>();
  for (const l of ev.logStats) if (l.component === 'kube-apiserver' && l.node) nodes.add(l.node);
  for (const p of ev.pods) if (/^kube-apiserver-/.test(p.name) && p.node) nodes.add(p.node);
  return nodes.size === 1 ? [...nodes][0] : undefined;
}

function classify(texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (/etcd failed|check failed/.test(t)) out.add('readiness failing on etcd');
    else if (/connection refused|was refused/.test(t)) out.add('refused');
    else if (/TLS handshake timeout/.test(t)) out.add('TLS handshake timeout');
    else if (/unable to return a response in the time allotted|Timeout: request did not complete|etcdserver: request timed out/.test(t)) out.add('requests time out in the server');
    else if (/currently unable to handle the request/.test(t)) out.add('503 unavailable');
    else if (/i\/o timeout|context deadline exceeded|Client\.Timeout|no route to host/.test(t)) out.add('no answer');
  }
  return [...out];
}

export default rule;
