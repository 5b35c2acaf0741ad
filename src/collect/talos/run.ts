// Runs talosctl (on PATH): stdin closed (talosctl support asks before overwriting a file), output
// collected, bounded by a timeout after which the process is killed. A missing executable is a
// TalosctlMissingError; anything else resolves with the exit code and both outputs.
import { spawn } from 'node:child_process';
import { TalosctlMissingError } from './errors.js';

export interface TalosRun {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface TalosctlOptions {
  talosconfig?: string;
  /** The executable; `talosctl` on PATH by default. */
  talosctl?: string;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

export function talosctlArgs(opts: TalosctlOptions, nodes: string[], args: string[]): string[] {
  return [...(opts.talosconfig ? ['--talosconfig', opts.talosconfig] : []), '--nodes', nodes.join(','), ...args];
}

/** The command line as people would type it (for the manifest; a talosconfig path is no secret). */
export function commandLine(opts: TalosctlOptions, nodes: string[], args: string[]): string {
  return ['talosctl', ...talosctlArgs(opts, nodes, args)].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

export function runTalosctl(opts: TalosctlOptions, nodes: string[], args: string[], timeoutMs: number, cwd?: string): Promise<TalosRun> {
  const bin = opts.talosctl ?? 'talosctl';
  return new Promise((resolve, reject) => {
    const child = spawn(bin, talosctlArgs(opts, nodes, args), { stdio: ['ignore', 'pipe', 'pipe'], cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    const take = (into: Buffer[]) => (c: Buffer) => {
      size += c.length;
      if (size <= MAX_OUTPUT) into.push(c);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT') reject(new TalosctlMissingError(bin));
      else reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** `error from node X: …` lines (also behind cobra's `Error: `), by node; nodes may be IPv6, so known names first. */
export function nodeErrors(stderr: string, nodes: string[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trim().replace(/^Error:\s*/, '');
    if (!line.startsWith('error from node ')) continue;
    const rest = line.slice('error from node '.length);
    const known = nodes.find((n) => rest.startsWith(`${n}: `));
    if (known) errors.set(known, rest.slice(known.length + 2));
    else {
      const m = /^(\S+?):\s+(.*)$/.exec(rest);
      if (m) errors.set(m[1], m[2]);
    }
  }
  return errors;
}

/** The `Processed with errors:` table of talosctl support: SOURCE (a node or "cluster") and ERROR. */
export function supportErrors(stderr: string): Array<{ source: string; error: string }> {
  const out: Array<{ source: string; error: string }> = [];
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'Processed with errors:');
  if (start < 0) return out;
  // eslint-disable-next-line no-control-regex
  const clean = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
  for (const raw of lines.slice(start + 1)) {
    const l = clean(raw);
    const m = /^\s*(\S+)\s{2,}(\S.*)$/.exec(l);
    if (!m || (m[1] === 'SOURCE' && m[2].trim() === 'ERROR')) continue;
    out.push({ source: m[1], error: m[2].trim() });
  }
  return out;
}

/** The last meaningful line of stderr (talosctl prints the error that ended it last). */
export function lastLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .pop() ?? ''
  );
}
