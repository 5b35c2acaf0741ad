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

export function parseProcessTable(lines: string[], ref: Ref, nodeHint?: string, firstLine = 1): ProcessInfo[] {
  const headers = lines[0].trim().split(/\s+/);
  const idx = (h: string): number => headers.indexOf(h);
  const out: ProcessInfo[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const parts = line.trim().split(/\s+/);
    // VIRTMEM/RESMEM may print as "2.1 GB" (two words): rejoin number+unit pairs.
    const cells: string[] = [];
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
