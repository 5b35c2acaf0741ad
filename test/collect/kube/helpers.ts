// Running the CLI in-process (as `kubesleuth …` would, with captured stdout/stderr) and reading bundles back.
import { spawn } from 'node:child_process';
import yauzl from 'yauzl';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';
import { listInput } from '../../../src/intake/files.js';
import type { Report } from '../../../src/types.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], opts: { tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), stderrIsTTY: opts.tty ?? false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export async function cliJson(args: string[]): Promise<{ run: CliRun; report: Report }> {
  const run = await cli([...args, '-o', 'json']);
  if (run.code === 2) throw new Error(`kubesleuth ${args.join(' ')} failed: ${run.stderr}`);
  return { run, report: JSON.parse(run.stdout) as Report };
}

/** The real executable, in a child process (stderr not a TTY). */
export function bin(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve('bin/kubesleuth.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every entry of a zip (or file of a folder), as text. */
export async function readBundle(p: string): Promise<Map<string, string>> {
  const input = await listInput(p);
  const out = new Map<string, string>();
  try {
    for (const f of input.files) {
      const chunks: Buffer[] = [];
      for await (const c of (await f.open()) as AsyncIterable<Buffer>) chunks.push(c);
      out.set(f.rel, Buffer.concat(chunks).toString('utf8'));
    }
  } finally {
    input.close();
  }
  return out;
}

/** What a diagnosis concluded, without where the evidence came from (to compare a live run with its bundle). */
export function conclusions(r: Report): unknown {
  return {
    symptoms: r.symptoms.map((s) => [s.failureMode, s.subject, s.summary]).sort(),
    rootCauses: r.rootCauses.map((c) => [c.failureMode, c.subject, c.summary, c.confidence, c.chain]),
    findings: r.findings.map((f) => [f.rule, f.subject, f.severity, f.message, f.count]).sort(),
    eliminated: r.eliminated.map((e) => [e.failureMode, e.subject, e.reason]).sort(),
    remediation: r.remediation.map((x) => x.id),
    etcdMembers: r.etcdMembers,
  };
}

/** One line on stderr, starting `kubesleuth: `, nothing on stdout, exit 2. */
export function isOneLineFailure(r: CliRun): boolean {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  return r.code === 2 && lines.length === 1 && lines[0].startsWith('kubesleuth: ') && !/\n\s+at /.test(r.stderr);
}

/** Entry names of a zip in the order they are stored. */
export function zipOrder(file: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: false }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => names.push(e.fileName));
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
    }),
  );
}
