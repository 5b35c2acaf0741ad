// The support bundle's `io` file: NAME IO_TIME IO_TIME_WEIGHTED DISK_WRITE_SECTORS DISK_READ_SECTORS.
import type { DiskIoInfo, EvidenceRef } from '../types.js';
import { parseWhitespaceTable } from './table.js';

export function parseIoTable(lines: string[], ref: (line: number, excerpt: string) => EvidenceRef, nodeHint?: string, firstLine = 1): DiskIoInfo[] {
  const t = parseWhitespaceTable(lines, firstLine, false);
  const n = (s: string | undefined): number | undefined => (s && Number.isFinite(Number(s)) ? Number(s) : undefined);
  return t.rows.map(({ cells, line }) => ({
    node: nodeHint,
    device: cells.NAME,
    ioTimeMs: n(cells.IO_TIME),
    ioTimeWeightedMs: n(cells.IO_TIME_WEIGHTED),
    writeSectors: n(cells.DISK_WRITE_SECTORS),
    readSectors: n(cells.DISK_READ_SECTORS),
    ref: ref(line, lines[line - firstLine].trim()),
  }));
}
