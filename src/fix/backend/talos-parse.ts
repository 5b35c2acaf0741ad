// Parsers for talosctl's tables (cmd/talosctl/cmd/talos/etcd.go in siderolabs/talos). The tables
// are tabwriter output (3 spaces padding); cells themselves contain single spaces ("21 MB",
// "6.0 MB (29.08%)"), and talosctl flushes in chunks, so columns need not line up between rows.
// Rows are therefore matched by shape, not by column offsets.
//
//   etcd status (v1.4–v1.10):
//   NODE  MEMBER  DB SIZE  IN USE  LEADER  RAFT INDEX  RAFT TERM  RAFT APPLIED INDEX  LEARNER  ERRORS
//   etcd status (v1.11+): … LEARNER  PROTOCOL  STORAGE  ERRORS
//   etcd members:  NODE  ID  HOSTNAME  PEER URLS  CLIENT URLS  LEARNER   (older: without NODE / LEARNER)
//   etcd alarm list: NODE  MEMBER  ALARM   (nothing at all when no alarm is raised)
//   errors on stderr: `error from node 10.5.0.3: rpc error: code = Unavailable desc = …`
import { normalizeHexId } from './ids.js';

export interface TalosStatusRow {
  node: string;
  memberId: string;
  dbSize: number;
  dbSizeInUse: number;
  leaderId: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  isLearner: boolean;
  protocol?: string;
  storage?: string;
  errors: string[];
}

const SI: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15, eb: 1e18 };
const IEC: Record<string, number> = { kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** go-humanize's Bytes ("21 MB", "6.0 MB", "469 kB", "0 B") back to bytes; approximate by nature. */
export function parseHumanBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kKMGTPE]i?B|B)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = SI[unit] ?? IEC[unit];
  return factor === undefined ? undefined : Math.round(Number(m[1]) * factor);
}

const SIZE = String.raw`\d+(?:\.\d+)?\s*(?:[kKMGTPE]i?B|B)`;
const STATUS_ROW = new RegExp(
  String.raw`^(\S+)\s+([0-9a-fA-F]+)\s+(${SIZE})\s+(${SIZE})\s+\(\s*[\d.]+%\)\s+([0-9a-fA-F]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(true|false)(?:\s+(.*?))?\s*$`,
);
const VERSION = /^\d+\.\d+(?:\.\d+)?$/;

/** Rows of `talosctl etcd status`; headers, warnings and blank lines are skipped. */
export function parseEtcdStatus(stdout: string): TalosStatusRow[] {
  const rows: TalosStatusRow[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = STATUS_ROW.exec(line);
    if (!m) continue;
    const dbSize = parseHumanBytes(m[3]);
    const dbSizeInUse = parseHumanBytes(m[4]);
    if (dbSize === undefined || dbSizeInUse === undefined) continue;
    // The tail holds PROTOCOL and STORAGE (v1.11+, may be empty) and ERRORS (free text, ", "-joined).
    let tail = (m[10] ?? '').trim();
    let protocol: string | undefined;
    let storage: string | undefined;
    const words = tail.split(/\s+/);
    if (words[0] && VERSION.test(words[0])) {
      protocol = words.shift();
      if (words[0] && VERSION.test(words[0])) storage = words.shift();
      tail = words.join(' ');
    }
    rows.push({
      node: m[1],
      memberId: normalizeHexId(m[2]),
      dbSize,
      dbSizeInUse,
      leaderId: normalizeHexId(m[5]),
      raftIndex: Number(m[6]),
      raftTerm: Number(m[7]),
      raftAppliedIndex: Number(m[8]),
      isLearner: m[9] === 'true',
      protocol,
      storage,
      errors: tail === '' ? [] : tail.split(/\s*,\s+/).map((e) => e.trim()),
    });
  }
  return rows;
}

export interface TalosMemberRow {
  node?: string;
  id: string;
  hostname: string;
}

/** Rows of `talosctl etcd members`, with or without the NODE column. */
export function parseEtcdMembers(stdout: string): TalosMemberRow[] {
  const lines = stdout.split(/\r?\n/);
  const header = lines.find((l) => /^\s*(NODE\s+)?ID\s+HOSTNAME\b/.test(l));
  const withNode = header ? /^\s*NODE\s/.test(header) : true;
  const rows: TalosMemberRow[] = [];
  for (const line of lines) {
    if (line === header || line.trim() === '') continue;
    const words = line.trim().split(/\s+/);
    const [node, id, hostname] = withNode ? words : [undefined, ...words];
    if (!id || !/^[0-9a-fA-F]+$/.test(id) || !hostname) continue;
    rows.push({ node, id: normalizeHexId(id), hostname });
  }
  return rows;
}

export interface TalosAlarmRow {
  node?: string;
  memberId: string;
  alarm: string;
}

/** Rows of `talosctl etcd alarm list` (or disarm, which prints the same table). */
export function parseEtcdAlarms(stdout: string): TalosAlarmRow[] {
  const rows: TalosAlarmRow[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*(?:(\S+)\s+)?([0-9a-fA-F]{1,16})\s+(NONE|NOSPACE|CORRUPT)\s*$/.exec(line);
    if (m) rows.push({ node: m[1], memberId: normalizeHexId(m[2]), alarm: m[3] });
  }
  return rows;
}

/** `error from node X: …` lines from stderr, by node (nodes may be IPv6, so match the known names first). */
export function parseNodeErrors(stderr: string, nodes: string[] = []): Map<string, string> {
  const errors = new Map<string, string>();
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('error from node ')) continue;
    const rest = line.slice('error from node '.length);
    const known = nodes.find((n) => rest.startsWith(`${n}: `));
    if (known) {
      errors.set(known, rest.slice(known.length + 2));
      continue;
    }
    const m = /^(\S+?):\s+(.*)$/.exec(rest);
    if (m) errors.set(m[1], m[2]);
  }
  return errors;
}
