// Process lists: `talosctl processes` (NODE PID STATE THREADS CPU-TIME VIRTMEM RESMEM LABEL COMMAND)
// and the support bundle's `processes` (PID STATE THREADS CPU-TIME VIRTMEM RESMEM COMMAND).
import type { EvidenceRef, ProcessInfo } from '../types.js';
import { parseSize } from '../util/bytes.js';
import { parseGoDuration } from '../util/duration.js';

type Ref = (line: number, excerpt: string) => EvidenceRef;

function cpuSeconds(s: string | undefined): number | undefined {
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const hms = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(s);
  if (hms) return Number(hms[1] ?? 0) * 86400 + Number(hms[2] ?? 0) * 3600 + Number(hms[3]) * 60 + Number(hms[4]);
  const d = parseGoDuration(s);
  return d === undefined ? undefined : d / 1000;
}

/** Column starts of a tabwriter header ("NODE   PID   STATE …"). */
function columnStarts(header: string): number[] {
  const starts: number[] = [];
  for (const m of header.matchAll(/\S+/g)) starts.push(m.index ?? 0);
  return starts;
}

/** Cells cut at the header's column starts, when the row is aligned to them (tabwriter output);
 *  this keeps empty cells (LABEL without an LSM) in place. Undefined for rows pasted without alignment. */
function alignedCells(line: string, starts: number[]): string[] | undefined {
  for (let c = 1; c < starts.length; c++) {
    const s = starts[c];
    if (s >= line.length) break;
    if (line[s - 1] !== ' ') return undefined;
  }
  return starts.map((s, c) => line.slice(s, c + 1 < starts.length ? starts[c + 1] : undefined).trim());
}

export function parseProcessTable(lines: string[], ref: Ref, nodeHint?: string, firstLine = 1): ProcessInfo[] {
  const headers = lines[0].trim().split(/\s+/);
  const idx = (h: string): number => headers.indexOf(h);
  const starts = columnStarts(lines[0]);
  const out: ProcessInfo[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const aligned = alignedCells(line, starts);
    const cells: string[] = aligned ?? [];
    const parts = aligned ? [] : line.trim().split(/\s+/);
    // VIRTMEM/RESMEM may print as "2.1 GB" (two words): rejoin number+unit pairs.
    for (let k = 0; k < parts.length; k++) {
      if (/^\d+(\.\d+)?$/.test(parts[k]) && /^[KMGT]?i?B$/.test(parts[k + 1] ?? '') && cells.length >= idx('VIRTMEM') && idx('VIRTMEM') >= 0 && cells.length <= idx('RESMEM')) {
        cells.push(`${parts[k]} ${parts[k + 1]}`);
        k++;
      } else cells.push(parts[k]);
    }
    const cmdAt = idx('COMMAND');
    const get = (h: string): string | undefined => (idx(h) >= 0 ? cells[idx(h)] : undefined);
    const pid = Number(get('PID'));
    if (!Number.isFinite(pid)) continue;
    const commandLine = cmdAt >= 0 ? cells.slice(cmdAt).join(' ') : '';
    const [command, ...args] = commandLine.split(' ');
    out.push({
      node: get('NODE') ?? nodeHint,
      pid,
      state: get('STATE'),
      threads: get('THREADS') !== undefined ? Number(get('THREADS')) : undefined,
      cpuSeconds: cpuSeconds(get('CPU-TIME')),
      virtMemBytes: parseSize(get('VIRTMEM')),
      resMemBytes: parseSize(get('RESMEM')),
      command: command ?? '',
      args: args.join(' ') || undefined,
      ref: ref(firstLine + i, line.trim()),
    });
  }
  return out;
}
