// The command line: dispatch to a command, map known errors to one line and exit code 2.
import { UserError } from '../intake/errors.js';
import { processIo, type Io } from './io.js';

const USAGE = `usage:
  kubesleuth diagnose [PATH ...] [--kubeconfig F --context C] [--talosconfig F --nodes A,B] [--etcd-endpoints URL,...] [--prometheus URL] [-o text|markdown|json|html] [--out FILE] [--session FILE] [--symptom TEXT]
  kubesleuth collect [--kubeconfig F] [--context C] [--talosconfig F --nodes A,B] [--quiet] --out BUNDLE.zip
  kubesleuth fix etcd-defrag [--etcd-endpoints URL,... | --talosconfig F --nodes A,B] [--yes] [--rule EXPR] [-o text|json]
  kubesleuth session show|check FILE
  kubesleuth session verify FILE [--paths P ...]
  kubesleuth rules [-o json]
See the README for every flag.
`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'diagnose':
        return await (await import('./diagnose.js')).runDiagnose(rest, io);
      case 'collect':
        return await (await import('./collect.js')).runCollect(rest, io);
      case 'fix':
        return await (await import('../fix/cli.js')).runFixCommand(rest, io);
      case 'session':
        return await (await import('./session.js')).runSession(rest, io);
      case 'rules':
        return await (await import('./rules.js')).runRules(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return 0;
      case undefined:
        io.stderr(USAGE);
        return 2;
      default:
        io.stderr(`kubesleuth: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (debug) io.stderr(`${(e as Error).stack ?? String(e)}\n`);
    io.stderr(`kubesleuth: ${oneLine(e)}\n`);
    return 2;
  }
}

function oneLine(e: unknown): string {
  if (e instanceof UserError) return e.message.split('\n')[0];
  const err = e as { code?: string; message?: string };
  // node:util parseArgs errors are usage errors.
  if (err.code?.startsWith('ERR_PARSE_ARGS')) return err.message?.split('\n')[0] ?? 'bad arguments';
  return `internal error: ${(err.message ?? String(e)).split('\n')[0]} (run with --debug for details)`;
}
