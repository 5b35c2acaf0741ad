// `npm run bench`: how fast `kubesleuth diagnose` reads a large support bundle, against GNU grep
// with the tool's own signal needles (the reading-speed reference) and jq selecting warning lines
// (what users do by hand), in one run on this machine; start-up on the bundled example with
// hyperfine. Writes the figures, ratios, machine details and the commands to BENCH.md.
//
//   npm run bench                       # 1 GB and 0.5 GB bundles, 3 runs each, writes BENCH.md
//   node dist/bench/run.js --gb 1 --runs 5 --out BENCH.md --no-half
//
// Bundles are generated into bench-out/ (gitignored) by bench/generate.ts and kept for the next run
// while the generator and the example are unchanged. This script builds nothing: `npm run bench`
// compiles first (prebench).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_NEEDLES } from '../src/signals/catalog.js';
import { generateBundle, type Bundle } from './generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'bench-out');
const EXAMPLE = path.join(ROOT, 'examples/talos02-containercreating');
const BIN = path.join(ROOT, 'bin/kubesleuth.js');

interface Args {
  gb: number;
  runs: number;
  half: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { gb: 1, runs: 3, half: true, out: path.join(ROOT, 'BENCH.md') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--gb') a.gb = Number(argv[++i]);
    else if (k === '--runs') a.runs = Number(argv[++i]);
    else if (k === '--no-half') a.half = false;
    else if (k === '--out') a.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${k} (known: --gb N, --runs N, --no-half, --out FILE)`);
  }
  if (!(a.gb > 0) || !(a.runs >= 1)) throw new Error('--gb and --runs take positive numbers');
  return a;
}

// ---------------------------------------------------------------------------------------------

interface Timed {
  wallS: number;
  userS: number;
  sysS: number;
  maxRssKb: number;
  status: number;
}

/** Runs a command under /usr/bin/time -f (wall, user, sys, max RSS), output to a file. */
function timed(cmd: string, args: string[], stdoutFile: string, env: NodeJS.ProcessEnv = process.env): Timed {
  const timeFile = path.join(OUT, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', cmd, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  writeFileSync(stdoutFile, r.stdout ?? '');
  const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
  const [wallS, userS, sysS, maxRssKb] = line.split(/\s+/).map(Number);
  if (![wallS, userS, sysS, maxRssKb].every(Number.isFinite)) throw new Error(`cannot time ${cmd}: ${line}\n${r.stderr?.toString()}`);
  return { wallS, userS, sysS, maxRssKb, status: r.status ?? -1 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

const bytesOf = (files: string[]): number => files.reduce((n, f) => n + statSync(f).size, 0);

/** Reads every file once so each tool finds them in the page cache. */
function warm(files: string[]): void {
  for (const f of files) spawnSync('cat', [f], { stdio: ['ignore', 'ignore', 'ignore'] });
}

function version(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').split('\n')[0].trim() || 'not found';
}

/** The generated bundle, reused while its recipe (size, generator, example) is unchanged. */
function bundle(name: string, bytes: number): Bundle {
  const dir = path.join(OUT, name);
  const recipe = createHash('sha256')
    .update(String(bytes))
    .update(readFileSync(path.join(ROOT, 'dist/bench/generate.js')))
    .update(filesUnder(EXAMPLE).map((f) => `${path.relative(EXAMPLE, f)}:${statSync(f).size}`).join('\n'))
    .digest('hex');
  const stamp = path.join(OUT, `${name}.recipe`);
  const manifest = path.join(OUT, `${name}.json`);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === recipe && existsSync(manifest) && existsSync(dir)) {
    return JSON.parse(readFileSync(manifest, 'utf8')) as Bundle;
  }
  process.stderr.write(`generating ${dir} (${(bytes / 1e9).toFixed(2)} GB)…\n`);
  const t = performance.now();
  const b = generateBundle({ out: dir, example: EXAMPLE, bytes });
  process.stderr.write(`  ${(b.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  writeFileSync(manifest, JSON.stringify(b));
  writeFileSync(stamp, recipe);
  return b;
}

interface SizeResult {
  name: string;
  /** One run with KUBESLEUTH_THREADS=1: what reading costs on one core. */
  single?: Timed;
  bytes: number;
  files: number;
  jsonBytes: number;
  kubesleuth: Timed[];
  grep: Timed[];
  grepC: Timed[];
  jq: Timed[];
  signals: number;
  rootCauses: string[];
}

function measure(b: Bundle, runs: number, needles: string): SizeResult {
  const files = filesUnder(b.dir);
  const jsonFiles = b.jsonLogs.map((f) => path.join(b.dir, f));
  const res: SizeResult = {
    name: path.basename(b.dir),
    bytes: bytesOf(files),
    files: files.length,
    jsonBytes: bytesOf(jsonFiles),
    kubesleuth: [],
    grep: [],
    grepC: [],
    jq: [],
    signals: 0,
    rootCauses: [],
  };
  warm(files);
  const report = path.join(OUT, `${res.name}.report.json`);
  for (let r = 0; r < runs; r++) {
    process.stderr.write(`  ${res.name} run ${r + 1}/${runs}: kubesleuth`);
    res.kubesleuth.push(timed('node', [BIN, 'diagnose', b.dir, '-o', 'json', '--out', report], path.join(OUT, 'kubesleuth.out')));
    process.stderr.write(' grep');
    res.grep.push(timed('grep', ['-r', '-c', '-F', '-f', needles, b.dir], path.join(OUT, 'grep.out')));
    process.stderr.write(' grep(C)');
    res.grepC.push(timed('grep', ['-r', '-c', '-F', '-f', needles, b.dir], path.join(OUT, 'grep.out'), { ...process.env, LC_ALL: 'C' }));
    process.stderr.write(' jq\n');
    res.jq.push(timed('jq', ['-c', '-R', 'fromjson? | select(.level=="warn")', ...jsonFiles], path.join(OUT, 'jq.out')));
  }
  process.stderr.write(`  ${res.name}: kubesleuth on one thread\n`);
  res.single = timed('node', [BIN, 'diagnose', b.dir, '-o', 'json', '--out', report], path.join(OUT, 'kubesleuth.out'), { ...process.env, KUBESLEUTH_THREADS: '1' });
  const rep = JSON.parse(readFileSync(report, 'utf8')) as { timeline?: unknown[]; rootCauses?: Array<{ failureMode: string; subject: { kind: string; name: string } }> };
  res.signals = rep.timeline?.length ?? 0;
  res.rootCauses = (rep.rootCauses ?? []).map((c) => `${c.failureMode} ${c.subject.kind}/${c.subject.name}`);
  return res;
}

/** diagnose on a folder with one tiny log: the fixed cost (Node, modules, rules, report). */
function fixedCost(): Timed {
  const dir = path.join(OUT, 'tiny');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'app.log'), 'I0222 08:18:51.772097       1 x.go:1] hello\n');
  const runs = [0, 1, 2, 3, 4].map(() => timed('node', [BIN, 'diagnose', dir, '-o', 'json', '--out', path.join(OUT, 'tiny.json')], path.join(OUT, 'tiny.out')));
  return runs.sort((a, b) => a.wallS - b.wallS)[2];
}

function startup(): { meanS: number; medianS: number; minS: number; maxS: number; runs: number; userS: number } {
  const json = path.join(OUT, 'hyperfine.json');
  const cmd = `node ${path.relative(ROOT, BIN)} diagnose ${path.relative(ROOT, EXAMPLE)} -o json --out bench-out/example.report.json`;
  const r = spawnSync('hyperfine', ['--warmup', '3', '--runs', String(STARTUP_RUNS), '-i', '--export-json', json, cmd], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hyperfine failed: ${r.stderr}`);
  const h = JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ mean: number; median: number; min: number; max: number; user: number; times: number[] }> };
  const x = h.results[0];
  return { meanS: x.mean, medianS: x.median, minS: x.min, maxS: x.max, runs: x.times.length, userS: x.user };
}

// ---------------------------------------------------------------------------------------------

const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
const s2 = (x: number): string => x.toFixed(2);
const rate = (bytes: number, s: number): number => bytes / 1e6 / s;

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const needles = path.join(OUT, 'needles.txt');
  writeFileSync(needles, `${ALL_NEEDLES.filter((n) => n && !n.includes('\n')).join('\n')}\n`);
  const loadBefore = loadavg();
  const started = new Date();
  const big = bundle(`bundle-${Math.round(args.gb * 1000)}m`, Math.round(args.gb * 1e9));
  const sizes: SizeResult[] = [];
  if (args.half) sizes.push(measure(bundle(`bundle-${Math.round(args.gb * 500)}m`, Math.round(args.gb * 5e8)), args.runs, needles));
  sizes.push(measure(big, args.runs, needles));
  process.stderr.write('start-up on the example (hyperfine)…\n');
  const up = startup();
  const fixed = fixedCost();
  const loadAfter = loadavg();
  const md = render(args, sizes, up, loadBefore, loadAfter, started, fixed);
  writeFileSync(args.out, md);
  process.stdout.write(summary(sizes, up));
  process.stderr.write(`written ${path.relative(process.cwd(), args.out)}\n`);
}

interface Figures {
  ks: { wall: number; user: number; sys: number; rss: number; mbs: number };
  grep: { wall: number; mbs: number; c: number; cmbs: number; best: number };
  jq: { wall: number; mbs: number };
}

function figures(s: SizeResult): Figures {
  const kw = median(s.kubesleuth.map((t) => t.wallS));
  const gw = median(s.grep.map((t) => t.wallS));
  const gc = median(s.grepC.map((t) => t.wallS));
  const jw = median(s.jq.map((t) => t.wallS));
  return {
    ks: {
      wall: kw,
      user: median(s.kubesleuth.map((t) => t.userS)),
      sys: median(s.kubesleuth.map((t) => t.sysS)),
      rss: Math.max(...s.kubesleuth.map((t) => t.maxRssKb)) / 1024,
      mbs: rate(s.bytes, kw),
    },
    grep: { wall: gw, mbs: rate(s.bytes, gw), c: gc, cmbs: rate(s.bytes, gc), best: Math.max(rate(s.bytes, gw), rate(s.bytes, gc)) },
    jq: { wall: jw, mbs: rate(s.jsonBytes, jw) },
  };
}

const mark = (ok: boolean): string => (ok ? '✅ met' : '❌ not met');

/** Written when a target is not met: where the time goes, and what is left to do. */
const UNMET_JQ = `- **10× jq.** jq reads 50–65 MB/s of JSON on this machine, so 10× is 500–650 MB/s: the whole 1 GB diagnosis
  in 1.5–2 s, start-up included. Reading costs about 1.8–2.2 CPU-seconds per GB on one core (profiled: the needle scan
  ~0.5 s, classifying the ~3 million ordinary lines on their bytes ~0.5 s, the kernel's copies ~0.2 s), plus the fixed
  cost above and the example's own files (~0.3 s, as at start-up). The two CPUs here run two threads at well under twice
  the speed of one, and other tenants' load takes its share.
  Left to do: the needle scan and line splitting in WebAssembly SIMD (several GB/s per core).
`;
const UNMET_STARTUP = `- **Start-up < 0.5 s.** Node itself takes ~0.05 s and loading the modules ~0.06 s (the live-source, Prometheus,
  zip, YAML-package and report modules are loaded only when used). The rest is the example itself: ~6,000 signal lines
  decoded, parsed and matched by the reference reader, 360 kB of YAML, 130 small files, the rules and a 1.6 MB JSON
  report — most of it run once, before the JIT has warmed up, and the garbage collector's share (~0.05 s).
`;

/** Runs of the start-up measurement (a mean over more runs moves less with the machine's other load). */
const STARTUP_RUNS = 30;

function verdicts(sizes: SizeResult[], up: ReturnType<typeof startup>) {
  const big = sizes[sizes.length - 1];
  const f = figures(big);
  const half = sizes.length > 1 ? figures(sizes[0]) : undefined;
  const vsGrep = f.ks.mbs / f.grep.best;
  const vsJq = f.ks.mbs / f.jq.mbs;
  const rssGrowth = half ? f.ks.rss / half.ks.rss : undefined;
  return [
    { target: 'throughput ≥ ½ of grep -F (the faster of the two locales)', value: `${vsGrep.toFixed(2)}× grep (${f.ks.mbs.toFixed(0)} vs ${f.grep.best.toFixed(0)} MB/s)`, ok: vsGrep >= 0.5 },
    { target: 'throughput ≥ 10× jq', value: `${vsJq.toFixed(1)}× jq (${f.ks.mbs.toFixed(0)} vs ${f.jq.mbs.toFixed(0)} MB/s)`, ok: vsJq >= 10 },
    { target: 'peak RSS < 256 MB', value: `${f.ks.rss.toFixed(0)} MB`, ok: f.ks.rss < 256 },
    ...(half && rssGrowth !== undefined
      ? [{ target: 'peak RSS flat when the input doubles (≤ 1.25×)', value: `${half.ks.rss.toFixed(0)} → ${f.ks.rss.toFixed(0)} MB (${rssGrowth.toFixed(2)}×) for ${mb(sizes[0].bytes)} → ${mb(big.bytes)} MB`, ok: rssGrowth <= 1.25 }]
      : []),
    { target: 'start-up on the example < 0.5 s wall (hyperfine mean)', value: `${up.meanS.toFixed(3)} s (median ${up.medianS.toFixed(3)}, min ${up.minS.toFixed(3)})`, ok: up.meanS < 0.5 },
  ];
}

function summary(sizes: SizeResult[], up: ReturnType<typeof startup>): string {
  return `${verdicts(sizes, up)
    .map((v) => `${v.ok ? 'met    ' : 'NOT MET'}  ${v.target}: ${v.value}`)
    .join('\n')}\n`;
}

function render(args: Args, sizes: SizeResult[], up: ReturnType<typeof startup>, before: number[], after: number[], started: Date, fixed: Timed): string {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const cpuinfo = existsSync('/proc/cpuinfo') ? /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu : cpu;
  const nproc = version('nproc', []);
  const rows = sizes.map((s) => {
    const f = figures(s);
    return [
      `| ${s.name} | ${mb(s.bytes)} MB, ${s.files} files | kubesleuth diagnose | ${s2(f.ks.wall)} s | ${s2(f.ks.user)} + ${s2(f.ks.sys)} s | **${f.ks.mbs.toFixed(0)} MB/s** | ${f.ks.rss.toFixed(0)} MB |`,
      `| | | grep -r -c -F (${process.env.LC_ALL || process.env.LANG || 'default'} locale) | ${s2(f.grep.wall)} s | ${s2(median(s.grep.map((t) => t.userS)))} + ${s2(median(s.grep.map((t) => t.sysS)))} s | ${f.grep.mbs.toFixed(0)} MB/s | ${(Math.max(...s.grep.map((t) => t.maxRssKb)) / 1024).toFixed(0)} MB |`,
      `| | | LC_ALL=C grep -r -c -F | ${s2(f.grep.c)} s | ${s2(median(s.grepC.map((t) => t.userS)))} + ${s2(median(s.grepC.map((t) => t.sysS)))} s | ${f.grep.cmbs.toFixed(0)} MB/s | ${(Math.max(...s.grepC.map((t) => t.maxRssKb)) / 1024).toFixed(0)} MB |`,
      `| | ${mb(s.jsonBytes)} MB of JSON logs | jq -c -R 'fromjson? \\| select(.level=="warn")' | ${s2(f.jq.wall)} s | ${s2(median(s.jq.map((t) => t.userS)))} + ${s2(median(s.jq.map((t) => t.sysS)))} s | ${f.jq.mbs.toFixed(0)} MB/s | ${(Math.max(...s.jq.map((t) => t.maxRssKb)) / 1024).toFixed(0)} MB |`,
    ].join('\n');
  });
  const v = verdicts(sizes, up);
  const same = sizes.length > 1 && JSON.stringify(sizes[0].rootCauses) === JSON.stringify(sizes[1].rootCauses) && sizes[0].signals === sizes[1].signals;
  const all = (xs: Timed[]): string => xs.map((t) => s2(t.wallS)).join(', ');
  return `# Performance

Generated by \`npm run bench\` (bench/run.ts) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — do not edit by hand.

## Targets (ratios measured in the same run)

| target | measured | |
|---|---|---|
${v.map((x) => `| ${x.target} | ${x.value} | ${mark(x.ok)} |`).join('\n')}

## Figures

Wall time is the median of ${args.runs} runs (interleaved: kubesleuth, grep, grep with LC_ALL=C, jq); CPU is user + system;
throughput is the bytes each tool reads divided by its wall time: the whole bundle for kubesleuth and grep, the
JSON logs (etcd and kubelet) for jq. Peak RSS is the largest maximum resident set size of the runs (\`/usr/bin/time\`),
worker threads included.

| bundle | size | command | wall | CPU | throughput | peak RSS |
|---|---|---|---|---|---|---|
${rows.join('\n')}

All wall times (s): ${sizes.map((s) => `${s.name}: kubesleuth ${all(s.kubesleuth)}; grep ${all(s.grep)}; grep C ${all(s.grepC)}; jq ${all(s.jq)}`).join(' — ')}.

Findings on both bundles: ${sizes.map((s) => `${s.name}: ${s.rootCauses.length} root causes, ${s.signals} timeline signals`).join('; ')}${sizes.length > 1 ? ` — ${same ? 'the same' : '**different**'} (test/perf proves findings independent of size)` : ''}.

On one thread (\`KUBESLEUTH_THREADS=1\`, one run each): ${sizes
    .map((s) => (s.single ? `${s.name} ${s2(s.single.wallS)} s wall, ${s2(s.single.userS + s.single.sysS)} s CPU, ${rate(s.bytes, s.single.wallS).toFixed(0)} MB/s, ${(s.single.maxRssKb / 1024).toFixed(0)} MB` : ''))
    .join('; ')}.

Start-up on the bundled example (${mb(bytesOf(filesUnder(EXAMPLE)))} MB, hyperfine, ${up.runs} runs after 3 warm-ups): mean ${up.meanS.toFixed(3)} s,
median ${up.medianS.toFixed(3)} s, min ${up.minS.toFixed(3)} s, max ${up.maxS.toFixed(3)} s, user CPU ${up.userS.toFixed(3)} s.
The fixed cost — \`diagnose\` of a folder with one log line (Node, modules, rules, report; median of 5) — is
${s2(fixed.wallS)} s wall, ${s2(fixed.userS + fixed.sysS)} s CPU.
${v.some((x) => !x.ok) ? `\n## Targets not met: where the time goes\n\n${v[1].ok ? '' : UNMET_JQ}${v[v.length - 1].ok ? '' : UNMET_STARTUP}` : ''}

## Machine

- ${nproc} CPUs (${availableParallelism()} available to Node), ${cpuinfo}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM
- Node ${process.version}; ${version('grep', ['--version'])}; ${version('jq', ['--version'])}; ${version('hyperfine', ['--version'])}
- Load average (1, 5, 15 min) before: ${before.map((x) => x.toFixed(2)).join(', ')}; after: ${after.map((x) => x.toFixed(2)).join(', ')}.
  The machine is shared: other tenants' load slows every tool alike in wall time, and takes a share of the
  second CPU kubesleuth's worker thread uses.

## What is measured

- **Bundle**: \`talosctl support\` layout with 3 nodes, generated by bench/generate.ts from the bundled example (a real
  incident): the example's files as they are, its busy logs grown with ordinary lines in their real formats — etcd zap
  JSON, kubelet component-base JSON, containerd logfmt, CRI-framed kube-apiserver/controller-manager/scheduler klog,
  cilium logfmt, coredns — at times between the example's own lines. The example's lines (every signal line among them)
  stay, in order: the large bundle holds the same signals, rarer. Half size for the RSS comparison.
- **kubesleuth**: \`node bin/kubesleuth.js diagnose BUNDLE -o json --out FILE\` — the whole diagnosis: reading, rules,
  report.
- **grep**: \`grep -r -c -F -f bench-out/needles.txt BUNDLE > FILE\` — the catalogue's ${ALL_NEEDLES.length} signal needles
  (src/signals/catalog.ts), counted per file; output to a file (GNU grep stops at the first match when its output is
  /dev/null).
- **jq**: \`jq -c -R 'fromjson? | select(.level=="warn")' <etcd and kubelet logs> > FILE\`; \`-R … fromjson?\` because real
  support-bundle logs start with a cut line that plain \`jq 'select(…)'\` stops at (same speed otherwise).

## Reproduce

\`\`\`sh
npm ci
npm run bench                 # builds (prebench: tsc), generates bench-out/bundle-*m once, measures, writes BENCH.md
node dist/bench/run.js --gb ${args.gb} --runs ${args.runs}${args.half ? '' : ' --no-half'}   # the same without building
\`\`\`

## How the speed is reached

Large logs are read on raw bytes (src/intake/log-bytes.ts): 4 MiB blocks read directly from disk; the signal needles
are searched in the block before any decoding (src/intake/needle-scan.ts: Wu-Manber over 3-byte blocks, four cursors
interleaved, short needles natively; for each file of a MiB or more, the window of each needle that is searched is the
one whose blocks are rarest in that file's first 128 KiB, so most blocks shift the search by the whole window); lines
are split with memchr and each ordinary line is counted, levelled and timed on its bytes (CRI clock, zap/klog/logfmt/
capnslog level; JSON \`"level"\`/\`"err"\` keys found from an anchor past their quote) without making a string. Only lines
that can matter — with a needle, at error level, a stream's first lines, anything of a shape the fast path does not
prove harmless — are decoded and read by the reference line reader, so every signal, count, time span, error sample and
cited line is the one it gives (test/perf/fast-path.test.ts proves it on odd lines, generated bundles and zips; the
scanner is tested against a plain search). Files from 8 MiB are cut at line boundaries into parts of 4 MiB or more;
the main thread reads the first part and then, like the worker threads (one per CPU), takes the next part nobody has
(shared claims, Atomics.compareExchange), straight into the reader when the parts before it are in; parts are merged
in file order (a part is read again in order when a stream first appears in it or a dump header changes the stream).
Whole files under 4 MiB are read in one call, and a log with nothing that could split it into pasted sections is
read on bytes without splitting it into lines first. kubectl-style YAML is read by a fast YAML path
(src/intake/fast-yaml.ts) that gives the yaml package's values and lines and leaves anything else to it. Memory stays
flat: one block per thread, signal lines capped per kind.
`;
}

main();
