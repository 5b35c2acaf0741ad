// Column-aligned tables as kubectl, talosctl and etcdctl print them. Columns are cut at the
// header's column starts (tabwriter aligns every row), so values may contain spaces.
export interface Table {
  headers: string[];
  rows: Array<{ cells: Record<string, string>; line: number }>;
}

/** Header words separated by 2+ spaces or tabs ("LAST SEEN", "DB SIZE" are one column). */
function headerColumns(header: string): Array<{ name: string; start: number }> {
  const cols: Array<{ name: string; start: number }> = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) cols.push({ name: m[0], start: m.index });
  return cols;
}

/** Parses a whitespace-aligned table; `lines` starts at the header. `firstLine` numbers the header. */
export function parseAlignedTable(lines: string[], firstLine = 1, splitSingleSpaces: string[] = []): Table {
  if (lines[0].includes('\t')) return parseTabSeparated(lines, firstLine);
  const header = lines[0];
  let cols = headerColumns(header);
  // Some headers separate words by single spaces ("NODE MEMBER DB SIZE"): split known pairs apart.
  if (splitSingleSpaces.length) {
    const fixed: Array<{ name: string; start: number }> = [];
    for (const c of cols) {
      let offset = c.start;
      const words = c.name.split(' ');
      let i = 0;
      while (i < words.length) {
        let name = words[i];
        let j = i + 1;
        while (j < words.length && splitSingleSpaces.includes(`${name} ${words[j]}`)) name = `${name} ${words[j++]}`;
        fixed.push({ name, start: offset });
        offset += name.length + 1;
        i = j;
      }
    }
    cols = fixed;
  }
  const rows: Table['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const cells: Record<string, string> = {};
    for (let c = 0; c < cols.length; c++) {
      const start = cols[c].start;
      const end = c + 1 < cols.length ? cols[c + 1].start : line.length;
      cells[cols[c].name] = line.slice(start, end).trim();
    }
    rows.push({ cells, line: firstLine + i });
  }
  return { headers: cols.map((c) => c.name), rows };
}

/** Tab-separated tables (tabwriter input, `jq @tsv`): tabs, not positions, separate the cells. */
function parseTabSeparated(lines: string[], firstLine: number): Table {
  const split = (l: string): string[] => l.split(/\t+/).map((c) => c.trim());
  const headers = split(lines[0].trim());
  const rows: Table['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const parts = split(lines[i]);
    const cells: Record<string, string> = {};
    headers.forEach((h, k) => (cells[h] = parts[k] ?? ''));
    rows.push({ cells, line: firstLine + i });
  }
  return { headers, rows };
}

/** Tables whose columns are single-space separated with no alignment: split by runs of spaces. */
export function parseWhitespaceTable(lines: string[], firstLine = 1, lastColumnTakesRest = true): Table {
  const headers = lines[0].trim().split(/\s+/);
  const rows: Table['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    const cells: Record<string, string> = {};
    headers.forEach((h, k) => {
      cells[h] = k === headers.length - 1 && lastColumnTakesRest ? parts.slice(k).join(' ') : (parts[k] ?? '');
    });
    rows.push({ cells, line: firstLine + i });
  }
  return { headers, rows };
}

/** etcdctl's bordered tables: `| ENDPOINT | ID | … |`. */
export function parseBorderedTable(lines: string[], firstLine = 1): Table {
  const content = lines.map((l, i) => ({ l, n: firstLine + i })).filter(({ l }) => l.trim().startsWith('|'));
  if (!content.length) return { headers: [], rows: [] };
  const split = (l: string): string[] => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const headers = split(content[0].l);
  const rows: Table['rows'] = [];
  for (const { l, n } of content.slice(1)) {
    const parts = split(l);
    const prev = rows[rows.length - 1];
    // tablewriter wraps long cells onto continuation rows whose first cell is empty: join them.
    if (prev && parts[0] === '' && parts.some((p) => p !== '')) {
      headers.forEach((h, k) => {
        if (parts[k]) prev.cells[h] = prev.cells[h] ? `${prev.cells[h]} ${parts[k]}` : parts[k];
      });
      continue;
    }
    const cells: Record<string, string> = {};
    headers.forEach((h, k) => (cells[h] = parts[k] ?? ''));
    rows.push({ cells, line: n });
  }
  return { headers, rows };
}
