// Images that cannot be pulled: containers waiting in ErrImagePull / ImagePullBackOff /
// InvalidImageName, kubelet's `Failed to pull image "…"` events and log lines, containerd's
// `PullImage "…" failed`. Per pod when the pod is known, else per image. A pod whose image was
// pulled (a Pulled event) or whose only event is Scheduled (kubelet has not started pulling) rules
// it out for that pod.
import type { EvidenceSet, Finding, PodInfo, Refutation, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, nodeSubject, podSubject, signalText, signalsOf, summarise } from '../lib.js';

const PULL_REASONS = /^(ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull|RegistryUnavailable|ErrImageInspect)$/;

const rule: Rule = {
  id: 'kubelet/image-pull-failure',
  failureMode: 'image-pull-failure',
  description: 'Containers waiting on image pulls (ErrImagePull, ImagePullBackOff) and failed pulls in kubelet/containerd logs and events, per pod.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const text = signalText(evidence);
    const keyOf = (p: PodInfo): string => `${p.namespace}/${p.name}`;
    const podsByKey = new Map(evidence.pods.map((p) => [keyOf(p), p]));
    const waiting = evidence.pods.filter((p) => PULL_REASONS.test(p.displayStatus ?? '') || p.containers.some((c) => PULL_REASONS.test(c.waitingReason ?? '')));
    const signals = signalsOf(evidence, 'kubelet.image-pull-failed', 'containerd.pull-failed');
    const groups = new Map<string, { pod?: PodInfo; podKey?: string; node?: string; image?: string; events: SignalEvent[] }>();
    for (const p of waiting) groups.set(`pod:${keyOf(p)}`, { pod: p, podKey: keyOf(p), node: p.node, events: [] });
    for (const s of signals) {
      const image = typeof s.fields.image === 'string' ? s.fields.image : undefined;
      const key = s.pod ? `pod:${s.pod}` : `image:${s.node ?? ''}|${image ?? ''}`;
      const g = groups.get(key) ?? { pod: s.pod ? podsByKey.get(s.pod) : undefined, podKey: s.pod, node: s.node, image, events: [] };
      g.events.push(s);
      g.image ??= image;
      g.node ??= s.node;
      groups.set(key, g);
    }
    // Pod-less lines (containerd, describe rows) about an image a known pod reports are that pod's;
    // so are those on a node where exactly one pod fails to pull an image nobody named.
    for (const [key, g] of groups) {
      if (g.podKey) continue;
      const podGroups = [...groups.values()].filter((o) => o.podKey);
      const imageOf = (o: typeof g): string | undefined => o.image ?? o.events.map((e) => e.fields.image).find((i): i is string => typeof i === 'string');
      const sameImage = g.image ? podGroups.filter((o) => imageOf(o) === g.image) : [];
      const unnamed = podGroups.filter((o) => !imageOf(o) && g.node !== undefined && (o.node ?? o.pod?.node) === g.node);
      const owner = sameImage.length === 1 ? sameImage[0] : unnamed.length === 1 ? unnamed[0] : undefined;
      if (owner) {
        owner.image ??= g.image;
        owner.events.push(...g.events);
        groups.delete(key);
      }
    }
    for (const g of groups.values()) {
      const s = summarise(g.events);
      const reasons = g.pod ? [...new Set(g.pod.containers.map((c) => c.waitingReason).filter((r): r is string => !!r && PULL_REASONS.test(r)))] : [];
      if (g.pod && PULL_REASONS.test(g.pod.displayStatus ?? '') && !reasons.includes(g.pod.displayStatus as string)) reasons.push(g.pod.displayStatus as string);
      const texts = [...g.events.map(text), ...(g.pod?.containers.map((c) => c.waitingMessage ?? '') ?? [])];
      const image = g.image ?? imageIn(texts);
      const why = [...new Set(texts.map(causeOf).filter((c): c is string => !!c))];
      const node = g.pod?.node ?? g.node;
      const subject = g.podKey ? podSubject(g.podKey) : node ? nodeSubject(node) : clusterSubject();
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject,
        node,
        severity: reasons.length || g.events.some((e) => /BackOff|ErrImagePull/.test(text(e))) ? 'critical' : 'warning',
        message:
          `${g.podKey ?? (node ? `a pod on ${node}` : 'a pod')} cannot pull ${image ? `image ${image}` : 'its image'}` +
          `${reasons.length ? ` (${reasons.join(', ')})` : ''}${why.length ? `: ${why.join('; ')}` : ''}${s.count ? `; ${s.count} failed pull(s) reported` : ''}`,
        count: Math.max(1, s.count),
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...(g.pod ? [g.pod.ref] : []), ...s.evidence],
        pods: g.podKey ? [g.podKey] : [],
        data: { image, causes: why },
      });
    }
    const failing = new Set([...groups.values()].map((g) => g.podKey).filter(Boolean));
    const eventsByPod = new Map<string, EvidenceSet['events']>();
    for (const e of evidence.events) {
      if (e.objectKind !== 'Pod' || !e.objectName) continue;
      const k = `${e.namespace ?? 'default'}/${e.objectName}`;
      const list = eventsByPod.get(k);
      if (list) list.push(e);
      else eventsByPod.set(k, [e]);
    }
    for (const p of evidence.pods) {
      const key = keyOf(p);
      if (failing.has(key)) continue;
      const reason = pulledOrNotYet(eventsByPod.get(key) ?? [], p);
      if (reason) refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: podSubject(key), node: p.node, reason: reason.text, evidence: reason.refs });
    }
    return { findings, refutations };
  },
};

/** Why a pod's image is not its problem: kubelet pulled it, or kubelet has not got as far as pulling. */
function pulledOrNotYet(events: EvidenceSet['events'], p: PodInfo): { text: string; refs: Finding['evidence'] } | undefined {
  if (!events.length) return undefined;
  const pulled = events.find((e) => e.reason === 'Pulled');
  if (pulled) return { text: `${p.namespace}/${p.name}: image pulled (${pulled.message.slice(0, 120)})`, refs: [pulled.ref] };
  if (events.every((e) => e.reason === 'Scheduled')) return { text: `${p.namespace}/${p.name}: no event beyond Scheduled, so kubelet has not started pulling its image`, refs: [events[0].ref] };
  return undefined;
}

function imageIn(texts: string[]): string | undefined {
  for (const t of texts) {
    const m = /image \\*"([^"\\]+)\\*"/.exec(t);
    if (m) return m[1];
  }
  return undefined;
}

function causeOf(t: string): string | undefined {
  if (/not found|manifest unknown|NotFound/.test(t)) return 'the image or tag does not exist';
  if (/unauthorized|authentication required|denied|401 Unauthorized|403 Forbidden|no basic auth credentials/i.test(t)) return 'the registry refuses the credentials (imagePullSecrets)';
  if (/toomanyrequests|rate limit/i.test(t)) return 'registry rate limit';
  if (/InvalidImageName|invalid reference format/.test(t)) return 'the image name is invalid';
  if (/no such host|i\/o timeout|TLS handshake timeout|connection refused|network is unreachable|deadline exceeded/.test(t)) return 'the registry is unreachable from the node';
  if (/x509|certificate/.test(t)) return "the registry's certificate is not trusted";
  if (/no space left on device/.test(t)) return 'no disk space for the image';
  return undefined;
}

export default rule;
