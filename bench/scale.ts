// Scale benchmark (not a timed test): a simulated cluster of 500 nodes, 20,000 pods and 50,000
// events served by the local test API server (test/harness/kube-api-server.ts), read the way a
// user would: `kubesleuth collect --kubeconfig …`, `kubesleuth diagnose BUNDLE.zip` and
// `kubesleuth diagnose --kubeconfig …`, each in its own Node process so its wall time and peak
// RSS are its own (the API server and its 100 MB of objects live in this process).
//
//   npx tsc -p tsconfig.json && node dist/bench/scale.js [--nodes 500] [--pods 20000] [--events 50000] [--out docs/scale-bench.md]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKubeApiServer } from '../test/harness/kube-api-server.js';
import { scaleCluster } from '../test/collect/kube/fixtures.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const NODES = Number(arg('nodes', '500'));
const PODS = Number(arg('pods', '20000'));
const EVENTS = Number(arg('events', '50000'));
const OUT = arg('out', 'docs/scale-bench.md');
const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const DIST = fileURLToPath(new URL('../src/', import.meta.url));

/** Where a diagnosis of the bundle spends its time: reading it (intake) and each rule. */
function breakdown(bundle: string): Promise<{ intakeMs: number; rules: Array<[string, number]> }> {
  const report = path.join(tmpdir(), `kubesleuth-scale-breakdown-${process.pid}.json`);
  const code = `
    import { writeFileSync } from 'node:fs';
    const { collectOffline } = await import(${JSON.stringify(`${DIST}intake/collect.js`)});
    const { loadRules } = await import(${JSON.stringify(`${DIST}rules/registry.js`)});
    const { DEFAULT_THRESHOLDS } = await import(${JSON.stringify(`${DIST}model/thresholds.js`)});
    let t = performance.now();
    const evidence = await collectOffline([${JSON.stringify(bundle)}]);
    const intakeMs = performance.now() - t;
    const rules = [];
    for (const r of await loadRules()) {
      t = performance.now();
      try { r.run({ evidence, thresholds: DEFAULT_THRESHOLDS }); } catch {}
      rules.push([r.id, performance.now() - t]);
    }
    writeFileSync(${JSON.stringify(report)}, JSON.stringify({ intakeMs, rules }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', () => {
      const r = JSON.parse(readFileSync(report, 'utf8')) as { intakeMs: number; rules: Array<[string, number]> };
      rmSync(report, { force: true });
      resolve(r);
    });
  });
}

interface Run {
  step: string;
  code: number;
  ms: number;
  maxRssMb: number;
  stdoutBytes: number;
  stdout: string;
}

/** Runs `kubesleuth args` in a child Node process that reports its own wall time and peak RSS. */
function kubesleuth(step: string, args: string[]): Promise<Run> {
  const report = path.join(tmpdir(), `kubesleuth-scale-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const code = `
    import { writeFileSync } from 'node:fs';
    const { main } = await import(${JSON.stringify(MAIN)});
    let out = '';
    const t0 = performance.now();
    const code = await main(${JSON.stringify(args)}, { stdout: (s) => { out += s; }, stderr: (s) => process.stderr.write(s) });
    const ms = performance.now() - t0;
    writeFileSync(${JSON.stringify(report)}, JSON.stringify({ code, ms, maxRss: process.resourceUsage().maxRSS, out }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', () => {
      const r = JSON.parse(readFileSync(report, 'utf8')) as { code: number; ms: number; maxRss: number; out: string };
      rmSync(report, { force: true });
      resolve({ step, code: r.code, ms: r.ms, maxRssMb: r.maxRss / 1024, stdoutBytes: Buffer.byteLength(r.out), stdout: r.out });
    });
  });
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const fmtMb = (mb: number): string => `${Math.round(mb)} MB`;

async function run(): Promise<void> {
  const t0 = performance.now();
  const fixture = scaleCluster(NODES, PODS, EVENTS);
  const genMs = performance.now() - t0;
  const srv = await startKubeApiServer(fixture);
  const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-scale-'));
  const bundle = path.join(dir, 'bundle.zip');
  try {
    const kube = ['--kubeconfig', srv.kubeconfig, '--context', srv.context, '--quiet'];
    const runs: Run[] = [];
    const startReq = srv.requests.length;
    runs.push(await kubesleuth('collect --kubeconfig … --out bundle.zip', ['collect', ...kube, '--out', bundle]));
    const requests = srv.requests.length - startReq;
    runs.push(await kubesleuth('diagnose bundle.zip -o json', ['diagnose', bundle, '-o', 'json']));
    runs.push(await kubesleuth('diagnose --kubeconfig … -o json', ['diagnose', ...kube, '-o', 'json']));
    for (const r of runs) {
      if (r.code === 2) throw new Error(`${r.step} failed`);
      process.stderr.write(`${r.step}: ${fmtS(r.ms)}, peak RSS ${fmtMb(r.maxRssMb)}\n`);
    }
    const parts = await breakdown(bundle);
    const slow = parts.rules.sort((a, b) => b[1] - a[1]).slice(0, 3);
    const report = JSON.parse(runs[1].stdout) as { rootCauses: Array<{ failureMode: string; subject: { name: string } }>; symptoms: unknown[]; findings: unknown[] };
    const live = JSON.parse(runs[2].stdout) as typeof report;
    const zipMb = statSync(bundle).size / 1024 / 1024;
    const md = [
      '# Scale benchmark: live collection and diagnosis of a large cluster',
      '',
      `A simulated cluster of **${NODES} nodes, ${PODS.toLocaleString('en')} pods and ${EVENTS.toLocaleString('en')} events** (pods spread over every`,
      'node, one in 40 stuck in ContainerCreating with `FailedMount … failed to fetch token: Timeout` events), served by the',
      "local HTTPS test API server (`test/harness/kube-api-server.ts`: the real API's list shapes, 500 items per page with",
      "limit/continue, TLS client-certificate auth) and read through a generated kubeconfig. Each command runs in its own Node",
      'process; its wall time is from start of the command to its end and its peak RSS is that process\'s `maxRSS` (the API',
      'server and its objects live in the benchmark process and are not counted).',
      '',
      'Reproduce: `npx tsc -p tsconfig.json && node dist/bench/scale.js` (`--nodes`, `--pods`, `--events` to change the size).',
      '',
      '| command | wall time | peak RSS |',
      '|---|---:|---:|',
      ...runs.map((r) => `| \`kubesleuth ${r.step}\` | ${fmtS(r.ms)} | ${fmtMb(r.maxRssMb)} |`),
      '',
      `- API requests for one collection: ${requests} (nodes, pods and events paged by 500, plus the single lists).`,
      `- Bundle: ${zipMb.toFixed(1)} MB zipped.`,
      `- Diagnosis of the bundle: ${report.symptoms.length} symptom(s), ${report.rootCauses.length} root cause(s), ${report.findings.length} finding(s);` +
        ` top root cause \`${report.rootCauses[0]?.failureMode ?? 'none'}\`; the live diagnosis concluded the same (${live.rootCauses.length} root cause(s)).`,
      `- Where a diagnosis of the bundle spends its time (one more run, in its own process): reading the bundle ${fmtS(parts.intakeMs)};` +
        ` all ${parts.rules.length} rules once ${fmtS(parts.rules.reduce((n, r) => n + r[1], 0))}, the slowest ${slow.map(([id, ms]) => `\`${id}\` ${fmtS(ms)}`).join(', ')}` +
        ' (the analysis runs the rules, then reasons over their findings).',
      `- Generating the simulated cluster took ${fmtS(genMs)} (not part of any figure above).`,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}.`,
      '',
    ].join('\n');
    writeFileSync(OUT, md);
    process.stderr.write(`written ${OUT}\n`);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await run();
