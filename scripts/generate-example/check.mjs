#!/usr/bin/env node
// Sanity checks for the generated example: every line parses in its format, timestamps never go
// backwards within a file, nothing is later than the collection time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../examples/talos02-containercreating');
const COLLECT = Date.parse('2026-02-22T10:40:30Z');
let failures = 0;
const fail = (f, i, msg) => {
  failures++;
  if (failures < 30) console.error(`${f}:${i + 1}: ${msg}`);
};

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

function check(file, parse, { ring = false, monotonic = true } = {}) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = -Infinity;
  lines.forEach((l, i) => {
    if (ring && i === 0) return;
    let t;
    try {
      t = parse(l);
    } catch (e) {
      return fail(file, i, `unparseable: ${e.message}: ${l.slice(0, 120)}`);
    }
    if (t === undefined) return;
    if (Number.isNaN(t)) return fail(file, i, 'bad timestamp');
    if (monotonic && t < prev - 0.5) fail(file, i, `time goes backwards (${new Date(t).toISOString()})`);
    if (t > COLLECT) fail(file, i, `after collection time (${new Date(t).toISOString()})`);
    prev = Math.max(prev, t);
  });
}

const rel = (f) => path.relative(ROOT, f);
for (const f of walk(ROOT)) {
  const r = rel(f);
  if (r.endsWith('service-logs/etcd.log')) check(f, (l) => Date.parse(JSON.parse(l).ts), { ring: true });
  else if (r.endsWith('service-logs/kubelet.log')) check(f, (l) => JSON.parse(l).ts, { ring: !r.startsWith('10.20.0.16') });
  else if (r.includes('/kubernetes-logs/')) {
    check(f, (l) => {
      const m = l.match(/^(\S+Z) (stdout|stderr) F (.*)$/);
      if (!m) throw new Error('not a CRI line');
      if (m[3].startsWith('{')) JSON.parse(m[3]);
      return Date.parse(m[1]);
    });
  } else if (/service-logs\/(containerd|cri)\.log$/.test(r)) {
    check(f, (l) => {
      const m = l.match(/^time="([^"]+)" level=(info|warning|error) msg="/);
      if (!m) throw new Error('not logrus');
      return Date.parse(m[1]);
    }, { ring: r.endsWith('cri.log') && !r.startsWith('10.20.0.14') });
  } else if (r.endsWith('machined.log')) {
    check(f, (l) => {
      const m = l.match(/^(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d\.\d{6}) \[talos\] /);
      if (!m) throw new Error('not machined');
      return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}Z`);
    }, { ring: true });
  } else if (r.endsWith('dmesg.log')) {
    check(f, (l) => {
      const m = l.match(/^(kern|user|daemon): {0,7}(emerg|alert|crit|err|warning|notice|info|debug): \[([^\]]+)\]: /);
      if (!m) throw new Error('not dmesg');
      return Date.parse(m[3]);
    });
  } else if (r.endsWith('controller-runtime.log')) {
    check(f, (l) => {
      const m = l.match(/^(\S+Z) \x1b\[\d+m(DEBUG|INFO|WARN|ERROR)\x1b\[0m /);
      if (!m) throw new Error('not zap console');
      return Date.parse(m[1]);
    }, { ring: true });
  }
}
if (failures) {
  console.error(`${failures} problems`);
  process.exit(1);
}
console.log('example OK');
