// Writes examples/talos02-containercreating/README.md with line references computed from the generated files.
import fs from 'node:fs';
import path from 'node:path';

export function findTag(files, tag) {
  const out = [];
  for (const [rel, f] of [...files.entries()].sort()) {
    const lines = f.tags.get(tag);
    if (lines && lines.length) out.push({ rel, lines });
  }
  return out;
}

function fmtLines(lines, max = 4) {
  const shown = lines.slice(0, max).join(', ');
  return lines.length > max ? `${shown}, … (${lines.length} lines)` : shown;
}

export function ref(files, tag, max = 4) {
  const hits = findTag(files, tag);
  if (!hits.length) throw new Error(`no lines for tag ${tag}`);
  return hits.map((h) => `\`${h.rel}\` L${fmtLines(h.lines, max)}`).join('; ');
}

function grepLines(files, rel, re, max = 3) {
  const f = files.get(rel);
  if (!f) throw new Error(`missing ${rel}`);
  const out = [];
  f.text.split('\n').forEach((l, i) => {
    if (re.test(l)) out.push(i + 1);
  });
  if (!out.length) throw new Error(`no match for ${re} in ${rel}`);
  return `\`${rel}\` L${fmtLines(out, max)}`;
}

function computeStats(files) {
  const out = {};
  const f = files.get('10.20.0.15/service-logs/etcd.log');
  const took = [];
  for (const l of f.text.split('\n')) {
    if (!l.includes('"apply request took too long"')) continue;
    const m = l.match(/"took":"([0-9.]+)(ms|s)"/);
    if (m) took.push(m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000);
  }
  out['apply-range-talos02'] = `${took.length} lines, ${Math.min(...took).toFixed(0)}–${Math.max(...took).toFixed(0)} ms`;
  return out;
}

export function writeReadme(outDir, files, tl) {
  const R = (tag, max) => ref(files, tag, max);
  const G = (rel, re, max) => grepLines(files, rel, re, max);
  const tmpl = fs.readFileSync(new URL('./README.template.md', import.meta.url), 'utf8');
  const stats = computeStats(files);
  const P = (pod, re, max) => {
    // a line inside one pod's item of kubectl-get-pods.yaml
    const rel = 'kubectl-get-pods.yaml';
    const lines = files.get(rel).text.split('\n');
    let start = -1;
    const hits = [];
    for (let i = 0; i <= lines.length; i++) {
      if (i === lines.length || lines[i].startsWith('- apiVersion: v1')) {
        if (start >= 0 && lines.slice(start, i).some((l) => l === `    name: ${pod}`)) {
          for (let k = start; k < i; k++) if (re.test(lines[k])) hits.push(k + 1);
        }
        start = i;
      }
    }
    if (!hits.length) throw new Error(`no ${re} in pod ${pod}`);
    return `\`${rel}\` L${fmtLines(hits, max || 2)}`;
  };
  const text = tmpl.replace(/\{\{(R|G|P|STAT):([^}]+)\}\}/g, (_, kind, arg) => {
    if (kind === 'P') {
      const [pod, re, max] = arg.split('::');
      return P(pod, new RegExp(re), max ? Number(max) : undefined);
    }
    if (kind === 'STAT') {
      if (!(arg in stats)) throw new Error(`unknown stat ${arg}`);
      return stats[arg];
    }
    if (kind === 'R') {
      const [tag, max] = arg.split('::');
      return R(tag, max ? Number(max) : undefined);
    }
    const [rel, re, max] = arg.split('::');
    return G(rel, new RegExp(re), max ? Number(max) : undefined);
  });
  fs.writeFileSync(path.join(outDir, 'README.md'), text);
}
