// Member status tables and JSON: `talosctl etcd status`, `etcdctl endpoint status -w table|json`.
import type { EtcdMemberStatus, EvidenceRef } from '../types.js';
import { parseSize } from '../util/bytes.js';
import { parseAlignedTable, parseBorderedTable } from './table.js';

type Ref = (line: number, excerpt: string) => EvidenceRef;

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
};
const bool = (s: string | undefined): boolean | undefined => (s === undefined || s === '' ? undefined : s.toLowerCase() === 'true');
const errorsOf = (s: string | undefined): string[] => (s ? s.split(',').map((e) => e.trim()).filter(Boolean) : []);
/** Hex member id as etcd prints it (%x): talosctl pads to 16 digits, etcdctl and the raft logs do not. */
const naturalHex = (s: string | undefined): string => {
  const h = (s ?? '').toLowerCase();
  return /^[0-9a-f]{1,16}$/.test(h) ? BigInt(`0x${h}`).toString(16) : h;
};

/** `talosctl etcd status`: NODE MEMBER DB SIZE IN USE LEADER RAFT INDEX RAFT TERM RAFT APPLIED INDEX LEARNER [PROTOCOL STORAGE] ERRORS */
// A row by its token shapes, so that rows whose alignment was lost (pasted, edited, tabs
// collapsed) still parse: NODE MEMBER SIZE UNIT SIZE UNIT (PCT%) LEADER INDEX TERM APPLIED LEARNER [PROTOCOL STORAGE] [ERRORS]
const SIZE = String.raw`[\d.]+\s*[kKMGTP]?i?B`;
const TALOS_ROW = new RegExp(
  String.raw`^\s*(\S+)\s+([0-9a-fA-F]+)\s+(${SIZE})\s+(${SIZE})(?:\s*\([\d.]+%\))?\s+([0-9a-fA-F]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(true|false)(?:\s+(\d+\.\d+\.\d+))?(?:\s+(\d+\.\d+\.\d+))?\s*(.*)$`,
);

function talosRowCells(line: string): Record<string, string> | undefined {
  const m = TALOS_ROW.exec(line);
  if (!m) return undefined;
  return {
    NODE: m[1], MEMBER: m[2], 'DB SIZE': m[3], 'IN USE': m[4], LEADER: m[5], 'RAFT INDEX': m[6], 'RAFT TERM': m[7],
    'RAFT APPLIED INDEX': m[8], LEARNER: m[9], PROTOCOL: m[10] ?? '', STORAGE: m[11] ?? '', ERRORS: m[12] ?? '',
  };
}

export function parseTalosEtcdStatus(lines: string[], ref: Ref, firstLine = 1): EtcdMemberStatus[] {
  const table = parseAlignedTable(lines, firstLine);
  return table.rows.map(({ cells: aligned, line }) => {
    const cells = talosRowCells(lines[line - firstLine]) ?? aligned;
    const inUse = /^(.+?)\s*(?:\(([\d.]+)%\))?$/.exec(cells['IN USE'] ?? '');
    const id = naturalHex(cells.MEMBER);
    const leader = naturalHex(cells.LEADER);
    return {
      name: id,
      id,
      node: cells.NODE || undefined,
      endpoint: cells.NODE || undefined,
      reachable: true,
      dbSize: parseSize(cells['DB SIZE']),
      dbSizeInUse: inUse ? parseSize(inUse[1]) : undefined,
      leaderId: leader || undefined,
      isLeader: id !== '' && id === leader,
      raftIndex: num(cells['RAFT INDEX']),
      raftTerm: num(cells['RAFT TERM']),
      raftAppliedIndex: num(cells['RAFT APPLIED INDEX']),
      isLearner: bool(cells.LEARNER),
      errors: errorsOf(cells.ERRORS),
      version: cells.PROTOCOL || undefined,
      ref: ref(line, lines[line - firstLine]),
    };
  });
}

/** `etcdctl endpoint status -w table`: 3.4/3.5 columns, and 3.6's STORAGE VERSION, IN USE, QUOTA …. */
export function parseEtcdctlStatusTable(lines: string[], ref: Ref, firstLine = 1): EtcdMemberStatus[] {
  const table = parseBorderedTable(lines, firstLine);
  return table.rows.map(({ cells, line }) => {
    const id = (cells.ID ?? '').toLowerCase();
    const isLeader = bool(cells['IS LEADER']);
    return {
      name: id,
      id,
      endpoint: cells.ENDPOINT,
      node: hostOf(cells.ENDPOINT),
      reachable: true,
      dbSize: parseSize(cells['DB SIZE']),
      dbSizeInUse: parseSize(cells['IN USE']),
      leaderId: isLeader ? id : undefined,
      isLeader,
      raftTerm: num(cells['RAFT TERM']),
      raftIndex: num(cells['RAFT INDEX']),
      raftAppliedIndex: num(cells['RAFT APPLIED INDEX']),
      isLearner: bool(cells['IS LEARNER']),
      errors: errorsOf(cells.ERRORS),
      version: cells.VERSION,
      quotaBytes: parseSize(cells.QUOTA),
      ref: ref(line, lines[line - firstLine]),
    };
  });
}

interface EtcdctlJsonEntry {
  Endpoint?: string;
  Status?: {
    header?: { member_id?: number | string; raft_term?: number | string };
    version?: string;
    dbSize?: number | string;
    dbSizeInUse?: number | string;
    dbSizeQuota?: number | string;
    leader?: number | string;
    raftIndex?: number | string;
    raftTerm?: number | string;
    raftAppliedIndex?: number | string;
    errors?: string[];
    isLearner?: boolean;
  };
}

/** Decimal uint64 (as JSON number or string) to hex. JSON numbers above 2^53 lose digits, so read them from the text. */
export function decimalIdToHex(v: number | string | undefined): string | undefined {
  if (v === undefined) return undefined;
  try {
    return BigInt(typeof v === 'number' ? Math.round(v) : v).toString(16);
  } catch {
    return undefined;
  }
}

/** `etcdctl endpoint status -w json`. Ids are parsed from the raw text to keep all 64 bits. */
export function parseEtcdctlStatusJson(text: string, ref: Ref): EtcdMemberStatus[] {
  const exact = text.replace(/("(?:member_id|leader|cluster_id)"\s*:\s*)(\d+)/g, '$1"$2"');
  const entries = JSON.parse(exact) as EtcdctlJsonEntry[];
  if (!Array.isArray(entries)) return [];
  return entries.map((e, i) => {
    const s = e.Status ?? {};
    const id = decimalIdToHex(s.header?.member_id) ?? '';
    const leader = decimalIdToHex(s.leader);
    return {
      name: id,
      id,
      endpoint: e.Endpoint,
      node: hostOf(e.Endpoint),
      reachable: true,
      dbSize: s.dbSize !== undefined ? Number(s.dbSize) : undefined,
      dbSizeInUse: s.dbSizeInUse !== undefined ? Number(s.dbSizeInUse) : undefined,
      leaderId: leader,
      isLeader: id !== '' && id === leader,
      raftTerm: s.raftTerm !== undefined ? Number(s.raftTerm) : undefined,
      raftIndex: s.raftIndex !== undefined ? Number(s.raftIndex) : undefined,
      raftAppliedIndex: s.raftAppliedIndex !== undefined ? Number(s.raftAppliedIndex) : undefined,
      isLearner: s.isLearner,
      errors: (s.errors ?? []).map((e) => e.trim()),
      version: s.version,
      quotaBytes: s.dbSizeQuota !== undefined ? Number(s.dbSizeQuota) : undefined,
      ref: ref(1, `${e.Endpoint ?? `entry ${i}`}: dbSize=${s.dbSize} dbSizeInUse=${s.dbSizeInUse} leader=${leader}`),
    };
  });
}

function hostOf(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  const m = /^(?:\w+:\/\/)?\[?([^\]/]+?)\]?(?::\d+)?(?:\/.*)?$/.exec(endpoint);
  return m?.[1];
}
