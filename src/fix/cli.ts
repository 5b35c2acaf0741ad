// `kubesleuth fix …`: argument handling, backend choice, output and exit codes. The work is in
// executor.ts; this file only wires it up. Exit: 0 plan printed / run completed, 1 refused or
// stopped, 2 usage error or nothing reachable (one line on stderr, a stack only with --debug).
import { readFileSync } from 'node:fs';
import { parseDefragArgs, USAGE, type DefragArgs } from './args.js';
import { FixError } from './errors.js';
import { EtcdBackend } from './backend/etcd.js';
import { TalosBackend } from './backend/talos.js';
import type { DefragBackend, DefragEvent } from './model.js';
import { compileRule, DEFAULT_RULE, RuleError } from './rule.js';
import { runDefrag } from './executor.js';
import { renderJson } from './render-json.js';
import { renderText } from './render-text.js';
import { SessionRecorder } from './session.js';
import { formatBytes, formatMs } from './format.js';

export interface FixIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const DEFAULT_QUOTA = 2 * 1024 ** 3;

function readTls(flag: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new FixError('usage', `${flag}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function makeBackend(a: DefragArgs): DefragBackend {
  const defragTimeoutMs = Math.max(10 * 60_000, a.timeoutMs);
  if (a.nodes.length > 0) {
    return new TalosBackend({ talosconfig: a.talosconfig, nodes: a.nodes, timeoutMs: a.timeoutMs, defragTimeoutMs });
  }
  const tls = { ca: readTls('--cacert', a.cacert), cert: readTls('--cert', a.cert), key: readTls('--key', a.key) };
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new FixError('usage', '--cert and --key go together');
  return new EtcdBackend({ endpoints: a.endpoints, tls, timeoutMs: a.timeoutMs, defragTimeoutMs });
}

/** One progress line per event, for people watching a long run. */
function progressLine(e: DefragEvent): string | undefined {
  switch (e.type) {
    case 'plan':
      return e.plan.steps.length === 0 ? undefined : `plan: ${e.plan.steps.map((s) => s.member.name + (s.isLeader ? ' (leader)' : '')).join(' → ')}`;
    case 'leader-moved':
      return `leadership moved ${e.from} → ${e.to} (raft term ${e.term})`;
    case 'defrag-start':
      return `[${e.order}] defragmenting ${e.member.name} (${e.member.endpoint}), ${formatBytes(e.member.dbSize)}…`;
    case 'defrag-done':
      return `[${e.order}] ${e.member.name}: ${formatBytes(e.before.dbSize)} → ${formatBytes(e.after.dbSize)} in ${formatMs(e.tookMs)}, caught up, leader and term unchanged`;
    case 'hashkv':
      return `HashKV at revision ${e.revision}: ${e.consistent ? 'identical' : 'DIFFERENT'} on ${Object.keys(e.hashes).length} members`;
    case 'disarmed':
      return 'NOSPACE alarm disarmed';
    case 'aborted':
      return `stopped: ${e.reason}`;
    default:
      return undefined;
  }
}

export async function runFixCommand(argv: string[], io: FixIo): Promise<number> {
  const debug = argv.includes('--debug');
  const [sub, ...rest] = argv;
  let backend: DefragBackend | undefined;
  try {
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (sub === undefined) throw new FixError('usage', 'which fix? (known: etcd-defrag)');
    if (sub !== 'etcd-defrag') throw new FixError('usage', `unknown fix '${sub}' (known: etcd-defrag)`);
    const a = parseDefragArgs(rest);
    if (a.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    let rule;
    try {
      rule = compileRule(a.rule ?? DEFAULT_RULE);
    } catch (err) {
      if (err instanceof RuleError) throw new FixError('usage', `--rule: ${err.message}`);
      throw err;
    }
    const command = ['kubesleuth fix', ...argv.filter((x) => x !== '--debug')].join(' ');
    backend = makeBackend(a);
    const session = a.session ? new SessionRecorder(a.session, command, backend.source) : undefined;
    const dbQuota = a.dbQuota ?? (await backend.quotaBytes?.()) ?? DEFAULT_QUOTA;
    const live = a.output === 'text' || a.debug;
    const report = await runDefrag(backend, {
      rule,
      dbQuota,
      yes: a.yes,
      moveLeader: a.moveLeader,
      waitMs: 3 * a.timeoutMs,
      onEvent: (e) => {
        if (live && a.yes) {
          const line = progressLine(e);
          if (line) io.stderr(`${line}\n`);
        }
        session?.onEvent(e);
      },
    });
    session?.finish(report);
    io.stdout(a.output === 'json' ? renderJson(report) : renderText(report));
    return report.aborted || report.hashKvConsistent === false ? 1 : 0;
  } catch (err) {
    if (err instanceof FixError) {
      io.stderr(`kubesleuth fix: ${err.message}\n`);
      if (debug && err.stack) io.stderr(`${err.stack}\n`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr(`kubesleuth fix: unexpected error: ${msg.split('\n')[0]}${debug ? '' : ' (--debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return 2;
  } finally {
    await backend?.close();
  }
}
