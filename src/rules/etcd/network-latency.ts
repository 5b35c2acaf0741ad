// Slow or broken links between etcd members: the peer prober finding a peer unhealthy, streams
// to a peer lost, messages dropped because the send buffer is full, and, from Prometheus, peer
// round-trip p99 above the etcd-mixin threshold. A peer that refuses connections is down rather
// than far away (that is etcd-member-down), as is a peer that member status shows unreachable:
// their lines do not count here.
import { above, cite, formatValue, isoOf, metricSeries } from '../../collect/prometheus/evidence.js';
import type { EtcdMemberStatus, EvidenceRef, EvidenceSet, Finding, Refutation, Rule, SignalEvent } from '../../types.js';
import { maxIso, minIso } from '../../util/time.js';
import { clusterSubject, fmtMs, groupBy, memberForNode, signalsOf, summarise, pushTo } from '../lib.js';

const PEER_SIGNALS = ['etcd.peer-unhealthy', 'etcd.peer-stream-lost', 'etcd.peer-send-failed'];
/**
 * The peer process is not there (or this member is shutting down): not a network problem. A stream
 * ending in EOF is the peer closing it — it stopped or restarted; a bad network times out or resets instead.
 */
const PEER_DOWN = /connection refused|use of closed network connection|http: server closed|unexpected EOF|\(EOF\)|: EOF\b/;
/** Errors only a network (or an overloaded peer host) produces. */
const NETWORK = /i\/o timeout|deadline exceeded|no route to host|network is unreachable|connection reset|sending buffer is full|TLS handshake timeout/;
/** Lines per node before unexplained peer trouble (no network error in them) counts. */
const MIN_LINES = 3;
/** Clean etcd log lines needed to say a member's peer links are fine. */
const MIN_CLEAN_LINES = 50;

const rule: Rule = {
  id: 'etcd/network-latency',
  failureMode: 'etcd-network-latency',
  description: 'etcd peer links that are slow or break (prober unhealthy, lost streams, full send buffers, peer RTT p99), not counting peers that are down.',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const down = downPeers(evidence);
    const all = signalsOf(evidence, ...PEER_SIGNALS);
    // A (node, peer) pair with any refused connection is a peer that was down, for the whole excerpt.
    const refusedPairs = new Set(all.filter((s) => PEER_DOWN.test(errorOf(s))).map((s) => pairKey(s)));
    const counted = all.filter((s) => !refusedPairs.has(pairKey(s)) && !(typeof s.fields.peer === 'string' && down.has(s.fields.peer)));
    const slowRtt = slowPeerRtt(evidence, thresholds.peerRttP99Ms);
    const byNode = groupBy(counted, (s) => s.node ?? '');
    const nodes = new Set([...byNode.keys(), ...slowRtt.keys()]);
    for (const node of nodes) {
      const events = byNode.get(node) ?? [];
      const rtt = slowRtt.get(node) ?? [];
      const network = events.filter((s) => NETWORK.test(errorOf(s)) || (s.durationMs ?? 0) >= thresholds.peerRttP99Ms);
      if (!rtt.length && !network.length && events.length < MIN_LINES) continue;
      const s = summarise(events);
      const peers = [...new Set([...events.map((e) => e.fields.peer), ...rtt.map((r) => r.peer)].filter((p): p is string => typeof p === 'string'))];
      const peerNodes = peers.map((p) => peerNode(evidence, p)).filter((n): n is string => !!n);
      const errors = [...new Set(events.map(errorOf).filter(Boolean).map(shortError))];
      const target = node ? memberForNode(evidence, node).subject : clusterSubject();
      const parts = [
        events.length ? `${s.count} peer-link warnings` : '',
        peers.length ? `peers ${peers.map((p) => nameOfPeer(evidence, p)).join(', ')}` : '',
        errors.length ? `errors: ${errors.slice(0, 3).join('; ')}` : '',
        rtt.length ? `peer round-trip p99 up to ${fmtMs(Math.max(...rtt.map((r) => r.ms)))} (over ${fmtMs(thresholds.peerRttP99Ms)})` : '',
      ].filter(Boolean);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: target,
        node: node || undefined,
        severity: network.length >= MIN_LINES || rtt.length ? 'critical' : 'warning',
        message: `etcd${node ? ` on ${node}` : ''} has slow or broken links to its peers: ${parts.join('; ')}`,
        count: s.count + rtt.length,
        firstSeen: rtt.reduce((t, r) => minIso(t, r.first), s.firstSeen),
        lastSeen: rtt.reduce((t, r) => maxIso(t, r.last), s.lastSeen),
        evidence: [...s.evidence, ...rtt.slice(0, 2).map((r) => r.ref)],
        affects: [...new Set(peerNodes)],
        data: { peers, errors, networkErrors: network.length },
      });
    }
    if (findings.length) return { findings, refutations };
    const ignored = all.length - counted.length;
    for (const stat of evidence.logStats) {
      if (stat.component !== 'etcd' || !stat.node || stat.lines < MIN_CLEAN_LINES) continue;
      const { subject } = memberForNode(evidence, stat.node);
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject,
        node: stat.node,
        reason: `no slow or broken peer links in ${stat.lines} lines of etcd log${stat.firstTime ? ` (${stat.firstTime} to ${stat.lastTime})` : ''}${ignored ? `; ${ignored} warning(s) about peers that were down` : ''}`,
        evidence: [{ source: stat.source, excerpt: `${stat.lines} lines, ${stat.warnLines} warnings, no peer prober or stream failures` }],
      });
    }
    return { findings, refutations };
  },
};

const errorOf = (s: SignalEvent): string => (typeof s.fields.error === 'string' ? s.fields.error : (s.message ?? s.ref.excerpt));
const pairKey = (s: SignalEvent): string => `${s.node ?? ''}|${String(s.fields.peer ?? '')}`;
const shortError = (e: string): string => e.replace(/^.*?(dial tcp|read tcp|write tcp)/, '$1').slice(0, 120);

/** Hex ids of members that member status shows unreachable. */
function downPeers(ev: EvidenceSet): Set<string> {
  return new Set(ev.etcdMembers.filter((m) => !m.reachable && m.id).map((m) => m.id as string));
}

function memberById(ev: EvidenceSet, id: string): EtcdMemberStatus | undefined {
  return ev.etcdMembers.find((m) => m.id === id);
}

function peerNode(ev: EvidenceSet, id: string): string | undefined {
  const m = memberById(ev, id);
  if (m?.node) return m.node;
  // `became leader` lines name the member that logs them.
  return signalsOf(ev, 'etcd.became-leader', 'etcd.leader-elected').find((s) => s.fields.member === id && s.node)?.node;
}

const nameOfPeer = (ev: EvidenceSet, id: string): string => {
  const n = memberById(ev, id)?.name ?? peerNode(ev, id);
  return n && n !== id ? `${n} (${id})` : id;
};

interface SlowRtt {
  ms: number;
  peer?: string;
  first?: string;
  last?: string;
  ref: EvidenceRef;
}

/** Peer round-trip p99 series from Prometheus (`etcd-peer-rtt-p99`, label `To` the peer) above the threshold, per node of the measuring member. */
function slowPeerRtt(ev: EvidenceSet, limitMs: number): Map<string, SlowRtt[]> {
  const out = new Map<string, SlowRtt[]>();
  for (const m of metricSeries(ev, 'etcd-peer-rtt-p99')) {
    const over = above(m, limitMs / 1000);
    if (!over.count || !over.peak) continue;
    const node = m.node ?? '';
    const peer = m.labels.To;
    const ms = over.peak[1] * 1000;
    const ref = cite(m, `peer round-trip p99 ${formatValue(m.name, over.peak[1])}${peer ? ` to ${peer}` : ''} (over ${limitMs}ms in ${over.count} sample(s))`, over.peak[0]);
    pushTo(out, node, { ms, peer, first: over.first !== undefined ? isoOf(over.first) : undefined, last: over.last !== undefined ? isoOf(over.last) : undefined, ref });
  }
  return out;
}

export default rule;
