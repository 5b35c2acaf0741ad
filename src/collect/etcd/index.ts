// Live etcd collector: the member list, each member's Status asked of that member itself, and
// the cluster's alarms, normalised into EtcdMemberStatus evidence. An endpoint that does not
// answer within the timeout becomes an unreachable member (evidence towards etcd-member-down)
// and collection goes on; when nothing answers at all, EtcdUnreachableError is thrown.
import { readFile } from 'node:fs/promises';
import type { IAlarmMember, IMember, IStatusResponse } from 'etcd3';
import type { EtcdMemberStatus, SourceInfo } from '../../types.js';
import { formatBytes } from '../../util/bytes.js';
import { describeCallError, EndpointClient, type TlsMaterial } from './client.js';
import { EtcdConfigError, EtcdUnreachableError } from './errors.js';
import { hexId, hostPort, normalizeEndpoint } from './ids.js';

export { EtcdConfigError, EtcdUnreachableError } from './errors.js';
export { hexId } from './ids.js';

export interface EtcdConnection {
  /** Client URLs, as given to etcdctl --endpoints (a scheme is optional; entries may hold commas). */
  endpoints: string[];
  /** Files, with the meaning etcdctl gives --cacert, --cert and --key. */
  cacert?: string;
  cert?: string;
  key?: string;
  /** Per-call bound: dial plus answer. */
  timeoutMs: number;
}

type Probe =
  | { endpoint: string; ok: true; status: IStatusResponse }
  | { endpoint: string; ok: false; reason: string };

export async function collectEtcd(conn: EtcdConnection): Promise<{ members: EtcdMemberStatus[]; source: SourceInfo }> {
  const tls = await readTls(conn);
  const useTls = tls !== undefined;
  const endpoints = [
    ...new Set(conn.endpoints.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean).map((e) => normalizeEndpoint(e, useTls))),
  ];
  if (endpoints.length === 0) throw new EtcdConfigError('no etcd endpoint given (--etcd-endpoints URL[,URL...])');
  const timeoutMs = conn.timeoutMs > 0 ? conn.timeoutMs : 5000;
  const warnings: string[] = [];
  const clients: EndpointClient[] = [];
  const open = (endpoint: string): EndpointClient => {
    const c = new EndpointClient(endpoint, timeoutMs, tls);
    clients.push(c);
    return c;
  };
  const probe = async (client: EndpointClient): Promise<Probe> => {
    try {
      return { endpoint: client.endpoint, ok: true, status: await client.status() };
    } catch (err) {
      return { endpoint: client.endpoint, ok: false, reason: describeCallError(err, timeoutMs) };
    }
  };

  try {
    const given = endpoints.map(open);
    const probes = await Promise.all(given.map(probe));
    const answered = probes.filter((p): p is Extract<Probe, { ok: true }> => p.ok);
    if (answered.length === 0) {
      throw new EtcdUnreachableError(
        probes.map((p) => ({ endpoint: p.endpoint, reason: p.ok ? 'answered' : p.reason })),
        timeoutMs,
      );
    }
    const answeredClients = given.filter((c) => answered.some((p) => p.endpoint === c.endpoint));

    // The alarm list goes through raft: without a leader it waits (up to the timeout), so ask
    // for both at once. Status errors already carry the alarms of every member that answered.
    const [list, alarms] = await Promise.all([
      firstAnswer(answeredClients, (c) => c.memberList(), timeoutMs),
      firstAnswer(answeredClients.slice(0, 1), (c) => c.alarms(), timeoutMs), // any member forwards it to the leader
    ]);
    if (!list.ok) warnings.push(`member list unavailable: ${list.reason}`);
    if (!alarms.ok) warnings.push(`alarm list unavailable: ${alarms.reason}`);

    const members = list.ok
      ? await fromMemberList(list.value, probes, open, probe, warnings)
      : fromProbesOnly(probes, warnings);
    if (alarms.ok) applyAlarms(members, alarms.value);
    members.sort((a, b) => a.name.localeCompare(b.name));

    const source: SourceInfo = {
      kind: 'etcd-api',
      location: endpoints.join(','),
      nodes: members.map((m) => m.node).filter((n): n is string => n !== undefined),
      warnings,
    };
    return { members, source };
  } finally {
    for (const c of clients) c.close();
  }
}

async function readTls(conn: EtcdConnection): Promise<TlsMaterial | undefined> {
  if (!conn.cacert && !conn.cert && !conn.key) return undefined;
  if (Boolean(conn.cert) !== Boolean(conn.key)) {
    throw new EtcdConfigError('--cert and --key must be given together');
  }
  const read = async (flag: string, file: string | undefined): Promise<Buffer | undefined> => {
    if (!file) return undefined;
    try {
      return await readFile(file);
    } catch (err) {
      throw new EtcdConfigError(`cannot read ${flag} file ${file}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  };
  return { ca: await read('--cacert', conn.cacert), cert: await read('--cert', conn.cert), key: await read('--key', conn.key) };
}

async function firstAnswer<T>(
  clients: EndpointClient[],
  call: (c: EndpointClient) => Promise<T>,
  timeoutMs: number,
): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  let reason = 'no endpoint to ask';
  for (const c of clients) {
    try {
      return { ok: true, value: await call(c) };
    } catch (err) {
      reason = `${c.endpoint}: ${describeCallError(err, timeoutMs)}`;
    }
  }
  return { ok: false, reason };
}

/**
 * Each member of the list, with the Status it gave about itself. A member is matched to the
 * endpoint that answered with its id; a silent endpoint is matched by its advertised client URLs;
 * a member none of the given endpoints points at is asked at its advertised URL (as
 * `etcdctl endpoint status --cluster` does).
 */
async function fromMemberList(
  list: IMember[],
  probes: Probe[],
  open: (endpoint: string) => EndpointClient,
  probe: (c: EndpointClient) => Promise<Probe>,
  warnings: string[],
): Promise<EtcdMemberStatus[]> {
  const byId = new Map<string, Extract<Probe, { ok: true }>>();
  for (const p of probes) {
    if (p.ok && !byId.has(hexId(p.status.header.member_id))) byId.set(hexId(p.status.header.member_id), p);
  }
  const silent = probes.filter((p): p is Extract<Probe, { ok: false }> => !p.ok);
  const usedSilent = new Set<string>();
  const members: EtcdMemberStatus[] = [];
  const pending: IMember[] = [];

  for (const m of list) {
    const id = hexId(m.ID);
    const answered = byId.get(id);
    if (answered) {
      members.push(reachableMember(m, answered.endpoint, answered.status));
      byId.delete(id);
      continue;
    }
    const urls = new Set((m.clientURLs ?? []).map(hostPort));
    const match = silent.find((p) => !usedSilent.has(p.endpoint) && urls.has(hostPort(p.endpoint)));
    if (match) {
      usedSilent.add(match.endpoint);
      members.push(unreachableMember(m, match.endpoint, match.reason));
      continue;
    }
    pending.push(m);
  }

  const stillDown: { member: IMember; endpoint?: string; reason: string }[] = [];
  for (const m of pending) {
    const url = m.clientURLs?.[0];
    if (!url) {
      stillDown.push({ member: m, reason: 'not started: the member list gives it no name and no client URL' });
      continue;
    }
    const p = await probe(open(url));
    if (p.ok && hexId(p.status.header.member_id) === hexId(m.ID)) {
      warnings.push(`member ${m.name || hexId(m.ID)} is not among the given endpoints; asked at its advertised client URL ${url}`);
      members.push(reachableMember(m, url, p.status));
    } else {
      stillDown.push({ member: m, endpoint: url, reason: p.ok ? `${url} answered as another member` : p.reason });
    }
  }
  // One silent endpoint and one silent member that did not match by URL: the same machine,
  // spelled differently (a hostname vs the advertised IP).
  const leftover = silent.filter((p) => !usedSilent.has(p.endpoint));
  if (stillDown.length === 1 && leftover.length === 1) {
    stillDown[0].endpoint = leftover[0].endpoint;
    stillDown[0].reason = leftover[0].reason;
    usedSilent.add(leftover[0].endpoint);
  }
  for (const d of stillDown) members.push(unreachableMember(d.member, d.endpoint, d.reason));
  for (const p of silent) {
    if (!usedSilent.has(p.endpoint)) warnings.push(`endpoint ${p.endpoint} did not answer (${p.reason}) and matches no member of the member list`);
  }
  for (const [id, p] of byId) {
    warnings.push(`endpoint ${p.endpoint} answered as member ${id}, which the member list does not contain`);
  }
  return members;
}

/** Without a member list: one entry per endpoint, named by the id it answered with. */
function fromProbesOnly(probes: Probe[], warnings: string[]): EtcdMemberStatus[] {
  const seen = new Set<string>();
  const members: EtcdMemberStatus[] = [];
  for (const p of probes) {
    if (p.ok) {
      const id = hexId(p.status.header.member_id);
      if (seen.has(id)) continue;
      seen.add(id);
      members.push(reachableMember({ ID: p.status.header.member_id, name: '', peerURLs: [], clientURLs: [], isLearner: false }, p.endpoint, p.status));
    } else {
      const name = hostPort(p.endpoint);
      warnings.push(`endpoint ${p.endpoint} did not answer and, without a member list, its member is unknown`);
      members.push({
        name,
        endpoint: p.endpoint,
        reachable: false,
        unreachableReason: p.reason,
        errors: [],
        ref: { source: 'etcd-api', object: `Member/${name}`, query: `Status ${p.endpoint}`, excerpt: `${p.endpoint} did not answer Status: ${p.reason}` },
      });
    }
  }
  return members;
}

function reachableMember(m: IMember, endpoint: string, s: IStatusResponse): EtcdMemberStatus {
  const id = hexId(m.ID);
  const name = m.name || id;
  const leader = s.leader && s.leader !== '0' ? hexId(s.leader) : undefined;
  const dbSize = Number(s.dbSize);
  const dbSizeInUse = s.dbSizeInUse !== undefined && s.dbSizeInUse !== null ? Number(s.dbSizeInUse) : undefined;
  const errors = (s.errors ?? []).map((e) => e.trim()).filter(Boolean);
  const member: EtcdMemberStatus = {
    name,
    id,
    node: m.name || undefined,
    endpoint,
    reachable: true,
    dbSize,
    dbSizeInUse,
    leaderId: leader,
    isLeader: leader !== undefined && leader === id,
    raftTerm: Number(s.raftTerm),
    raftIndex: Number(s.raftIndex),
    raftAppliedIndex: Number(s.raftAppliedIndex),
    isLearner: Boolean(s.isLearner),
    errors,
    version: s.version || undefined,
    ref: { source: 'etcd-api', object: `Member/${name}`, query: `Status ${endpoint}`, excerpt: '' },
  };
  member.ref.excerpt = statusExcerpt(member);
  return member;
}

function unreachableMember(m: IMember, endpoint: string | undefined, reason: string): EtcdMemberStatus {
  const id = hexId(m.ID);
  const name = m.name || id;
  const where = endpoint ?? 'no client URL';
  return {
    name,
    id,
    node: m.name || undefined,
    endpoint,
    reachable: false,
    unreachableReason: reason,
    isLearner: Boolean(m.isLearner),
    errors: [],
    ref: {
      source: 'etcd-api',
      object: `Member/${name}`,
      query: `Status ${where}`,
      excerpt: `member ${name} (${id}) at ${where} did not answer Status: ${reason}`,
    },
  };
}

export function statusExcerpt(m: EtcdMemberStatus): string {
  const parts = [`version ${m.version ?? '?'}`];
  if (m.dbSize !== undefined) {
    const inUse =
      m.dbSizeInUse !== undefined && m.dbSize > 0
        ? `, in use ${formatBytes(m.dbSizeInUse)} (${((m.dbSizeInUse / m.dbSize) * 100).toFixed(1)}%)`
        : '';
    parts.push(`db ${formatBytes(m.dbSize)}${inUse}`);
  }
  parts.push(m.leaderId ? `leader ${m.leaderId}${m.isLeader ? ' (itself)' : ''}` : 'no leader');
  parts.push(`raft term ${m.raftTerm}, index ${m.raftIndex}, applied ${m.raftAppliedIndex}`);
  if (m.isLearner) parts.push('learner');
  if (m.errors.length > 0) parts.push(`errors: ${m.errors.join('; ')}`);
  return `member ${m.name} (${m.id}) at ${m.endpoint}: ${parts.join(', ')}`;
}

/**
 * The alarm list names the member that raised each alarm. etcd's own Status `errors` already
 * carry every active alarm as `memberID:<decimal> alarm:<TYPE>`; make sure the affected member
 * carries its own, even when it did not answer.
 */
function applyAlarms(members: EtcdMemberStatus[], alarms: IAlarmMember[]): void {
  for (const a of alarms) {
    // etcd3 decodes the enum by its proto name (Nospace); etcd prints NOSPACE.
    const type = String(a.alarm ?? '').toUpperCase();
    if (!type || type === 'NONE') continue;
    const id = hexId(a.memberID);
    const text = `memberID:${BigInt(a.memberID).toString(10)} alarm:${type}`;
    const m = members.find((x) => x.id === id);
    if (!m || m.errors.includes(text)) continue;
    m.errors.push(text);
    m.ref.excerpt = m.reachable ? statusExcerpt(m) : `${m.ref.excerpt}; active alarm: ${text}`;
  }
}
